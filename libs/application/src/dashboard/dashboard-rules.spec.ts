import { DEFAULT_KPI_FRAMEWORK, type KpiIndicator } from '@app/domain';
import { addCounts, earlierInstant, unionFramework } from './dashboard-rules';

describe('dashboard helpers', () => {
  it('adds punctuality counts field by field (nothing to add: all zero)', () => {
    expect(addCounts([])).toEqual({ ON_TIME: 0, LATE: 0, OVERDUE: 0, IN_GRACE: 0, NOT_DUE: 0 });
    expect(
      addCounts([
        { ON_TIME: 1, LATE: 0, OVERDUE: 2, IN_GRACE: 0, NOT_DUE: 3 },
        { ON_TIME: 0, LATE: 4, OVERDUE: 1, IN_GRACE: 5, NOT_DUE: 0 },
      ]),
    ).toEqual({ ON_TIME: 1, LATE: 4, OVERDUE: 3, IN_GRACE: 5, NOT_DUE: 3 });
  });

  it('picks the earlier instant across offsets, the first one on a tie or an unparsable input', () => {
    expect(earlierInstant('2027-01-01T00:00:00Z', '2026-12-31T23:00:00Z')).toBe('2026-12-31T23:00:00Z');
    expect(earlierInstant('2027-01-01T00:30:00+01:00', '2027-01-01T00:00:00Z')).toBe('2027-01-01T00:30:00+01:00');
    expect(earlierInstant('2027-01-01T01:00:00+01:00', '2027-01-01T00:00:00Z')).toBe('2027-01-01T01:00:00+01:00');
    expect(earlierInstant('2027-01-01T00:00:00Z', 'not a date')).toBe('2027-01-01T00:00:00Z');
  });

  it('unites frameworks by code in order of first appearance, the first definition winning', () => {
    const own: KpiIndicator = {
      code: 'PATENTS',
      name: 'Patents filed',
      unit: 'patents',
      kind: 'COUNT',
      aggregation: 'SUM',
    };
    const redefined: KpiIndicator = { ...DEFAULT_KPI_FRAMEWORK[0], aggregation: 'MAX' };
    const union = unionFramework([DEFAULT_KPI_FRAMEWORK, [redefined, own]]);
    expect(union.map((k) => k.code)).toEqual([...DEFAULT_KPI_FRAMEWORK.map((k) => k.code), 'PATENTS']);
    expect(union[0]).toEqual(DEFAULT_KPI_FRAMEWORK[0]);
    expect(unionFramework([])).toEqual([]);
  });
});
