import fc from 'fast-check';
import { allocateFunding } from './allocation';
import type { AllocationInput, RegionBudget } from './allocation-model';
import { promoteReserve } from './reserve-promotion';
import type { ReservePromotionInput } from './reserve-promotion';

function decision(policy: AllocationInput['policy']): ReservePromotionInput {
  return {
    regions: [
      { regionCode: 'ITC4', currency: 'EUR', commitment: 100_000, flexibility: 0 },
      { regionCode: 'CH02', currency: 'CHF', commitment: 50_000, flexibility: 0 },
    ],
    selected: [
      {
        proposalId: 'P1',
        amounts: [
          { regionCode: 'ITC4', amount: 60_000 },
          { regionCode: 'CH02', amount: 30_000 },
        ],
      },
      {
        proposalId: 'P3',
        amounts: [
          { regionCode: 'ITC4', amount: 30_000 },
          { regionCode: 'CH02', amount: 20_000 },
        ],
      },
    ],
    reserve: [
      {
        proposalId: 'P2',
        partners: [
          { partnerId: 'a', regionCode: 'ITC4', requestedGrant: 50_000 },
          { partnerId: 'b', regionCode: 'CH02', requestedGrant: 10_000 },
        ],
      },
      { proposalId: 'P4', partners: [{ partnerId: 'a', regionCode: 'CH02', requestedGrant: 25_000 }] },
      { proposalId: 'P5', partners: [{ partnerId: 'a', regionCode: 'CH02', requestedGrant: 5_000 }] },
    ],
    freed: [],
    flexibilityAllowed: false,
    policy,
    referenceRates: { CHF: '1.0650' },
  };
}

describe('reserve promotion (F5)', () => {
  const p1Withdraws = [
    { regionCode: 'ITC4', amount: 60_000 },
    { regionCode: 'CH02', amount: 30_000 },
  ];

  it('a selected proposal withdraws: the next reserve proposals that now fit are promoted, in rank order', () => {
    const r = promoteReserve({ ...decision('CONTINUE_PAST_GAPS'), freed: p1Withdraws });
    expect(r.promoted.map((p) => [p.proposalId, p.regions.map((x) => [x.regionCode, x.amount])])).toEqual([
      [
        'P2',
        [
          ['CH02', 10_000],
          ['ITC4', 50_000],
        ],
      ],
      ['P5', [['CH02', 5_000]]],
    ]);
    expect(
      r.stillReserve.map((p) => [p.proposalId, p.reasons, p.shortfalls.map((s) => [s.regionCode, s.shortfall])]),
    ).toEqual([['P4', ['INSUFFICIENT_BUDGET'], [['CH02', 5_000]]]]);
    expect(r.regions).toEqual([
      { regionCode: 'CH02', currency: 'CHF', availableBefore: 30_000, promoted: 15_000, remaining: 15_000 },
      { regionCode: 'ITC4', currency: 'EUR', availableBefore: 70_000, promoted: 50_000, remaining: 20_000 },
    ]);
  });

  it('binding ranking: stops at the first reserve proposal that does not fit', () => {
    const r = promoteReserve({ ...decision('BINDING_RANKING'), freed: p1Withdraws });
    expect(r.promoted.map((p) => p.proposalId)).toEqual(['P2']);
    expect(r.stillReserve.map((p) => [p.proposalId, p.reasons])).toEqual([
      ['P4', ['INSUFFICIENT_BUDGET']],
      ['P5', ['BELOW_A_GAP']],
    ]);
  });

  it('one partner grant fails: only its amount is freed; too little for anyone promotes nobody', () => {
    const r = promoteReserve({ ...decision('CONTINUE_PAST_GAPS'), freed: [{ regionCode: 'CH02', amount: 4_000 }] });
    expect(r.promoted).toEqual([]);
    expect(r.regions.find((x) => x.regionCode === 'CH02')).toMatchObject({ availableBefore: 4_000, remaining: 4_000 });
  });

  it('refuses to free more than the selected hold, or a proposal both selected and reserve', () => {
    const bad = decision('CONTINUE_PAST_GAPS');
    bad.freed = [
      { regionCode: 'CH02', amount: 50_001 },
      { regionCode: 'ITC4', amount: 0.5 },
    ];
    bad.reserve.push({ proposalId: 'P1', partners: [] });
    try {
      promoteReserve(bad);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(
        (e as { violations: Array<{ field: string; code: string }> }).violations.map((v) => `${v.field}:${v.code}`),
      ).toEqual([
        'reserve[3].proposalId:PROPOSAL_SELECTED_AND_RESERVE',
        'freed[0].amount:FREED_MORE_THAN_HELD',
        'freed[1].amount:INVALID_AMOUNT',
      ]);
    }
  });
});

const CODES = ['A', 'B', 'C'];
const inputArb: fc.Arbitrary<AllocationInput> = fc
  .record({
    regionCount: fc.integer({ min: 1, max: 3 }),
    budgets: fc.array(
      fc.record({
        commitment: fc.integer({ min: 0, max: 120 }),
        flexibility: fc.integer({ min: 0, max: 30 }),
        already: fc.integer({ min: 0, max: 25 }),
      }),
      { minLength: 3, maxLength: 3 },
    ),
    proposals: fc.array(
      fc.array(fc.record({ region: fc.nat(2), amount: fc.integer({ min: 0, max: 45 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
      { minLength: 1, maxLength: 12 },
    ),
    flexibilityAllowed: fc.boolean(),
    binding: fc.boolean(),
  })
  .map(({ regionCount, budgets, proposals, flexibilityAllowed, binding }) => ({
    regions: CODES.slice(0, regionCount).map((regionCode, i): RegionBudget => ({
      regionCode,
      currency: 'EUR',
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
    referenceRates: {},
  }));

describe('reserve promotion (F5) properties', () => {
  it(`never overdraws, promotes only what fits in rank order, and (binding) \
nothing past the first that does not fit`, () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), fc.boolean(), (input, pick, wholeProposal) => {
        const walk = allocateFunding(input);
        const selected = walk.proposals.filter((p) => p.status === 'SELECTED');
        if (selected.length === 0) return;
        const leaving = selected[pick % selected.length];
        // A whole proposal withdraws, or one partner's grant fails (only its amount is freed).
        const freedRows = wholeProposal
          ? leaving.regions.map((x) => ({ regionCode: x.regionCode, amount: x.amount }))
          : [{ regionCode: leaving.regions[0].regionCode, amount: leaving.regions[0].partners[0].amount }];
        const reserve = input.proposals.filter(
          (p) => walk.proposals.find((x) => x.proposalId === p.proposalId)?.status === 'RESERVE',
        );
        const r = promoteReserve({
          regions: input.regions,
          selected: selected.map((p) => ({
            proposalId: p.proposalId,
            amounts: p.regions.map((x) => ({ regionCode: x.regionCode, amount: x.amount })),
          })),
          reserve,
          freed: freedRows,
          flexibilityAllowed: input.flexibilityAllowed,
          policy: input.policy,
          referenceRates: {},
        });
        expect(r.promoted.length + r.stillReserve.length).toBe(reserve.length);
        for (const region of input.regions) {
          const held = selected
            .flatMap((p) => p.regions)
            .filter((x) => x.regionCode === region.regionCode)
            .reduce((s, x) => s + x.amount, 0);
          const freed = freedRows.find((x) => x.regionCode === region.regionCode)?.amount ?? 0;
          const promoted = r.promoted
            .flatMap((p) => p.regions)
            .filter((x) => x.regionCode === region.regionCode)
            .reduce((s, x) => s + x.amount, 0);
          const ceiling = region.commitment + (input.flexibilityAllowed ? region.flexibility : 0);
          const row = r.regions.find((x) => x.regionCode === region.regionCode);
          expect(row).toMatchObject({
            promoted,
            availableBefore: ceiling - (region.alreadyAllocated ?? 0) - held + freed,
          });
          if (promoted > 0)
            expect((region.alreadyAllocated ?? 0) + held - freed + promoted).toBeLessThanOrEqual(ceiling);
        }
        // Each still-reserve proposal truly did not fit at its place, or sits below a binding gap.
        for (const p of r.stillReserve) expect(p.shortfalls.length > 0 || p.reasons.includes('BELOW_A_GAP')).toBe(true);
        if (input.policy === 'BINDING_RANKING' && r.stillReserve.length) {
          const firstMiss = r.stillReserve[0].rank;
          expect(r.promoted.every((p) => p.rank < firstMiss)).toBe(true);
        }
      }),
    );
  });
});
