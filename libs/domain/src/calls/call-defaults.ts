import type { CallConfiguration, ConsortiumRules, EvaluationCriterion, KpiIndicator } from './call-configuration';
import { callSettingsOf, type CallSettings } from './call-settings';

/** SPEC §3: Excellence, Impact, Quality and efficiency of implementation; weight 1, threshold 3. */
export const DEFAULT_CRITERIA: EvaluationCriterion[] = [
  { name: 'Excellence', weight: 1, threshold: 3 },
  { name: 'Impact', weight: 1, threshold: 3 },
  { name: 'Quality and efficiency of implementation', weight: 1, threshold: 3 },
];

/** Stage 1 of a two-stage call scores the pre-proposal on Excellence and Impact, threshold 4. */
export const DEFAULT_STAGE1_CRITERIA: EvaluationCriterion[] = [
  { name: 'Excellence', weight: 1, threshold: 4 },
  { name: 'Impact', weight: 1, threshold: 4 },
];

/** SPEC §5 M1: the KPI framework a call gets unless it defines its own. */
export const DEFAULT_KPI_FRAMEWORK: KpiIndicator[] = [
  {
    code: 'CROSS_REGIONAL_COLLABORATIONS',
    name: 'Cross-regional collaborations created',
    unit: 'collaborations',
    kind: 'COUNT',
    aggregation: 'SUM',
  },
  { code: 'SMES_INVOLVED', name: 'SMEs involved', unit: 'SMEs', kind: 'COUNT', aggregation: 'SUM' },
  {
    code: 'NEW_PRODUCTS_SERVICES_PROCESSES',
    name: 'New products, services or processes',
    unit: 'items',
    kind: 'COUNT',
    aggregation: 'SUM',
  },
  { code: 'PRIVATE_CO_INVESTMENT', name: 'Private co-investment', unit: 'EUR', kind: 'EUR', aggregation: 'SUM' },
  { code: 'JOBS_CREATED', name: 'Jobs created', unit: 'FTE', kind: 'NUMBER', aggregation: 'SUM' },
  {
    code: 'TRL_AT_START',
    name: 'Technology readiness level at start',
    unit: 'TRL',
    kind: 'NUMBER',
    aggregation: 'AVERAGE',
  },
  {
    code: 'TRL_AT_END',
    name: 'Technology readiness level at end',
    unit: 'TRL',
    kind: 'NUMBER',
    aggregation: 'AVERAGE',
  },
  { code: 'FOLLOW_UP_PROJECTS', name: 'Follow-up projects', unit: 'projects', kind: 'COUNT', aggregation: 'SUM' },
  {
    code: 'TRANSFORMATIVE_ACTIVITIES_ADDRESSED',
    name: 'Transformative activities addressed',
    unit: 'activities',
    kind: 'COUNT',
    aggregation: 'SUM',
  },
];

export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

type DefaultedKeys =
  | 'timeZone'
  | 'criteria'
  | 'stage1Criteria'
  | 'overallThreshold'
  | 'stage1OverallThreshold'
  | 'reviewersPerProposal'
  | 'maxLoadPerEvaluator'
  | 'kpiFramework'
  | 'allocationPolicy'
  | 'flexibilityAllowed'
  | 'referenceRates'
  | 'minConfirmedRegions'
  | 'oversubscriptionFactor'
  | 'topics'
  | 'keywords'
  | 'transformativeActivityCodes';

/** What a programme manager must give; everything else has a default (see `withCallDefaults`). */
export type CallConfigurationInput = Omit<CallConfiguration, DefaultedKeys | 'consortium' | 'settings'> &
  Partial<Pick<CallConfiguration, DefaultedKeys>> & {
    consortium: Omit<ConsortiumRules, 'smeRequired'> & { smeRequired?: boolean };
    /** Each setting left out takes SPEC's default. */
    settings?: Partial<CallSettings>;
  };

const copyCriteria = (criteria: EvaluationCriterion[]): EvaluationCriterion[] => criteria.map((c) => ({ ...c }));

/**
 * Fills the defaults of SPEC §3. Pure: returns a new object (default arrays are copied, so callers
 * may mutate the result). Stage-1 criteria default only for two-stage calls; the stage-1 overall
 * threshold defaults to the sum of the stage-1 criteria thresholds whenever stage-1 criteria exist.
 * Nothing is validated here: run `validateCallConfiguration` on the result.
 */
export function withCallDefaults(input: CallConfigurationInput): CallConfiguration {
  const stage1Criteria =
    input.stage1Criteria ?? (input.stages === 2 ? copyCriteria(DEFAULT_STAGE1_CRITERIA) : undefined);
  const stage1OverallThreshold =
    input.stage1OverallThreshold ??
    (stage1Criteria ? stage1Criteria.reduce((sum, c) => sum + c.threshold, 0) : undefined);
  const config: CallConfiguration = {
    ...input,
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    topics: input.topics ?? [],
    keywords: input.keywords ?? [],
    transformativeActivityCodes: input.transformativeActivityCodes ?? [],
    consortium: { ...input.consortium, smeRequired: input.consortium.smeRequired ?? false },
    criteria: input.criteria ?? copyCriteria(DEFAULT_CRITERIA),
    overallThreshold: input.overallThreshold ?? 10,
    reviewersPerProposal: input.reviewersPerProposal ?? 3,
    maxLoadPerEvaluator: input.maxLoadPerEvaluator ?? 10,
    kpiFramework: input.kpiFramework ?? DEFAULT_KPI_FRAMEWORK.map((k) => ({ ...k })),
    allocationPolicy: input.allocationPolicy ?? 'CONTINUE_PAST_GAPS',
    flexibilityAllowed: input.flexibilityAllowed ?? false,
    referenceRates: input.referenceRates ?? {},
    minConfirmedRegions: input.minConfirmedRegions ?? 2,
    oversubscriptionFactor: input.oversubscriptionFactor ?? 3,
    settings: callSettingsOf(input),
  };
  if (stage1Criteria) config.stage1Criteria = stage1Criteria;
  else delete config.stage1Criteria;
  if (stage1OverallThreshold !== undefined) config.stage1OverallThreshold = stage1OverallThreshold;
  else delete config.stage1OverallThreshold;
  return config;
}
