import type { ProblemParams, Violation } from '../domain-error';
import { ACTION_TYPES, ALLOCATION_POLICIES, KPI_AGGREGATIONS, KPI_KINDS } from './call-configuration';
import type { CallConfiguration, EvaluationCriterion } from './call-configuration';
import { parseIsoInstant } from './iso-instant';
import { callSettingsOf, validateCallSettings } from './call-settings';

export interface CallConfigurationContext {
  knownTransformativeActivities: string[];
  /** Defaults to asking `Intl.DateTimeFormat` whether it knows the zone. */
  isValidTimeZone?: (tz: string) => boolean;
}

export const MAX_SCORE = 5;
export const MAX_CRITERION_WEIGHT = 100;
export const MAX_TITLE_LENGTH = 300;
export const MAX_PROJECT_DURATION_MONTHS = 120;
export const MAX_REVIEWERS_PER_PROPOSAL = 20;
export const MAX_LOAD_PER_EVALUATOR = 1000;
export const MAX_OVERSUBSCRIPTION_FACTOR = 20;
export const KPI_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;
export const CURRENCY_CODE_PATTERN = /^[A-Z]{3}$/;
/** A positive decimal with at most 8 decimals (the precision of `toEurReference`). */
export const REFERENCE_RATE_PATTERN = /^\d+(\.\d{1,8})?$/;

export function isKnownTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.length === 0) return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const isNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const isInt = (n: unknown): n is number => Number.isSafeInteger(n);
const isIntIn = (n: unknown, min: number, max: number): boolean => isInt(n) && n >= min && n <= max;
const isHalfStep = (n: number): boolean => Number.isInteger(n * 2);
const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim().length === 0;

/**
 * Validates a whole call configuration (SPEC §3 JointCall) and returns every broken rule at once,
 * each with a field path (`timeline.stages[0].reviewDeadline`, `criteria[1].weight`) and a stable code:
 *
 * TITLE_LENGTH, INVALID_ACTION_TYPE, INVALID_ALLOCATION_POLICY, INVALID_STAGES, STAGE_COUNT_MISMATCH,
 * INVALID_TIME_ZONE, INVALID_INSTANT, TIMELINE_OUT_OF_ORDER, CRITERIA_REQUIRED, CRITERION_NAME_REQUIRED,
 * DUPLICATE_CRITERION, INVALID_WEIGHT, INVALID_THRESHOLD, THRESHOLD_UNREACHABLE,
 * STAGE1_CRITERIA_REQUIRED, UNKNOWN_CRITERION, MIN_PARTNERS_TOO_LOW, MIN_REGIONS_TOO_LOW,
 * MIN_REGIONS_ABOVE_MIN_PARTNERS, MAX_PARTNERS_BELOW_MIN, DURATION_TOO_SHORT, DURATION_RANGE_INVERTED,
 * DURATION_TOO_LONG, REVIEWERS_OUT_OF_RANGE, MAX_LOAD_OUT_OF_RANGE, UNKNOWN_TRANSFORMATIVE_ACTIVITY,
 * DUPLICATE_TRANSFORMATIVE_ACTIVITY, KPI_FRAMEWORK_REQUIRED, INVALID_KPI_CODE, DUPLICATE_KPI_CODE,
 * KPI_NAME_REQUIRED, INVALID_KPI_KIND, INVALID_KPI_AGGREGATION, INVALID_CURRENCY_CODE,
 * EUR_RATE_NOT_ALLOWED, INVALID_REFERENCE_RATE, MIN_CONFIRMED_REGIONS_TOO_LOW,
 * OVERSUBSCRIPTION_OUT_OF_RANGE, and the settings' codes (`validateCallSettings`, fields under `settings.`).
 */
export function validateCallConfiguration(config: CallConfiguration, context: CallConfigurationContext): Violation[] {
  const violations: Violation[] = [];
  const add: Add = (field, code, message, params) => {
    violations.push(params ? { field, code, message, params } : { field, code, message });
  };

  // Identity of the call.
  const titleLength = typeof config.title === 'string' ? [...config.title].length : 0;
  if (isBlank(config.title) || titleLength > MAX_TITLE_LENGTH) {
    add('title', 'TITLE_LENGTH', `The title needs 1 to ${MAX_TITLE_LENGTH} characters (it has ${titleLength}).`, {
      min: 1,
      max: MAX_TITLE_LENGTH,
      actual: titleLength,
    });
  }
  if (!(ACTION_TYPES as readonly string[]).includes(config.actionType)) {
    add('actionType', 'INVALID_ACTION_TYPE', `The action type must be one of ${ACTION_TYPES.join(', ')}.`, {
      allowed: [...ACTION_TYPES],
    });
  }
  if (!(ALLOCATION_POLICIES as readonly string[]).includes(config.allocationPolicy)) {
    add(
      'allocationPolicy',
      'INVALID_ALLOCATION_POLICY',
      `The allocation policy must be one of ${ALLOCATION_POLICIES.join(', ')}.`,
      {
        allowed: [...ALLOCATION_POLICIES],
      },
    );
  }

  // Stages, time zone and timeline.
  const stagesValid = config.stages === 1 || config.stages === 2;
  if (!stagesValid) add('stages', 'INVALID_STAGES', 'A call has 1 or 2 stages.', { allowed: ['1', '2'] });
  const timelineStages = Array.isArray(config.timeline?.stages) ? config.timeline.stages : [];
  if (stagesValid && timelineStages.length !== config.stages) {
    add(
      'timeline.stages',
      'STAGE_COUNT_MISMATCH',
      `A ${config.stages}-stage call needs ${config.stages} stage timeline` +
        `${config.stages === 1 ? '' : 's'} (there are ${timelineStages.length}).`,
      { expected: config.stages, actual: timelineStages.length },
    );
  }
  const isValidTimeZone = context.isValidTimeZone ?? isKnownTimeZone;
  if (typeof config.timeZone !== 'string' || !isValidTimeZone(config.timeZone)) {
    add('timeZone', 'INVALID_TIME_ZONE', `'${String(config.timeZone)}' is not a known IANA time zone.`, {
      actual: String(config.timeZone),
    });
  }
  validateTimeline(config, timelineStages, add);

  // Evaluation criteria.
  const criteria = Array.isArray(config.criteria) ? config.criteria : [];
  if (criteria.length === 0) add('criteria', 'CRITERIA_REQUIRED', 'The call needs at least one evaluation criterion.');
  validateCriteria('criteria', criteria, add);
  validateOverallThreshold('overallThreshold', config.overallThreshold, criteria.length, add);

  const stage1 = Array.isArray(config.stage1Criteria) ? config.stage1Criteria : undefined;
  if (config.stages === 2 && (!stage1 || stage1.length === 0)) {
    add('stage1Criteria', 'STAGE1_CRITERIA_REQUIRED', 'A two-stage call needs at least one stage-1 criterion.');
  }
  if (stage1) {
    validateCriteria('stage1Criteria', stage1, add);
    const names = new Set(criteria.map((c) => c.name));
    stage1.forEach((c, i) => {
      if (!isBlank(c.name) && !names.has(c.name)) {
        add(
          `stage1Criteria[${i}].name`,
          'UNKNOWN_CRITERION',
          `The stage-1 criterion '${c.name}' is not one of the call's criteria.`,
          {
            criterion: c.name,
          },
        );
      }
    });
  }
  if (config.stage1OverallThreshold !== undefined) {
    validateOverallThreshold('stage1OverallThreshold', config.stage1OverallThreshold, stage1?.length ?? 0, add);
  }

  // Consortium rules (SPEC §5 E1, E4). Relations are checked only against a valid other bound, so one
  // bad number is reported once.
  const c = config.consortium;
  const minPartnersOk = isInt(c?.minPartners) && c.minPartners >= 2;
  if (!minPartnersOk) {
    add(
      'consortium.minPartners',
      'MIN_PARTNERS_TOO_LOW',
      'A consortium needs at least 2 partners: minPartners must be a whole number ≥ 2.',
      { min: 2 },
    );
  }
  if (!isInt(c?.minRegions) || c.minRegions < 2) {
    add(
      'consortium.minRegions',
      'MIN_REGIONS_TOO_LOW',
      'A joint call needs partners from at least 2 regions: minRegions must be a whole number ≥ 2.',
      {
        min: 2,
      },
    );
  } else if (minPartnersOk && c.minRegions > c.minPartners) {
    add(
      'consortium.minRegions',
      'MIN_REGIONS_ABOVE_MIN_PARTNERS',
      `minRegions (${c.minRegions}) cannot exceed minPartners (${c.minPartners}).`,
      {
        actual: c.minRegions,
        max: c.minPartners,
      },
    );
  }
  if (c?.maxPartners !== undefined && (!isInt(c.maxPartners) || c.maxPartners < (minPartnersOk ? c.minPartners : 2))) {
    add(
      'consortium.maxPartners',
      'MAX_PARTNERS_BELOW_MIN',
      `maxPartners must be a whole number ≥ minPartners (${String(c.minPartners)}).`,
      {
        ...(isInt(c.minPartners) ? { min: c.minPartners } : {}),
      },
    );
  }
  const minDurationOk = isInt(c?.minDurationMonths) && c.minDurationMonths >= 1;
  if (!minDurationOk) {
    add(
      'consortium.minDurationMonths',
      'DURATION_TOO_SHORT',
      'minDurationMonths must be a whole number of at least 1 month.',
      { min: 1 },
    );
  }
  if (!isInt(c?.maxDurationMonths) || c.maxDurationMonths > MAX_PROJECT_DURATION_MONTHS) {
    add(
      'consortium.maxDurationMonths',
      'DURATION_TOO_LONG',
      `maxDurationMonths must be a whole number of at most ${MAX_PROJECT_DURATION_MONTHS} months.`,
      {
        max: MAX_PROJECT_DURATION_MONTHS,
      },
    );
  } else if (c.maxDurationMonths < (minDurationOk ? c.minDurationMonths : 1)) {
    add(
      'consortium.maxDurationMonths',
      'DURATION_RANGE_INVERTED',
      `maxDurationMonths (${c.maxDurationMonths}) cannot be below minDurationMonths (${String(c.minDurationMonths)}).`,
      { actual: c.maxDurationMonths, ...(minDurationOk ? { min: c.minDurationMonths } : {}) },
    );
  }

  // Evaluation logistics.
  if (!isIntIn(config.reviewersPerProposal, 1, MAX_REVIEWERS_PER_PROPOSAL)) {
    add(
      'reviewersPerProposal',
      'REVIEWERS_OUT_OF_RANGE',
      `reviewersPerProposal must be a whole number from 1 to ${MAX_REVIEWERS_PER_PROPOSAL}.`,
      {
        min: 1,
        max: MAX_REVIEWERS_PER_PROPOSAL,
      },
    );
  }
  if (!isIntIn(config.maxLoadPerEvaluator, 1, MAX_LOAD_PER_EVALUATOR)) {
    add(
      'maxLoadPerEvaluator',
      'MAX_LOAD_OUT_OF_RANGE',
      `maxLoadPerEvaluator must be a whole number from 1 to ${MAX_LOAD_PER_EVALUATOR}.`,
      {
        min: 1,
        max: MAX_LOAD_PER_EVALUATOR,
      },
    );
  }

  // Transformative activities.
  const known = new Set(context.knownTransformativeActivities);
  const seenActivities = new Set<string>();
  (config.transformativeActivityCodes ?? []).forEach((code, i) => {
    const field = `transformativeActivityCodes[${i}]`;
    if (!known.has(code))
      add(field, 'UNKNOWN_TRANSFORMATIVE_ACTIVITY', `'${code}' is not a known transformative activity.`, {
        activityCode: String(code),
      });
    else if (seenActivities.has(code)) {
      add(field, 'DUPLICATE_TRANSFORMATIVE_ACTIVITY', `The transformative activity '${code}' is listed twice.`, {
        activityCode: code,
      });
    }
    seenActivities.add(code);
  });

  // KPI framework (SPEC §5 M1).
  const kpis = Array.isArray(config.kpiFramework) ? config.kpiFramework : [];
  if (kpis.length === 0)
    add('kpiFramework', 'KPI_FRAMEWORK_REQUIRED', 'The call needs a KPI framework with at least one indicator.');
  const seenKpis = new Set<string>();
  kpis.forEach((k, i) => {
    const at = `kpiFramework[${i}]`;
    if (typeof k.code !== 'string' || !KPI_CODE_PATTERN.test(k.code)) {
      add(
        `${at}.code`,
        'INVALID_KPI_CODE',
        `The KPI code '${String(k.code)}' must be UPPER_SNAKE_CASE, 2 to 64 characters, starting with a letter.`,
        {
          kpiCode: String(k.code),
          min: 2,
          max: 64,
        },
      );
    } else if (seenKpis.has(k.code)) {
      add(`${at}.code`, 'DUPLICATE_KPI_CODE', `The KPI code '${k.code}' is used twice.`, { kpiCode: k.code });
    }
    seenKpis.add(k.code);
    if (isBlank(k.name)) add(`${at}.name`, 'KPI_NAME_REQUIRED', 'Every KPI needs a name.');
    if (!(KPI_KINDS as readonly string[]).includes(k.kind))
      add(`${at}.kind`, 'INVALID_KPI_KIND', `The KPI kind must be one of ${KPI_KINDS.join(', ')}.`, {
        allowed: [...KPI_KINDS],
      });
    if (!(KPI_AGGREGATIONS as readonly string[]).includes(k.aggregation)) {
      add(
        `${at}.aggregation`,
        'INVALID_KPI_AGGREGATION',
        `The KPI aggregation must be one of ${KPI_AGGREGATIONS.join(', ')}.`,
        {
          allowed: [...KPI_AGGREGATIONS],
        },
      );
    }
  });

  // Money.
  for (const [currency, rate] of Object.entries(config.referenceRates ?? {})) {
    const field = `referenceRates.${currency}`;
    if (!CURRENCY_CODE_PATTERN.test(currency)) {
      add(field, 'INVALID_CURRENCY_CODE', `'${currency}' is not an ISO 4217 currency code (three capital letters).`, {
        currency,
      });
    } else if (currency === 'EUR') {
      add(field, 'EUR_RATE_NOT_ALLOWED', 'EUR is the reference currency: it takes no reference rate.', { currency });
    }
    if (typeof rate !== 'string' || !REFERENCE_RATE_PATTERN.test(rate) || !/[1-9]/.test(rate)) {
      add(
        field,
        'INVALID_REFERENCE_RATE',
        `The reference rate for ${currency} must be a positive decimal string with at most 8 decimals (e.g. "1.0650").`,
        {
          currency,
          maxDecimals: 8,
        },
      );
    }
  }
  if (!isInt(config.minConfirmedRegions) || config.minConfirmedRegions < 2) {
    add(
      'minConfirmedRegions',
      'MIN_CONFIRMED_REGIONS_TOO_LOW',
      'A joint call needs at least 2 confirmed regions: minConfirmedRegions must be a whole number ≥ 2.',
      {
        min: 2,
      },
    );
  }
  if (
    !isNumber(config.oversubscriptionFactor) ||
    config.oversubscriptionFactor <= 0 ||
    config.oversubscriptionFactor > MAX_OVERSUBSCRIPTION_FACTOR
  ) {
    add(
      'oversubscriptionFactor',
      'OVERSUBSCRIPTION_OUT_OF_RANGE',
      `oversubscriptionFactor must be above 0 and at most ${MAX_OVERSUBSCRIPTION_FACTOR}.`,
      {
        max: MAX_OVERSUBSCRIPTION_FACTOR,
      },
    );
  }

  // Per-call settings (SPEC V5, M3, M6, F4); a configuration without them has SPEC's defaults.
  const given = config.settings;
  const settings = callSettingsOf({ settings: given !== null && typeof given === 'object' ? given : undefined });
  violations.push(
    ...validateCallSettings(settings, {
      decisionDeadline: config.timeline?.decisionDeadline,
      timeZone: typeof config.timeZone === 'string' && isValidTimeZone(config.timeZone) ? config.timeZone : undefined,
    }),
  );

  return violations;
}

type Add = (field: string, code: string, message: string, params?: ProblemParams) => void;

/**
 * Every instant must parse, and the timeline must be strictly increasing:
 * alignment < opens < (submission < eligibility < review) per stage < decision. Each pair out of order
 * is reported on its later field; an unparsable instant is skipped (compared neither way).
 */
function validateTimeline(config: CallConfiguration, stages: CallConfiguration['timeline']['stages'], add: Add): void {
  const t = config.timeline;
  const points: Array<{ field: string; value: unknown }> = [
    { field: 'timeline.alignmentDeadline', value: t?.alignmentDeadline },
    { field: 'timeline.opensAt', value: t?.opensAt },
  ];
  stages.forEach((s, i) => {
    points.push(
      { field: `timeline.stages[${i}].submissionDeadline`, value: s?.submissionDeadline },
      { field: `timeline.stages[${i}].eligibilityDeadline`, value: s?.eligibilityDeadline },
      { field: `timeline.stages[${i}].reviewDeadline`, value: s?.reviewDeadline },
    );
  });
  points.push({ field: 'timeline.decisionDeadline', value: t?.decisionDeadline });

  let previous: { field: string; at: number } | undefined;
  for (const p of points) {
    const at = typeof p.value === 'string' ? parseIsoInstant(p.value) : undefined;
    if (at === undefined) {
      add(
        p.field,
        'INVALID_INSTANT',
        `${p.field} must be an ISO-8601 date-time with an offset, e.g. 2027-03-01T12:00:00+01:00.`,
        { field: p.field },
      );
      continue;
    }
    if (previous && at <= previous.at) {
      add(p.field, 'TIMELINE_OUT_OF_ORDER', `${p.field} must come after ${previous.field}.`, {
        field: p.field,
        after: previous.field,
      });
    }
    previous = { field: p.field, at };
  }
}

function validateCriteria(path: string, criteria: EvaluationCriterion[], add: Add): void {
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    const at = `${path}[${i}]`;
    if (isBlank(c?.name)) add(`${at}.name`, 'CRITERION_NAME_REQUIRED', 'Every criterion needs a name.');
    else if (seen.has(c.name))
      add(`${at}.name`, 'DUPLICATE_CRITERION', `The criterion '${c.name}' is listed twice.`, { criterion: c.name });
    else seen.add(c.name);
    if (!isNumber(c?.weight) || c.weight <= 0 || c.weight > MAX_CRITERION_WEIGHT) {
      add(
        `${at}.weight`,
        'INVALID_WEIGHT',
        `A criterion's weight must be above 0 and at most ${MAX_CRITERION_WEIGHT}.`,
        { max: MAX_CRITERION_WEIGHT },
      );
    }
    if (!isNumber(c?.threshold) || c.threshold < 0 || c.threshold > MAX_SCORE || !isHalfStep(c.threshold)) {
      add(
        `${at}.threshold`,
        'INVALID_THRESHOLD',
        `A criterion's threshold is on the 0–${MAX_SCORE} scale in steps of 0.5.`,
        { min: 0, max: MAX_SCORE, step: 0.5 },
      );
    }
  });
}

/** An overall threshold is an unweighted sum of scores: from 0 up to 5 × the number of criteria. */
function validateOverallThreshold(field: string, threshold: unknown, criteriaCount: number, add: Add): void {
  if (!isNumber(threshold) || threshold < 0) {
    add(field, 'INVALID_THRESHOLD', `${field} must be a number ≥ 0.`, { field, min: 0 });
  } else if (threshold > MAX_SCORE * criteriaCount) {
    add(
      field,
      'THRESHOLD_UNREACHABLE',
      `${field} (${threshold}) is unreachable: ${criteriaCount} criteria ` +
        `score at most ${MAX_SCORE * criteriaCount} together.`,
      { field, actual: threshold, criteria: criteriaCount, max: MAX_SCORE * criteriaCount },
    );
  }
}
