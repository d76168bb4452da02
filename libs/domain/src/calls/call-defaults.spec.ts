import {
  DEFAULT_CRITERIA,
  DEFAULT_KPI_FRAMEWORK,
  DEFAULT_STAGE1_CRITERIA,
  DEFAULT_TIME_ZONE,
  withCallDefaults,
} from './call-defaults';
import type { CallConfigurationInput } from './call-defaults';
import { validateCallConfiguration } from './call-configuration.rules';

const minimal = (stages: 1 | 2): CallConfigurationInput => ({
  title: 'Joint call 2027',
  description: 'Cross-regional innovation',
  actionType: 'RD_PROJECT',
  stages,
  timeline: {
    alignmentDeadline: '2027-01-15T12:00:00+01:00',
    opensAt: '2027-02-01T09:00:00+01:00',
    stages:
      stages === 1
        ? [
            {
              submissionDeadline: '2027-04-01T17:00:00+02:00',
              eligibilityDeadline: '2027-04-15T17:00:00+02:00',
              reviewDeadline: '2027-06-01T17:00:00+02:00',
            },
          ]
        : [
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
    decisionDeadline: '2027-10-01T17:00:00+02:00',
  },
  consortium: { minPartners: 3, minRegions: 2, minDurationMonths: 12, maxDurationMonths: 36 },
});

describe('call defaults', () => {
  it('fills every default of SPEC §3', () => {
    const c = withCallDefaults(minimal(1));
    expect(c.timeZone).toBe(DEFAULT_TIME_ZONE);
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Brussels');
    expect(c.criteria).toEqual(DEFAULT_CRITERIA);
    expect(c.criteria.map((x) => [x.name, x.weight, x.threshold])).toEqual([
      ['Excellence', 1, 3],
      ['Impact', 1, 3],
      ['Quality and efficiency of implementation', 1, 3],
    ]);
    expect(c.overallThreshold).toBe(10);
    expect(c.reviewersPerProposal).toBe(3);
    expect(c.maxLoadPerEvaluator).toBe(10);
    expect(c.kpiFramework).toEqual(DEFAULT_KPI_FRAMEWORK);
    expect(c.allocationPolicy).toBe('CONTINUE_PAST_GAPS');
    expect(c.flexibilityAllowed).toBe(false);
    expect(c.referenceRates).toEqual({});
    expect(c.minConfirmedRegions).toBe(2);
    expect(c.oversubscriptionFactor).toBe(3);
    expect(c.topics).toEqual([]);
    expect(c.keywords).toEqual([]);
    expect(c.transformativeActivityCodes).toEqual([]);
    expect(c.consortium.smeRequired).toBe(false);
    expect('stage1Criteria' in c).toBe(false);
    expect('stage1OverallThreshold' in c).toBe(false);
  });

  it('gives two-stage calls the stage-1 criteria and their summed threshold', () => {
    const c = withCallDefaults(minimal(2));
    expect(c.stage1Criteria).toEqual(DEFAULT_STAGE1_CRITERIA);
    expect(c.stage1Criteria?.map((x) => [x.name, x.weight, x.threshold])).toEqual([
      ['Excellence', 1, 4],
      ['Impact', 1, 4],
    ]);
    expect(c.stage1OverallThreshold).toBe(8);
    const custom = withCallDefaults({
      ...minimal(2),
      stage1Criteria: [{ name: 'Excellence', weight: 2, threshold: 3.5 }],
    });
    expect(custom.stage1OverallThreshold).toBe(3.5);
  });

  it('keeps what the programme manager gave', () => {
    const c = withCallDefaults({
      ...minimal(1),
      timeZone: 'Europe/Zurich',
      overallThreshold: 12,
      flexibilityAllowed: true,
      referenceRates: { CHF: '1.0650' },
      consortium: { ...minimal(1).consortium, smeRequired: true },
    });
    expect(c).toMatchObject({
      timeZone: 'Europe/Zurich',
      overallThreshold: 12,
      flexibilityAllowed: true,
      referenceRates: { CHF: '1.0650' },
    });
    expect(c.consortium.smeRequired).toBe(true);
  });

  it('hands out copies, so a caller cannot change the defaults', () => {
    const c = withCallDefaults(minimal(2));
    c.criteria[0].threshold = 5;
    c.kpiFramework[0].name = 'changed';
    c.stage1Criteria?.pop();
    expect(DEFAULT_CRITERIA[0].threshold).toBe(3);
    expect(DEFAULT_KPI_FRAMEWORK[0].name).toBe('Cross-regional collaborations created');
    expect(DEFAULT_STAGE1_CRITERIA).toHaveLength(2);
  });

  it('the defaults themselves pass validation, for one and two stages', () => {
    for (const stages of [1, 2] as const) {
      expect(
        validateCallConfiguration(withCallDefaults(minimal(stages)), { knownTransformativeActivities: [] }),
      ).toEqual([]);
    }
  });

  it('ships the M1 framework with upper snake codes', () => {
    expect(DEFAULT_KPI_FRAMEWORK.map((k) => `${k.code}:${k.kind}:${k.aggregation}:${k.unit}`)).toEqual([
      'CROSS_REGIONAL_COLLABORATIONS:COUNT:SUM:collaborations',
      'SMES_INVOLVED:COUNT:SUM:SMEs',
      'NEW_PRODUCTS_SERVICES_PROCESSES:COUNT:SUM:items',
      'PRIVATE_CO_INVESTMENT:EUR:SUM:EUR',
      'JOBS_CREATED:NUMBER:SUM:FTE',
      'TRL_AT_START:NUMBER:AVERAGE:TRL',
      'TRL_AT_END:NUMBER:AVERAGE:TRL',
      'FOLLOW_UP_PROJECTS:COUNT:SUM:projects',
      'TRANSFORMATIVE_ACTIVITIES_ADDRESSED:COUNT:SUM:activities',
    ]);
  });
});
