import fc from 'fast-check';
import { stageTwoInvitations } from './stage-two-invitations';

const ranking = (amounts: number[]) => amounts.map((a, i) => ({ proposalId: `p${i + 1}`, requestedFundingEur: a }));

describe('stage-2 invitations (V7, two-stage)', () => {
  it('walks down the ranking and stops at the first proposal that would exceed factor × budget', () => {
    // budget 1 000 000 € × 3 = 3 000 000 €; 1.2 M + 1.0 M = 2.2 M; + 0.9 M = 3.1 M > cap → stop, even though p5
    // (0.1 M) would fit
    const r = stageTwoInvitations({
      ranking: ranking([120_000_000, 100_000_000, 90_000_000, 50_000_000, 10_000_000]),
      committedBudgetEur: 100_000_000,
      oversubscriptionFactor: 3,
    });
    expect(r).toEqual({
      invitedIds: ['p1', 'p2'],
      notInvitedIds: ['p3', 'p4', 'p5'],
      invitedTotalEur: 220_000_000,
      capEur: 300_000_000,
      committedBudgetEur: 100_000_000,
      oversubscriptionFactor: 3,
      firstNotInvited: {
        proposalId: 'p3',
        requestedFundingEur: 90_000_000,
        totalIfInvitedEur: 310_000_000,
        reason: 'WOULD_EXCEED_CAP',
      },
    });
  });

  it('invites a proposal that lands exactly on the cap, with decimal factors exact', () => {
    // 2.3 × 100 = 230 exactly (2.3 * 100 in floats is 229.99999999999997)
    const r = stageTwoInvitations({
      ranking: ranking([200, 30, 1]),
      committedBudgetEur: 100,
      oversubscriptionFactor: 2.3,
    });
    expect(r.invitedIds).toEqual(['p1', 'p2']);
    expect(r.capEur).toBe(230);
    expect(r.firstNotInvited?.proposalId).toBe('p3');
    // cap 100 × 0.015 = 1.5 cents: a 1-cent request fits, a 2-cent total does not; the shown cap is rounded down
    const s = stageTwoInvitations({ ranking: ranking([1, 1]), committedBudgetEur: 100, oversubscriptionFactor: 0.015 });
    expect([s.invitedIds, s.capEur]).toEqual([['p1'], 1]);
  });

  it('invites everyone when all fit, and nobody when the first does not', () => {
    expect(
      stageTwoInvitations({ ranking: ranking([1, 2, 3]), committedBudgetEur: 10, oversubscriptionFactor: 1 }),
    ).toMatchObject({ invitedIds: ['p1', 'p2', 'p3'], firstNotInvited: null });
    expect(
      stageTwoInvitations({ ranking: ranking([11, 2]), committedBudgetEur: 10, oversubscriptionFactor: 1 }),
    ).toMatchObject({ invitedIds: [], invitedTotalEur: 0 });
    expect(stageTwoInvitations({ ranking: [], committedBudgetEur: 10n, oversubscriptionFactor: 3 }).invitedIds).toEqual(
      [],
    );
  });

  it('refuses bad amounts, duplicate ids and bad factors with every problem listed', () => {
    expect(() =>
      stageTwoInvitations({
        ranking: [
          { proposalId: 'a', requestedFundingEur: 1.5 },
          { proposalId: 'a', requestedFundingEur: -1 },
        ],
        committedBudgetEur: -5,
        oversubscriptionFactor: 0,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_INVITATION_INPUT',
        violations: [
          expect.objectContaining({ field: 'committedBudgetEur', code: 'INVALID_AMOUNT' }),
          expect.objectContaining({ field: 'oversubscriptionFactor', code: 'OVERSUBSCRIPTION_OUT_OF_RANGE' }),
          expect.objectContaining({ field: 'ranking[0].requestedFundingEur', code: 'INVALID_AMOUNT' }),
          expect.objectContaining({ field: 'ranking[1].proposalId', code: 'DUPLICATE_PROPOSAL' }),
          expect.objectContaining({ field: 'ranking[1].requestedFundingEur', code: 'INVALID_AMOUNT' }),
        ],
      }),
    );
  });

  it(`invites a prefix of the ranking whose total never exceeds the cap, \
and stops only where the next would exceed it`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 20 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 1, max: 2000 }).map((k) => k / 100),
        (amounts, budget, factor) => {
          const r = stageTwoInvitations({
            ranking: ranking(amounts),
            committedBudgetEur: budget,
            oversubscriptionFactor: factor,
          });
          const n = r.invitedIds.length;
          expect(r.invitedIds).toEqual(
            ranking(amounts)
              .slice(0, n)
              .map((p) => p.proposalId),
          );
          expect([...r.invitedIds, ...r.notInvitedIds]).toEqual(ranking(amounts).map((p) => p.proposalId));
          const total = amounts.slice(0, n).reduce((a, b) => a + b, 0);
          const capHundredths = budget * Math.round(factor * 100); // exact integers
          expect(r.invitedTotalEur).toBe(total);
          expect(total * 100).toBeLessThanOrEqual(capHundredths);
          expect(r.capEur).toBe(Math.floor(capHundredths / 100));
          if (n < amounts.length) {
            expect((total + amounts[n]) * 100).toBeGreaterThan(capHundredths);
            expect(r.firstNotInvited).toMatchObject({ proposalId: `p${n + 1}`, totalIfInvitedEur: total + amounts[n] });
          } else {
            expect(r.firstNotInvited).toBeNull();
          }
        },
      ),
    );
  });
});
