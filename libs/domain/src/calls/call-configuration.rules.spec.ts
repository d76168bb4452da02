import fc from 'fast-check';
import type { CallConfiguration } from './call-configuration';
import { validateCallConfiguration } from './call-configuration.rules';
import { callSettingsOf, type CallSettings } from './call-settings';
import { paramsMissingFromMessage } from '../../../../test/utils/params-in-message';

const context = { knownTransformativeActivities: ['TA1', 'TA2', 'TA3'] };

const valid = (): CallConfiguration => ({
  title: 'Alpine joint call 2027',
  description: 'Cross-regional innovation in the Alpine space',
  actionType: 'RD_PROJECT',
  topics: ['Smart manufacturing'],
  keywords: ['industry 4.0'],
  transformativeActivityCodes: ['TA1', 'TA2'],
  stages: 2,
  timeZone: 'Europe/Brussels',
  timeline: {
    alignmentDeadline: '2027-01-15T12:00:00+01:00',
    opensAt: '2027-02-01T09:00:00+01:00',
    stages: [
      {
        submissionDeadline: '2027-04-01T17:00:00+02:00',
        eligibilityDeadline: '2027-04-15T17:00:00+02:00',
        reviewDeadline: '2027-05-15T17:00:00+02:00',
      },
      {
        submissionDeadline: '2027-07-01T17:00:00+02:00',
        eligibilityDeadline: '2027-07-15T17:00:00+02:00',
        reviewDeadline: '2027-09-01T17:00:00+02:00',
      },
    ],
    decisionDeadline: '2027-10-01T15:00:00Z',
  },
  consortium: {
    minPartners: 3,
    minRegions: 2,
    maxPartners: 10,
    smeRequired: true,
    minDurationMonths: 12,
    maxDurationMonths: 36,
  },
  criteria: [
    { name: 'Excellence', weight: 1, threshold: 3 },
    { name: 'Impact', weight: 1.5, threshold: 3.5 },
    { name: 'Quality and efficiency of implementation', weight: 1, threshold: 3 },
  ],
  stage1Criteria: [
    { name: 'Excellence', weight: 1, threshold: 4 },
    { name: 'Impact', weight: 1, threshold: 4 },
  ],
  overallThreshold: 10,
  stage1OverallThreshold: 8,
  reviewersPerProposal: 3,
  maxLoadPerEvaluator: 10,
  kpiFramework: [
    { code: 'SMES_INVOLVED', name: 'SMEs involved', unit: 'SMEs', kind: 'COUNT', aggregation: 'SUM' },
    { code: 'JOBS_CREATED', name: 'Jobs created', unit: 'FTE', kind: 'NUMBER', aggregation: 'SUM' },
  ],
  allocationPolicy: 'CONTINUE_PAST_GAPS',
  flexibilityAllowed: true,
  referenceRates: { CHF: '1.0650' },
  minConfirmedRegions: 2,
  oversubscriptionFactor: 3,
});

/** Changes one setting, keeping the others (a configuration without settings has the defaults). */
const setting =
  (changes: Partial<CallSettings>) =>
  (c: CallConfiguration): void =>
    void (c.settings = { ...callSettingsOf(c), ...changes });

const codesOf = (config: CallConfiguration): string[] =>
  validateCallConfiguration(config, context)
    .map((v) => `${v.field} ${v.code}`)
    .sort();

/** Independent breakages: each changes one part of the configuration and names what it must report. */
const BREAKAGES: Array<{ name: string; apply: (c: CallConfiguration) => void; expect: string[] }> = [
  { name: 'empty title', apply: (c) => void (c.title = '  '), expect: ['title TITLE_LENGTH'] },
  { name: 'long title', apply: (c) => void (c.title = 'x'.repeat(301)), expect: ['title TITLE_LENGTH'] },
  { name: 'bad zone', apply: (c) => void (c.timeZone = 'Europe/Atlantis'), expect: ['timeZone INVALID_TIME_ZONE'] },
  {
    name: 'local time without offset',
    apply: (c) => void (c.timeline.alignmentDeadline = '2027-01-15T12:00:00'),
    expect: ['timeline.alignmentDeadline INVALID_INSTANT'],
  },
  {
    name: 'review before eligibility',
    apply: (c) => void (c.timeline.stages[0].reviewDeadline = '2027-04-10T17:00:00+02:00'),
    expect: ['timeline.stages[0].reviewDeadline TIMELINE_OUT_OF_ORDER'],
  },
  {
    name: 'decision equal to the last review',
    apply: (c) => void (c.timeline.decisionDeadline = '2027-09-01T15:00:00Z'),
    expect: ['timeline.decisionDeadline TIMELINE_OUT_OF_ORDER'],
  },
  { name: 'weight 0', apply: (c) => void (c.criteria[1].weight = 0), expect: ['criteria[1].weight INVALID_WEIGHT'] },
  {
    name: 'weight 101',
    apply: (c) => void (c.criteria[2].weight = 101),
    expect: ['criteria[2].weight INVALID_WEIGHT'],
  },
  {
    name: 'threshold 3.3',
    apply: (c) => void (c.criteria[0].threshold = 3.3),
    expect: ['criteria[0].threshold INVALID_THRESHOLD'],
  },
  {
    name: 'stage-1 threshold 6',
    apply: (c) => void (c.stage1Criteria![1].threshold = 6),
    expect: ['stage1Criteria[1].threshold INVALID_THRESHOLD'],
  },
  {
    name: 'unreachable overall',
    apply: (c) => void (c.overallThreshold = 15.5),
    expect: ['overallThreshold THRESHOLD_UNREACHABLE'],
  },
  {
    name: 'negative overall',
    apply: (c) => void (c.overallThreshold = -1),
    expect: ['overallThreshold INVALID_THRESHOLD'],
  },
  {
    name: 'unreachable stage-1',
    apply: (c) => void (c.stage1OverallThreshold = 10.5),
    expect: ['stage1OverallThreshold THRESHOLD_UNREACHABLE'],
  },
  {
    name: 'unknown stage-1 criterion',
    apply: (c) => void (c.stage1Criteria![0].name = 'Originality'),
    expect: ['stage1Criteria[0].name UNKNOWN_CRITERION'],
  },
  {
    name: 'min partners 1',
    apply: (c) => void (c.consortium.minPartners = 1),
    expect: ['consortium.minPartners MIN_PARTNERS_TOO_LOW'],
  },
  {
    name: 'min regions 4',
    apply: (c) => void (c.consortium.minRegions = 4),
    expect: ['consortium.minRegions MIN_REGIONS_ABOVE_MIN_PARTNERS'],
  },
  {
    name: 'max partners 1',
    apply: (c) => void (c.consortium.maxPartners = 1),
    expect: ['consortium.maxPartners MAX_PARTNERS_BELOW_MIN'],
  },
  {
    name: 'min duration 0',
    apply: (c) => void (c.consortium.minDurationMonths = 0),
    expect: ['consortium.minDurationMonths DURATION_TOO_SHORT'],
  },
  {
    name: 'max duration 121',
    apply: (c) => void (c.consortium.maxDurationMonths = 121),
    expect: ['consortium.maxDurationMonths DURATION_TOO_LONG'],
  },
  {
    name: 'reviewers 21',
    apply: (c) => void (c.reviewersPerProposal = 21),
    expect: ['reviewersPerProposal REVIEWERS_OUT_OF_RANGE'],
  },
  {
    name: 'load 0',
    apply: (c) => void (c.maxLoadPerEvaluator = 0),
    expect: ['maxLoadPerEvaluator MAX_LOAD_OUT_OF_RANGE'],
  },
  {
    name: 'unknown activity',
    apply: (c) => void c.transformativeActivityCodes.push('TA9'),
    expect: ['transformativeActivityCodes[2] UNKNOWN_TRANSFORMATIVE_ACTIVITY'],
  },
  {
    name: 'lower-case KPI code',
    apply: (c) => void (c.kpiFramework[0].code = 'smes'),
    expect: ['kpiFramework[0].code INVALID_KPI_CODE'],
  },
  {
    name: 'duplicate KPI code',
    apply: (c) => void c.kpiFramework.push({ ...c.kpiFramework[1] }),
    expect: ['kpiFramework[2].code DUPLICATE_KPI_CODE'],
  },
  {
    name: 'zero rate',
    apply: (c) => void (c.referenceRates.GBP = '0.000'),
    expect: ['referenceRates.GBP INVALID_REFERENCE_RATE'],
  },
  {
    name: 'EUR rate',
    apply: (c) => void (c.referenceRates.EUR = '1'),
    expect: ['referenceRates.EUR EUR_RATE_NOT_ALLOWED'],
  },
  {
    name: 'bad currency',
    apply: (c) => void (c.referenceRates.chf = '1.1'),
    expect: ['referenceRates.chf INVALID_CURRENCY_CODE'],
  },
  {
    name: 'one confirmed region',
    apply: (c) => void (c.minConfirmedRegions = 1),
    expect: ['minConfirmedRegions MIN_CONFIRMED_REGIONS_TOO_LOW'],
  },
  {
    name: 'factor 0',
    apply: (c) => void (c.oversubscriptionFactor = 0),
    expect: ['oversubscriptionFactor OVERSUBSCRIPTION_OUT_OF_RANGE'],
  },
  {
    name: 'factor 21',
    apply: (c) => void (c.oversubscriptionFactor = 21),
    expect: ['oversubscriptionFactor OVERSUBSCRIPTION_OUT_OF_RANGE'],
  },
  // Per-call settings, validated with the rest.
  {
    name: 'offers valid 31 days',
    apply: setting({ offerValidityDays: 31 }),
    expect: ['settings.offerValidityDays INVALID_OFFER_VALIDITY'],
  },
  {
    name: 'reminders ascending',
    apply: setting({ reviewReminderDaysBefore: [2, 7] }),
    expect: ['settings.reviewReminderDaysBefore REMINDERS_NOT_DESCENDING'],
  },
  {
    name: 'reminder 0 days before',
    apply: setting({ reviewReminderDaysBefore: [7, 0] }),
    expect: ['settings.reviewReminderDaysBefore[1] INVALID_REMINDER_OFFSET'],
  },
  {
    name: 'grace 61 days',
    apply: setting({ milestoneGraceDays: 61 }),
    expect: ['settings.milestoneGraceDays INVALID_GRACE_PERIOD'],
  },
  {
    name: 'reports every 0 months',
    apply: setting({ reportIntervalMonths: 0 }),
    expect: ['settings.reportIntervalMonths INVALID_REPORT_INTERVAL'],
  },
  {
    name: 'split of 9 000 bps',
    apply: setting({
      instalmentPlan: [
        { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 5000 },
        { trigger: 'FINAL_REPORT', shareBps: 4000 },
      ],
    }),
    expect: ['settings.instalmentPlan SHARES_NOT_10000_BPS'],
  },
  {
    name: 'fixed start before the decision',
    apply: setting({ projectStart: { rule: 'FIXED_DATE', fixedDate: '2027-09-30' } }),
    expect: ['settings.projectStart.fixedDate PROJECT_START_BEFORE_DECISION'],
  },
];

describe('validateCallConfiguration', () => {
  it('accepts a sound two-stage call', () => {
    expect(validateCallConfiguration(valid(), context)).toEqual([]);
  });

  it.each(BREAKAGES.map((b) => [b.name, b] as const))('reports %s on its field', (_name, b) => {
    const c = valid();
    b.apply(c);
    expect(codesOf(c)).toEqual([...b.expect].sort());
    for (const v of validateCallConfiguration(c, context)) {
      expect(v.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(v.message.length).toBeGreaterThan(10);
    }
  });

  it('reports every broken rule at once, not only the first (any combination)', () => {
    // Breakages that touch the same field would mask each other (keep one per field); relational ones
    // (min regions ≤ min partners) are judged only against a valid other bound, so they stay out.
    const byField = new Map<string, (typeof BREAKAGES)[number]>();
    for (const b of BREAKAGES) if (!byField.has(b.expect[0].split(' ')[0])) byField.set(b.expect[0].split(' ')[0], b);
    const independent = [...byField.values()].filter(
      (b) =>
        ![
          'duplicate KPI code',
          'unreachable stage-1',
          'min regions 4',
          'reminder 0 days before',
          'fixed start before the decision',
        ].includes(b.name),
    );
    fc.assert(
      fc.property(fc.subarray(independent), (chosen) => {
        const c = valid();
        for (const b of chosen) b.apply(c);
        expect(codesOf(c)).toEqual(chosen.flatMap((b) => b.expect).sort());
      }),
    );
  });

  it('checks the count and order of stages', () => {
    const oneStageTwoTimelines = valid();
    oneStageTwoTimelines.stages = 1;
    delete oneStageTwoTimelines.stage1Criteria;
    delete oneStageTwoTimelines.stage1OverallThreshold;
    expect(codesOf(oneStageTwoTimelines)).toEqual(['timeline.stages STAGE_COUNT_MISMATCH']);

    const three = valid();
    (three as { stages: number }).stages = 3;
    expect(codesOf(three)).toEqual(['stages INVALID_STAGES']);

    const stage2BeforeStage1Review = valid();
    stage2BeforeStage1Review.timeline.stages[1].submissionDeadline = '2027-05-01T17:00:00+02:00';
    expect(codesOf(stage2BeforeStage1Review)).toEqual(['timeline.stages[1].submissionDeadline TIMELINE_OUT_OF_ORDER']);
  });

  it('needs stage-1 criteria for a two-stage call, and none for a one-stage call', () => {
    const c = valid();
    delete c.stage1Criteria;
    delete c.stage1OverallThreshold;
    expect(codesOf(c)).toEqual(['stage1Criteria STAGE1_CRITERIA_REQUIRED']);
  });

  it('refuses empty and duplicated criteria and KPI frameworks', () => {
    const empty = valid();
    empty.criteria = [];
    empty.kpiFramework = [];
    expect(codesOf(empty)).toEqual(
      [
        'criteria CRITERIA_REQUIRED',
        'kpiFramework KPI_FRAMEWORK_REQUIRED',
        'overallThreshold THRESHOLD_UNREACHABLE',
        'stage1Criteria[0].name UNKNOWN_CRITERION',
        'stage1Criteria[1].name UNKNOWN_CRITERION',
      ].sort(),
    );
    const dup = valid();
    dup.criteria.push({ name: 'Impact', weight: 1, threshold: 3 });
    expect(codesOf(dup)).toEqual(['criteria[3].name DUPLICATE_CRITERION']);
  });

  it('uses the injected time-zone check when given', () => {
    expect(validateCallConfiguration(valid(), { ...context, isValidTimeZone: () => false }).map((v) => v.code)).toEqual(
      ['INVALID_TIME_ZONE'],
    );
  });

  it('an in-order timeline passes; a shuffled one is reported exactly where a step goes backwards', () => {
    const base = Date.UTC(2027, 0, 1);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 8, maxLength: 8 }), (offsets) => {
        const iso = offsets.map((o) => new Date(base + o * 60_000).toISOString());
        const c = valid();
        [c.timeline.alignmentDeadline, c.timeline.opensAt] = [iso[0], iso[1]];
        c.timeline.stages = [
          { submissionDeadline: iso[2], eligibilityDeadline: iso[3], reviewDeadline: iso[4] },
          { submissionDeadline: iso[5], eligibilityDeadline: iso[6], reviewDeadline: iso[7] },
        ];
        c.timeline.decisionDeadline = new Date(base + 2_000_000 * 60_000).toISOString();
        const fields = [
          'timeline.alignmentDeadline',
          'timeline.opensAt',
          ...[0, 1].flatMap((s) =>
            ['submissionDeadline', 'eligibilityDeadline', 'reviewDeadline'].map((f) => `timeline.stages[${s}].${f}`),
          ),
        ];
        const expected = offsets.flatMap((o, i) =>
          i > 0 && o < offsets[i - 1] ? [`${fields[i]} TIMELINE_OUT_OF_ORDER`] : [],
        );
        expect(codesOf(c)).toEqual(expected.sort());
      }),
    );
  });
});

/** Codes whose messages name no value: they carry no params. */
const WITHOUT_PARAMS = new Set([
  'REMINDERS_NOT_DESCENDING',
  'CRITERIA_REQUIRED',
  'STAGE1_CRITERIA_REQUIRED',
  'CRITERION_NAME_REQUIRED',
  'KPI_FRAMEWORK_REQUIRED',
  'KPI_NAME_REQUIRED',
]);

describe('validateCallConfiguration — params', () => {
  const checkParams = (c: CallConfiguration): void => {
    for (const v of validateCallConfiguration(c, context)) {
      if (WITHOUT_PARAMS.has(v.code)) expect(v.params).toBeUndefined();
      else expect({ code: v.code, hasParams: v.params !== undefined }).toEqual({ code: v.code, hasParams: true });
      expect({ code: v.code, missing: paramsMissingFromMessage(v) }).toEqual({ code: v.code, missing: [] });
    }
  };

  it.each(BREAKAGES.map((b) => [b.name, b] as const))('%s: the params are named in the message', (_name, b) => {
    const c = valid();
    b.apply(c);
    checkParams(c);
  });

  it('any combination of breakages, and the rarer codes, keep the invariant', () => {
    fc.assert(
      fc.property(fc.subarray(BREAKAGES), (chosen) => {
        const c = valid();
        for (const b of chosen) b.apply(c);
        checkParams(c);
      }),
    );
    const odd = valid() as unknown as Record<string, unknown>;
    Object.assign(odd, { actionType: 'GRANT', allocationPolicy: 'LOTTERY', stages: 3, timeZone: 42, title: '' });
    (odd.kpiFramework as Array<Record<string, unknown>>)[0].kind = 'RATIO';
    (odd.kpiFramework as Array<Record<string, unknown>>)[0].aggregation = 'MEDIAN';
    (odd.consortium as Record<string, unknown>).maxDurationMonths = 6;
    (odd.transformativeActivityCodes as string[]).push('TA1');
    checkParams(odd as unknown as CallConfiguration);
    const codes = validateCallConfiguration(odd as unknown as CallConfiguration, context).map((v) => v.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'INVALID_ACTION_TYPE',
        'INVALID_ALLOCATION_POLICY',
        'INVALID_STAGES',
        'INVALID_KPI_KIND',
        'INVALID_KPI_AGGREGATION',
        'DURATION_RANGE_INVERTED',
        'DUPLICATE_TRANSFORMATIVE_ACTIVITY',
      ]),
    );
  });

  it('names bounds, actual values and the allowed values', () => {
    const c = valid();
    c.title = 'x'.repeat(301);
    c.overallThreshold = 15.5;
    c.consortium.minRegions = 4;
    (c as { actionType: string }).actionType = 'GRANT';
    const params = (code: string): unknown =>
      validateCallConfiguration(c, context).find((v) => v.code === code)?.params;
    expect(params('TITLE_LENGTH')).toEqual({ min: 1, max: 300, actual: 301 });
    expect(params('THRESHOLD_UNREACHABLE')).toEqual({ field: 'overallThreshold', actual: 15.5, criteria: 3, max: 15 });
    expect(params('MIN_REGIONS_ABOVE_MIN_PARTNERS')).toEqual({ actual: 4, max: 3 });
    expect(params('INVALID_ACTION_TYPE')).toEqual({ allowed: expect.arrayContaining(['RD_PROJECT']) });
  });
});
