import fc from 'fast-check';
import { reportPeriods } from './report-periods';

describe('report periods (M6)', () => {
  const instalments = [
    { id: 'adv', trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' as const } },
    { id: 'mid', trigger: { kind: 'MILESTONE' as const, milestoneIndex: 1, title: 'Prototype', dueMonth: 12 } },
    { id: 'fin', trigger: { kind: 'FINAL_REPORT' as const } },
  ];

  it(`worked example: 24 months from 2027-09-01 in Brussels → reports at months \
6, 12, 18 and the final at 24`, () => {
    const p = reportPeriods({
      startDate: '2027-09-01',
      timeZone: 'Europe/Brussels',
      durationMonths: 24,
      milestones: [{ dueMonth: 3 }, { dueMonth: 12 }, { dueMonth: 13 }, { dueMonth: 24 }],
      instalments,
    });
    expect(p).toEqual([
      {
        sequence: 1,
        kind: 'PERIODIC',
        fromMonth: 1,
        toMonth: 6,
        dueAt: '2028-03-01T00:00:00+01:00',
        milestoneIndexes: [0],
        instalmentIds: [],
      },
      {
        sequence: 2,
        kind: 'PERIODIC',
        fromMonth: 7,
        toMonth: 12,
        dueAt: '2028-09-01T00:00:00+02:00',
        milestoneIndexes: [1],
        instalmentIds: ['mid'],
      },
      {
        sequence: 3,
        kind: 'PERIODIC',
        fromMonth: 13,
        toMonth: 18,
        dueAt: '2029-03-01T00:00:00+01:00',
        milestoneIndexes: [2],
        instalmentIds: [],
      },
      {
        sequence: 4,
        kind: 'FINAL',
        fromMonth: 19,
        toMonth: 24,
        dueAt: '2029-09-01T00:00:00+02:00',
        milestoneIndexes: [3],
        instalmentIds: ['fin'],
      },
    ]);
  });

  it(`a duration that is not a multiple of the interval ends with a short final period; \
milestones after the end go to the final report`, () => {
    const p = reportPeriods({
      startDate: '2027-09-01',
      timeZone: 'UTC',
      durationMonths: 20,
      milestones: [{ dueMonth: 19 }, { dueMonth: 22 }],
    });
    expect(p.map((x) => [x.kind, x.fromMonth, x.toMonth])).toEqual([
      ['PERIODIC', 1, 6],
      ['PERIODIC', 7, 12],
      ['PERIODIC', 13, 18],
      ['FINAL', 19, 20],
    ]);
    expect(p[3].milestoneIndexes).toEqual([0, 1]);
    expect(
      reportPeriods({ startDate: '2027-09-01', timeZone: 'UTC', durationMonths: 4, milestones: [] }).map((x) => x.kind),
    ).toEqual(['FINAL']);
  });

  it('refuses a bad duration or interval', () => {
    expect(() =>
      reportPeriods({
        startDate: '2027-09-01',
        timeZone: 'UTC',
        durationMonths: 0,
        everyMonths: 0,
        milestones: [{ dueMonth: -1 }],
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_REPORT_PERIODS',
        violations: [
          expect.objectContaining({ field: 'durationMonths' }),
          expect.objectContaining({ field: 'everyMonths' }),
          expect.objectContaining({ field: 'milestones[0].dueMonth' }),
        ],
      }),
    );
  });

  it(`property: periods tile months 1…duration; every milestone in exactly one \
report; one final report, last`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 72 }),
        fc.integer({ min: 1, max: 24 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { maxLength: 8 }),
        (duration, every, months) => {
          const p = reportPeriods({
            startDate: '2027-09-01',
            timeZone: 'Europe/Brussels',
            durationMonths: duration,
            everyMonths: every,
            milestones: months.map((dueMonth) => ({ dueMonth })),
          });
          expect(p[0].fromMonth).toBe(1);
          expect(p[p.length - 1]).toMatchObject({ kind: 'FINAL', toMonth: duration });
          p.forEach((x, i) => {
            if (i > 0) expect(x.fromMonth).toBe(p[i - 1].toMonth + 1);
            expect(x.toMonth - x.fromMonth + 1).toBeLessThanOrEqual(every);
            if (i < p.length - 1) expect(x.kind).toBe('PERIODIC');
          });
          expect(p.flatMap((x) => x.milestoneIndexes).sort((a, b) => a - b)).toEqual(months.map((_, i) => i));
        },
      ),
    );
  });
});
