import fc from 'fast-check';
import { DEFAULT_KPI_FRAMEWORK } from '../calls/call-defaults';
import { aggregateKpi, kpiTargetsVsActuals, projectActuals, validateKpiValues } from './kpi';
import type { KpiProject, KpiReport } from './kpi';

const framework = DEFAULT_KPI_FRAMEWORK;

describe('KPIs (M1, M2, M5)', () => {
  it('validates reported values by kind, listing every problem with its field path', () => {
    expect(
      validateKpiValues(framework, { SMES_INVOLVED: 3, PRIVATE_CO_INVESTMENT: 1_000_000, TRL_AT_END: 6.5 }),
    ).toEqual([]);
    expect(
      validateKpiValues(
        framework,
        {
          SMES_INVOLVED: 2.5,
          FOLLOW_UP_PROJECTS: -1,
          MOON_LANDINGS: 1,
          PRIVATE_CO_INVESTMENT: 10.5,
          TRL_AT_START: Number.NaN,
        },
        'report.kpiValues',
      ),
    ).toEqual([
      expect.objectContaining({ field: 'report.kpiValues.FOLLOW_UP_PROJECTS', code: 'NEGATIVE_KPI_VALUE' }),
      expect.objectContaining({ field: 'report.kpiValues.MOON_LANDINGS', code: 'UNKNOWN_KPI' }),
      expect.objectContaining({ field: 'report.kpiValues.PRIVATE_CO_INVESTMENT', code: 'KPI_NOT_MINOR_UNITS' }),
      expect.objectContaining({ field: 'report.kpiValues.SMES_INVOLVED', code: 'KPI_NOT_A_COUNT' }),
      expect.objectContaining({ field: 'report.kpiValues.TRL_AT_START', code: 'INVALID_KPI_VALUE' }),
    ]);
    const custom = [
      { code: 'P', name: 'share', unit: '%', kind: 'PERCENT' as const, aggregation: 'AVERAGE' as const },
      { code: 'Y', name: 'patent', unit: '', kind: 'YES_NO' as const, aggregation: 'COUNT_TRUE' as const },
    ];
    expect(validateKpiValues(custom, { P: 10_001, Y: 2 }).map((v) => v.code)).toEqual([
      'KPI_NOT_BASIS_POINTS',
      'KPI_NOT_YES_NO',
    ]);
  });

  it('actuals come from the latest ACCEPTED report only (values are to date, not summed)', () => {
    const reports: KpiReport[] = [
      {
        projectId: 'p1',
        reportId: 'r2',
        state: 'ACCEPTED',
        acceptedAt: '2028-09-10T00:00:00Z',
        kpiValues: { SMES_INVOLVED: 5 },
      },
      {
        projectId: 'p1',
        reportId: 'r1',
        state: 'ACCEPTED',
        acceptedAt: '2028-03-10T00:00:00Z',
        kpiValues: { SMES_INVOLVED: 3, TRL_AT_START: 4 },
      },
      { projectId: 'p1', reportId: 'r3', state: 'SUBMITTED', kpiValues: { SMES_INVOLVED: 50 } },
      {
        projectId: 'p1',
        reportId: 'r4',
        state: 'CHANGES_REQUESTED',
        acceptedAt: '2029-01-01T00:00:00Z',
        kpiValues: { SMES_INVOLVED: 40 },
      },
    ];
    expect(projectActuals(reports).get('p1')).toEqual({ SMES_INVOLVED: 5, TRL_AT_START: 4 });
  });

  it('targets against actuals per region and per transformative activity', () => {
    const projects: KpiProject[] = [
      {
        projectId: 'p1',
        regionCodes: ['ITC4', 'AT31'],
        transformativeActivityCodes: ['TA1'],
        kpiTargets: { SMES_INVOLVED: 4, TRL_AT_END: 6 },
      },
      {
        projectId: 'p2',
        regionCodes: ['ITC4'],
        transformativeActivityCodes: ['TA1', 'TA2'],
        kpiTargets: { SMES_INVOLVED: 2, TRL_AT_END: 8 },
      },
    ];
    const reports: KpiReport[] = [
      {
        projectId: 'p1',
        reportId: 'a',
        state: 'ACCEPTED',
        acceptedAt: '2028-03-01T00:00:00Z',
        kpiValues: { SMES_INVOLVED: 5, TRL_AT_END: 5 },
      },
      {
        projectId: 'p2',
        reportId: 'b',
        state: 'ACCEPTED',
        acceptedAt: '2028-03-01T00:00:00Z',
        kpiValues: { SMES_INVOLVED: 1, TRL_AT_END: 8 },
      },
    ];
    const rows = kpiTargetsVsActuals(framework, projects, reports, 'REGION');
    const pick = (group: string, code: string) => rows.find((r) => r.group === group && r.code === code);
    expect(pick('ITC4', 'SMES_INVOLVED')).toMatchObject({
      aggregation: 'SUM',
      target: { value: 6, projects: 2 },
      actual: { value: 6, projects: 2 },
    });
    expect(pick('ITC4', 'TRL_AT_END')).toMatchObject({
      aggregation: 'AVERAGE',
      target: { value: 7, projects: 2 },
      actual: { value: 6.5, projects: 2 },
    });
    expect(pick('AT31', 'SMES_INVOLVED')).toMatchObject({ target: { value: 4 }, actual: { value: 5 } });
    expect(pick('AT31', 'FOLLOW_UP_PROJECTS')).toMatchObject({
      target: { value: null, projects: 0 },
      actual: { value: null, projects: 0 },
    });
    expect([...new Set(rows.map((r) => r.group))]).toEqual(['AT31', 'ITC4']);
    const byTa = kpiTargetsVsActuals(framework, projects, reports, 'TRANSFORMATIVE_ACTIVITY');
    expect(byTa.find((r) => r.group === 'TA2' && r.code === 'SMES_INVOLVED')).toMatchObject({
      target: { value: 2 },
      actual: { value: 1 },
    });
    expect(kpiTargetsVsActuals(framework, [], [], 'ALL')).toHaveLength(framework.length);
  });

  it('MAX and COUNT_TRUE aggregations', () => {
    expect(aggregateKpi('MAX', [3, 9, 2])).toEqual({ value: 9, projects: 3 });
    expect(aggregateKpi('COUNT_TRUE', [1, 0, 1])).toEqual({ value: 2, projects: 3 });
    expect(aggregateKpi('AVERAGE', [])).toEqual({ value: null, projects: 0 });
  });

  it('property: the SUM over all projects equals the sum of the per-project values', () => {
    const projectArb = fc.uniqueArray(
      fc.record({
        id: fc.stringMatching(/^p[0-9]{1,3}$/),
        smes: fc.option(fc.nat(1_000), { nil: undefined }),
        target: fc.nat(1_000),
      }),
      { selector: (p) => p.id, maxLength: 12 },
    );
    fc.assert(
      fc.property(projectArb, (ps) => {
        const projects: KpiProject[] = ps.map((p) => ({
          projectId: p.id,
          regionCodes: ['R'],
          transformativeActivityCodes: [],
          kpiTargets: { SMES_INVOLVED: p.target },
        }));
        const reports: KpiReport[] = ps
          .filter((p) => p.smes !== undefined)
          .map((p) => ({
            projectId: p.id,
            reportId: 'r',
            state: 'ACCEPTED',
            acceptedAt: '2028-01-01T00:00:00Z',
            kpiValues: { SMES_INVOLVED: p.smes as number },
          }));
        const all = kpiTargetsVsActuals(framework, projects, reports, 'ALL').find((r) => r.code === 'SMES_INVOLVED');
        const perProject = kpiTargetsVsActuals(framework, projects, reports, 'PROJECT').filter(
          (r) => r.code === 'SMES_INVOLVED',
        );
        const sum = perProject.reduce((s, r) => s + (r.actual.value ?? 0), 0);
        expect(all?.actual.value ?? 0).toBe(sum);
        expect(all?.target.value ?? 0).toBe(perProject.reduce((s, r) => s + (r.target.value ?? 0), 0));
        expect(all?.actual.projects).toBe(reports.length);
      }),
    );
  });
});
