import fc from 'fast-check';
import { defaultInstalmentPlan, instalmentSchedule, midTermMilestoneIndex, splitGrant } from './instalments';
import type { InstalmentShare } from './instalments';

const m = (title: string, dueMonth: number, midTerm = false) => ({ title, dueMonth, midTerm });

describe('instalments (F4)', () => {
  it('defaults to 30 % advance on the accepted consortium agreement, 40 % mid-term, 30 % on the final report', () => {
    const s = instalmentSchedule(100_001, [m('Kick-off', 1), m('Prototype', 12, true), m('Pilot', 18)], 24);
    expect(s).toEqual([
      { sequence: 1, trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, shareBps: 3_000, amount: 30_000 },
      {
        sequence: 2,
        trigger: { kind: 'MILESTONE', milestoneIndex: 1, title: 'Prototype', dueMonth: 12 },
        shareBps: 4_000,
        amount: 40_000,
      },
      { sequence: 3, trigger: { kind: 'FINAL_REPORT' }, shareBps: 3_000, amount: 30_001 },
    ]);
  });

  it('picks the marked mid-term milestone, else the one nearest half the duration (ties: the earlier)', () => {
    expect(midTermMilestoneIndex([m('a', 3), m('b', 20, true), m('c', 12)], 24)).toBe(1);
    // 10 and 14 both 2 from 12: the earlier
    expect(midTermMilestoneIndex([m('a', 3), m('c', 14), m('b', 10)], 24)).toBe(2);
    expect(midTermMilestoneIndex([m('a', 9), m('b', 8)], 17)).toBe(1); // 8.5: months 8 and 9 tie; month 8 is earlier
    expect(midTermMilestoneIndex([m('a', 6), m('b', 6)], 12)).toBe(0); // same month: the first in the work plan
  });

  it('refuses an empty work plan for the default plan, and a plan that does not sum to 10 000 bps', () => {
    expect(() => defaultInstalmentPlan([], 24)).toThrow(expect.objectContaining({ code: 'NO_MID_TERM_MILESTONE' }));
    expect(() => splitGrant(100, [{ trigger: { kind: 'FINAL_REPORT' }, shareBps: 9_999 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_INSTALMENT_PLAN' }),
    );
    expect(() => splitGrant(1.5, [{ trigger: { kind: 'FINAL_REPORT' }, shareBps: 10_000.5 }])).toThrow(
      expect.objectContaining({
        violations: [
          expect.objectContaining({ code: 'INVALID_AMOUNT' }),
          expect.objectContaining({ code: 'INVALID_BASIS_POINTS' }),
        ],
      }),
    );
  });

  it('instalments always sum to the grant; all but the last are rounded down', () => {
    const planArb = fc.array(fc.nat(10_000), { minLength: 1, maxLength: 6 }).map((cuts): InstalmentShare[] => {
      const points = [...cuts.slice(1).map((c) => c % 10_001), 0, 10_000].sort((a, b) => a - b);
      return points.slice(1).map((p, i) => ({ trigger: { kind: 'FINAL_REPORT' as const }, shareBps: p - points[i] }));
    });
    fc.assert(
      fc.property(fc.maxSafeNat(), planArb, (grant, plan) => {
        const s = splitGrant(grant, plan);
        expect(s.reduce((sum, x) => sum + BigInt(x.amount), 0n)).toBe(BigInt(grant));
        s.slice(0, -1).forEach((x) => expect(BigInt(x.amount)).toBe((BigInt(grant) * BigInt(x.shareBps)) / 10_000n));
        expect(s.every((x) => Number.isSafeInteger(x.amount) && x.amount >= 0)).toBe(true);
      }),
    );
  });
});
