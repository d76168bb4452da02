import type { OrganisationType } from '../identity/roles';
import type { CallSettings } from './call-settings';

/**
 * The configuration of a joint call (SPEC §3 JointCall). Instants are ISO-8601 strings with an offset
 * (UTC instants; shown in the call's legal time zone). Money is integer minor units; rates are integer
 * basis points; decimal quantities that are not money (weights, thresholds, exchange rates) are numbers
 * or decimal strings as noted.
 */
export const ACTION_TYPES = ['RD_PROJECT', 'NETWORKING', 'SKILLS', 'VOUCHER'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const ALLOCATION_POLICIES = ['CONTINUE_PAST_GAPS', 'BINDING_RANKING'] as const;
export type AllocationPolicy = (typeof ALLOCATION_POLICIES)[number];

export const KPI_KINDS = ['COUNT', 'EUR', 'PERCENT', 'YES_NO', 'NUMBER'] as const;
export type KpiKind = (typeof KPI_KINDS)[number];

export const KPI_AGGREGATIONS = ['SUM', 'AVERAGE', 'MAX', 'COUNT_TRUE'] as const;
export type KpiAggregation = (typeof KPI_AGGREGATIONS)[number];

export interface EvaluationCriterion {
  name: string;
  /** Positive; changes only the ranking total (SPEC V7). */
  weight: number;
  /** On the 0–5 scale in steps of 0.5. */
  threshold: number;
}

export interface StageTimeline {
  submissionDeadline: string;
  eligibilityDeadline: string;
  reviewDeadline: string;
}

export interface CallTimeline {
  alignmentDeadline: string;
  opensAt: string;
  /** One entry per stage (1 or 2), in order. */
  stages: StageTimeline[];
  decisionDeadline: string;
}

export interface ConsortiumRules {
  minPartners: number;
  minRegions: number;
  maxPartners?: number;
  /** At least one funded SME partner. */
  smeRequired: boolean;
  minDurationMonths: number;
  maxDurationMonths: number;
}

export interface KpiIndicator {
  code: string;
  name: string;
  unit: string;
  kind: KpiKind;
  aggregation: KpiAggregation;
}

export interface CallConfiguration {
  title: string;
  description: string;
  actionType: ActionType;
  topics: string[];
  keywords: string[];
  transformativeActivityCodes: string[];
  stages: 1 | 2;
  /** IANA time zone of the legal deadlines (default Europe/Brussels). */
  timeZone: string;
  timeline: CallTimeline;
  consortium: ConsortiumRules;
  criteria: EvaluationCriterion[];
  /** Names of the criteria scored in stage 1 of a two-stage call, with their stage-1 thresholds. */
  stage1Criteria?: EvaluationCriterion[];
  /** Unweighted sum threshold (default 10). */
  overallThreshold: number;
  /** Stage-1 unweighted sum threshold (default: the sum of the stage-1 criteria thresholds). */
  stage1OverallThreshold?: number;
  reviewersPerProposal: number;
  maxLoadPerEvaluator: number;
  /** V2: also refuse evaluators from a region of any partner (absent = false). */
  excludePartnerRegionEvaluators?: boolean;
  kpiFramework: KpiIndicator[];
  allocationPolicy: AllocationPolicy;
  flexibilityAllowed: boolean;
  /** EUR per one unit of each non-EUR currency, as a decimal string (e.g. `{ "CHF": "1.0650" }`). */
  referenceRates: Record<string, string>;
  /** Confirmed regions needed to open (default 2). */
  minConfirmedRegions: number;
  /** Stage-2 invitations stop at this factor × committed budget (default 3). */
  oversubscriptionFactor: number;
  /**
   * Offer validity, review reminders, milestone grace, report interval, instalment split and project start
   * (`withCallDefaults` fills SPEC's values; read it through `callSettingsOf`, which also fills them for a
   * configuration stored without it).
   */
  settings?: CallSettings;
}

/** What an agency commits to a call, in its own currency (SPEC §3 FundCommitment, A1). */
export interface RegionalRules {
  eligibleOrganisationTypes: OrganisationType[];
  /** Maximum funding rate per organisation type, basis points of eligible costs (0–10 000). */
  maxFundingRateBps: Partial<Record<OrganisationType, number>>;
  /** Minor units; absent = no limit. */
  maxGrantPerPartner?: number;
  /** Minor units; absent = no limit. */
  maxPerProject?: number;
  regionalAnnex?: { required: boolean; dueDaysAfterDeadline: number; fields: string[]; documents: string[] };
  extraReportFields: string[];
}

export interface CommitmentTerms {
  currency: string;
  /** Minor units, ≥ 0. */
  amount: number;
  /** Minor units, ≥ 0; only usable when the call allows flexibility. */
  flexibility: number;
  rules: RegionalRules;
}
