import fc from 'fast-check';
import { allocateFunding } from './allocation';
import type { AllocationInput, RegionBudget } from './allocation-model';
import { computeTopUp, whatIf } from './top-up';
import type { TopUpResult } from './top-up';

const RATES = { CHF: '1.0650' };

function example(policy: AllocationInput['policy']): AllocationInput {
  return {
    regions: [
      { regionCode: 'ITC4', currency: 'EUR', commitment: 100_000, flexibility: 0 },
      { regionCode: 'CH02', currency: 'CHF', commitment: 50_000, flexibility: 0 },
    ],
    proposals: [
      {
        proposalId: 'P1',
        partners: [
          { partnerId: 'a', regionCode: 'ITC4', requestedGrant: 60_000 },
          { partnerId: 'b', regionCode: 'CH02', requestedGrant: 30_000 },
        ],
      },
      {
        proposalId: 'P2',
        partners: [
          { partnerId: 'a', regionCode: 'ITC4', requestedGrant: 50_000 },
          { partnerId: 'b', regionCode: 'CH02', requestedGrant: 10_000 },
        ],
      },
      {
        proposalId: 'P3',
        partners: [
          { partnerId: 'a', regionCode: 'ITC4', requestedGrant: 30_000 },
          { partnerId: 'b', regionCode: 'CH02', requestedGrant: 20_000 },
        ],
      },
      { proposalId: 'P4', partners: [{ partnerId: 'a', regionCode: 'CH02', requestedGrant: 25_000 }] },
    ],
    flexibilityAllowed: false,
    policy,
    referenceRates: RATES,
  };
}

/** The input with each region's commitment raised by its top-up. */
function applyTopUp(input: AllocationInput, t: TopUpResult): AllocationInput {
  return {
    ...input,
    regions: input.regions.map((r) => ({
      ...r,
      commitment: r.commitment + (t.topUps.find((x) => x.regionCode === r.regionCode)?.amount ?? 0),
    })),
  };
}

describe('top-ups (F3)', () => {
  it('continue past gaps: the shortfall at its place is enough when nothing above it is unblocked', () => {
    const t = computeTopUp(example('CONTINUE_PAST_GAPS'), 'P2');
    expect(t).toEqual({
      proposalId: 'P2',
      topUps: [{ regionCode: 'ITC4', currency: 'EUR', amount: 10_000, amountEur: 10_000 }],
      totalEur: 10_000,
      iterations: 1,
      alsoSelected: [],
      displaced: ['P3'],
    });
  });

  it('binding ranking: the gaps above it are closed first, one after the other', () => {
    const t = computeTopUp(example('BINDING_RANKING'), 'P4');
    // Everything above P4 must be funded: ITC4 140 000 of 100 000, CH02 85 000 of 50 000.
    expect(t.topUps).toEqual([
      { regionCode: 'CH02', currency: 'CHF', amount: 35_000, amountEur: 37_275 },
      { regionCode: 'ITC4', currency: 'EUR', amount: 40_000, amountEur: 40_000 },
    ]);
    expect(t).toMatchObject({ iterations: 2, alsoSelected: ['P2', 'P3'], displaced: [], totalEur: 77_275 });
    expect(
      allocateFunding(applyTopUp(example('BINDING_RANKING'), t)).proposals.every((p) => p.status === 'SELECTED'),
    ).toBe(true);
  });

  it(`an earlier reserve proposal the top-up unblocks is funded first, \
and a selected one it would push out is topped up too`, () => {
    // Q needs X and Y, R only Y, P only X; X has nothing, Y enough for one of Q and R.
    const input: AllocationInput = {
      regions: [
        { regionCode: 'X', currency: 'EUR', commitment: 0, flexibility: 0 },
        { regionCode: 'Y', currency: 'EUR', commitment: 10, flexibility: 0 },
      ],
      proposals: [
        {
          proposalId: 'Q',
          partners: [
            { partnerId: 'q1', regionCode: 'X', requestedGrant: 10 },
            { partnerId: 'q2', regionCode: 'Y', requestedGrant: 10 },
          ],
        },
        { proposalId: 'R', partners: [{ partnerId: 'r1', regionCode: 'Y', requestedGrant: 10 }] },
        { proposalId: 'P', partners: [{ partnerId: 'p1', regionCode: 'X', requestedGrant: 10 }] },
      ],
      flexibilityAllowed: false,
      policy: 'CONTINUE_PAST_GAPS',
      referenceRates: {},
    };
    const t = computeTopUp(input, 'P');
    // X +10 alone would fund Q (ranked first) and push R out; so X +20 and Y +10.
    expect(t.topUps.map((x) => [x.regionCode, x.amount])).toEqual([
      ['X', 20],
      ['Y', 10],
    ]);
    expect(t).toMatchObject({ iterations: 2, alsoSelected: ['Q'], displaced: [] });
    expect(allocateFunding(applyTopUp(input, t)).proposals.map((p) => p.status)).toEqual([
      'SELECTED',
      'SELECTED',
      'SELECTED',
    ]);
  });

  it('stays bounded when unblocked proposals take turns: one region of 0, requests 32, 32, 1, 31', () => {
    const input: AllocationInput = {
      regions: [{ regionCode: 'A', currency: 'EUR', commitment: 0, flexibility: 0 }],
      proposals: [32, 32, 1, 31].map((amount, i) => ({
        proposalId: `p${i}`,
        partners: [{ partnerId: 'x', regionCode: 'A', requestedGrant: amount }],
      })),
      flexibilityAllowed: false,
      policy: 'CONTINUE_PAST_GAPS',
      referenceRates: {},
    };
    // +31 funds p2 first (1), +1 more funds p0 instead, +32 adds p1, then everything fits.
    expect(computeTopUp(input, 'p3')).toMatchObject({
      topUps: [{ regionCode: 'A', amount: 96 }],
      iterations: 4,
      alsoSelected: ['p0', 'p1', 'p2'],
    });
  });

  it('is empty for a selected proposal and refuses an unknown one', () => {
    expect(computeTopUp(example('CONTINUE_PAST_GAPS'), 'P1')).toMatchObject({ topUps: [], iterations: 0 });
    expect(() => computeTopUp(example('CONTINUE_PAST_GAPS'), 'nope')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_PROPOSAL', kind: 'not-found' }),
    );
  });

  it(`what-if: the walk with changed commitments, nothing else changed, \
and the top-up of every reserve proposal`, () => {
    const input = example('CONTINUE_PAST_GAPS');
    const w = whatIf(input, [{ regionCode: 'ITC4', commitment: 110_000 }]);
    expect(w.allocation.proposals.map((p) => p.status)).toEqual(['SELECTED', 'SELECTED', 'RESERVE', 'RESERVE']);
    expect(input.regions[0].commitment).toBe(100_000);
    expect(w.topUps.map((t) => t.proposalId)).toEqual(['P3', 'P4']);
    expect(w.topUps[0]).toEqual(
      computeTopUp({ ...input, regions: [{ ...input.regions[0], commitment: 110_000 }, input.regions[1]] }, 'P3'),
    );
    expect(whatIf(input, [], { topUps: 'NONE' })).toEqual({ allocation: allocateFunding(input), topUps: [] });
    expect(whatIf(input, [], { topUps: ['P4'] }).topUps.map((t) => t.proposalId)).toEqual(['P4']);
    expect(() => whatIf(input, [{ regionCode: 'DE2', commitment: 1 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_ALLOCATION_INPUT' }),
    );
  });
});

const CODES = ['A', 'B', 'C', 'D'];
const inputArb: fc.Arbitrary<AllocationInput> = fc
  .record({
    regionCount: fc.integer({ min: 1, max: 4 }),
    budgets: fc.array(
      fc.record({
        chf: fc.boolean(),
        commitment: fc.integer({ min: 0, max: 120 }),
        flexibility: fc.integer({ min: 0, max: 30 }),
        already: fc.integer({ min: 0, max: 25 }),
      }),
      { minLength: 4, maxLength: 4 },
    ),
    proposals: fc.array(
      fc.array(fc.record({ region: fc.nat(3), amount: fc.integer({ min: 0, max: 45 }) }), {
        minLength: 1,
        maxLength: 5,
      }),
      { maxLength: 14 },
    ),
    flexibilityAllowed: fc.boolean(),
    binding: fc.boolean(),
  })
  .map(({ regionCount, budgets, proposals, flexibilityAllowed, binding }) => ({
    regions: CODES.slice(0, regionCount).map((regionCode, i): RegionBudget => ({
      regionCode,
      currency: budgets[i].chf ? 'CHF' : 'EUR',
      commitment: budgets[i].commitment,
      flexibility: budgets[i].flexibility,
      alreadyAllocated: budgets[i].already,
    })),
    proposals: proposals.map((partners, i) => ({
      proposalId: `p${i}`,
      partners: partners.map((x, k) => ({
        partnerId: `p${i}-${k}`,
        regionCode: CODES[x.region % regionCount],
        requestedGrant: x.amount,
      })),
    })),
    flexibilityAllowed,
    policy: binding ? ('BINDING_RANKING' as const) : ('CONTINUE_PAST_GAPS' as const),
    referenceRates: { CHF: '1.05' },
  }));

describe('top-ups (F3) properties', () => {
  it('applying the reported top-ups selects the proposal and never deselects one ranked above it', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const before = allocateFunding(input);
        const { topUps } = whatIf(input, []);
        expect(topUps.map((t) => t.proposalId)).toEqual(
          before.proposals.filter((p) => p.status === 'RESERVE').map((p) => p.proposalId),
        );
        for (const t of topUps) {
          expect(t.iterations).toBeGreaterThan(0);
          expect(t.iterations).toBeLessThanOrEqual(input.proposals.length + 1);
          expect(t.topUps.every((x) => Number.isSafeInteger(x.amount) && x.amount > 0)).toBe(true);
          const after = allocateFunding(applyTopUp(input, t));
          const at = before.proposals.findIndex((p) => p.proposalId === t.proposalId);
          expect(after.proposals[at].status).toBe('SELECTED');
          for (let i = 0; i < at; i++)
            if (before.proposals[i].status === 'SELECTED') expect(after.proposals[i].status).toBe('SELECTED');
          expect(
            after.proposals
              .filter((p, i) => i < at && p.status === 'SELECTED' && before.proposals[i].status === 'RESERVE')
              .map((p) => p.proposalId),
          ).toEqual(t.alsoSelected);
          expect(
            after.proposals
              .filter((p, i) => i > at && p.status === 'RESERVE' && before.proposals[i].status === 'SELECTED')
              .map((p) => p.proposalId),
          ).toEqual(t.displaced);
          expect(computeTopUp(input, t.proposalId)).toEqual(t);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a binding ranking top-up funds everything above the proposal', () => {
    fc.assert(
      fc.property(
        inputArb.map((i) => ({ ...i, policy: 'BINDING_RANKING' as const })),
        (input) => {
          for (const t of whatIf(input, []).topUps) {
            const after = allocateFunding(applyTopUp(input, t));
            const at = after.proposals.findIndex((p) => p.proposalId === t.proposalId);
            expect(after.proposals.slice(0, at + 1).every((p) => p.status === 'SELECTED')).toBe(true);
          }
        },
      ),
    );
  });

  it('what-if equals the walk of the changed input', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: 200 }), (input, commitment) => {
        const changed = { ...input, regions: input.regions.map((r, i) => (i === 0 ? { ...r, commitment } : r)) };
        expect(
          whatIf(input, [{ regionCode: input.regions[0].regionCode, commitment }], { topUps: 'NONE' }).allocation,
        ).toEqual(allocateFunding(changed));
      }),
    );
  });
});
