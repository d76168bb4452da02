import fc from 'fast-check';
import { toEurReference } from '../calls/budget';
import { DomainError } from '../domain-error';
import { allocateFunding } from './allocation';
import type { AllocationInput, RegionBudget } from './allocation-model';

const RATES = { CHF: '1.0650' };

/** Lombardy (EUR) and Espace Mittelland (CHF). */
function twoRegions(overrides: Partial<AllocationInput> = {}): AllocationInput {
  return {
    regions: [
      { regionCode: 'ITC4', currency: 'EUR', commitment: 100_000, flexibility: 0 },
      { regionCode: 'CH02', currency: 'CHF', commitment: 50_000, flexibility: 0 },
    ],
    proposals: [
      {
        proposalId: 'P1',
        partners: [
          { partnerId: 'p1-a', regionCode: 'ITC4', requestedGrant: 40_000 },
          { partnerId: 'p1-c', regionCode: 'CH02', requestedGrant: 30_000 },
          { partnerId: 'p1-b', regionCode: 'ITC4', requestedGrant: 20_000 },
        ],
      },
      {
        proposalId: 'P2',
        partners: [
          { partnerId: 'p2-a', regionCode: 'ITC4', requestedGrant: 50_000 },
          { partnerId: 'p2-b', regionCode: 'CH02', requestedGrant: 10_000 },
        ],
      },
      {
        proposalId: 'P3',
        partners: [
          { partnerId: 'p3-a', regionCode: 'ITC4', requestedGrant: 30_000 },
          { partnerId: 'p3-b', regionCode: 'CH02', requestedGrant: 20_000 },
        ],
      },
      { proposalId: 'P4', partners: [{ partnerId: 'p4-a', regionCode: 'CH02', requestedGrant: 25_000 }] },
    ],
    flexibilityAllowed: false,
    policy: 'CONTINUE_PAST_GAPS',
    referenceRates: RATES,
    ...overrides,
  };
}

describe('allocation walk (F1)', () => {
  it('continues past a gap: selects what fits, shows the gap with its shortfall in the region currency', () => {
    const r = allocateFunding(twoRegions());
    expect(r.proposals.map((p) => [p.proposalId, p.status, p.reasons])).toEqual([
      ['P1', 'SELECTED', []],
      ['P2', 'RESERVE', ['INSUFFICIENT_BUDGET']],
      ['P3', 'SELECTED', []],
      ['P4', 'RESERVE', ['INSUFFICIENT_BUDGET']],
    ]);
    expect(r.proposals[1].shortfalls).toEqual([
      { regionCode: 'ITC4', currency: 'EUR', requested: 50_000, available: 40_000, shortfall: 10_000 },
    ]);
    expect(r.proposals[3].shortfalls).toEqual([
      { regionCode: 'CH02', currency: 'CHF', requested: 25_000, available: 0, shortfall: 25_000 },
    ]);
    expect(r.gaps).toEqual(['P2', 'P4']);
    expect(r.firstGap).toBe('P2');
    // Per partner amounts are kept, per region, sorted by partner id.
    expect(r.proposals[0].regions).toEqual([
      { regionCode: 'CH02', currency: 'CHF', amount: 30_000, partners: [{ partnerId: 'p1-c', amount: 30_000 }] },
      {
        regionCode: 'ITC4',
        currency: 'EUR',
        amount: 60_000,
        partners: [
          { partnerId: 'p1-a', amount: 40_000 },
          { partnerId: 'p1-b', amount: 20_000 },
        ],
      },
    ]);
    expect(r.regions.map((x) => [x.regionCode, x.allocated, x.remaining, x.usedFlexibility])).toEqual([
      ['CH02', 50_000, 0, false],
      ['ITC4', 90_000, 10_000, false],
    ]);
    // EUR reference: 30 000 Rappen × 1.0650 = 31 950 cents.
    expect(r.proposals[0].requestedEur).toBe(60_000 + 31_950);
    expect(r.regions[0].allocatedEur).toBe(53_250);
    expect(r.eurReference).toEqual({
      selected: 91_950 + 30_000 + 21_300,
      reserve: 50_000 + 10_650 + 26_625,
      allocatedByRegion: 90_000 + 53_250,
    });
  });

  it(`binding ranking: nothing below the first gap is selected; \
those proposals carry BELOW_A_GAP and their own shortfalls at the gap`, () => {
    const r = allocateFunding(twoRegions({ policy: 'BINDING_RANKING' }));
    expect(r.proposals.map((p) => [p.proposalId, p.status, p.reasons])).toEqual([
      ['P1', 'SELECTED', []],
      ['P2', 'RESERVE', ['INSUFFICIENT_BUDGET']],
      ['P3', 'RESERVE', ['BELOW_A_GAP']],
      ['P4', 'RESERVE', ['BELOW_A_GAP', 'INSUFFICIENT_BUDGET']],
    ]);
    expect(r.proposals[2].shortfalls).toEqual([]);
    expect(r.proposals[3].shortfalls).toEqual([
      { regionCode: 'CH02', currency: 'CHF', requested: 25_000, available: 20_000, shortfall: 5_000 },
    ]);
    expect(r.gaps).toEqual(['P2', 'P4']);
    expect(r.regions.map((x) => [x.regionCode, x.allocated, x.remaining])).toEqual([
      ['CH02', 30_000, 20_000],
      ['ITC4', 60_000, 40_000],
    ]);
  });

  it('uses the declared flexibility only when the call allows it, and says how much', () => {
    const input = twoRegions({
      regions: [
        { regionCode: 'ITC4', currency: 'EUR', commitment: 100_000, flexibility: 15_000 },
        { regionCode: 'CH02', currency: 'CHF', commitment: 50_000, flexibility: 5_000 },
      ],
    });
    const withFlex = allocateFunding({ ...input, flexibilityAllowed: true });
    expect(withFlex.proposals.map((p) => p.status)).toEqual(['SELECTED', 'SELECTED', 'RESERVE', 'RESERVE']);
    expect(withFlex.regions.find((x) => x.regionCode === 'ITC4')).toMatchObject({
      allocated: 110_000,
      usableFlexibility: 15_000,
      flexibilityUsed: 10_000,
      usedFlexibility: true,
      remaining: 5_000,
    });
    const withoutFlex = allocateFunding(input);
    expect(withoutFlex.proposals[1]).toMatchObject({
      status: 'RESERVE',
      shortfalls: [{ regionCode: 'ITC4', shortfall: 10_000, available: 40_000 }],
    });
    expect(withoutFlex.regions.every((x) => x.usableFlexibility === 0 && !x.usedFlexibility)).toBe(true);
  });

  it('counts what is already allocated outside the walk', () => {
    const input = twoRegions();
    input.regions[0].alreadyAllocated = 5_000;
    const r = allocateFunding(input);
    expect(r.proposals.map((p) => p.status)).toEqual(['SELECTED', 'RESERVE', 'SELECTED', 'RESERVE']);
    expect(r.regions[1]).toMatchObject({
      regionCode: 'ITC4',
      alreadyAllocated: 5_000,
      allocated: 90_000,
      totalAllocated: 95_000,
      remaining: 5_000,
    });
    // Already over budget (only possible from outside the walk): nothing more there, remaining shown as it is.
    input.regions[0].alreadyAllocated = 120_000;
    const over = allocateFunding(input);
    expect(over.proposals.map((p) => p.status)).toEqual(['RESERVE', 'RESERVE', 'RESERVE', 'SELECTED']);
    expect(over.proposals[0].shortfalls).toEqual([
      { regionCode: 'ITC4', currency: 'EUR', requested: 60_000, available: -20_000, shortfall: 80_000 },
    ]);
    expect(over.regions[1]).toMatchObject({ allocated: 0, remaining: -20_000 });
  });

  it('refuses non-integer money and other bad input with every field listed', () => {
    const input = twoRegions();
    input.regions.push({ regionCode: 'ITC4', currency: 'EUR', commitment: 1.5, flexibility: -1 });
    input.proposals[0].partners[0].requestedGrant = 0.1;
    input.proposals[1].partners.push({ partnerId: 'x', regionCode: 'DE2', requestedGrant: 5 });
    input.proposals[2].proposalId = 'P1';
    try {
      allocateFunding(input);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('INVALID_ALLOCATION_INPUT');
      expect((e as DomainError).violations.map((v) => `${v.field}:${v.code}`).sort()).toEqual([
        'proposals[0].partners[0].requestedGrant:INVALID_AMOUNT',
        'proposals[1].partners[2].regionCode:UNKNOWN_REGION',
        'proposals[2].proposalId:DUPLICATE_PROPOSAL',
        'regions[2].commitment:INVALID_AMOUNT',
        'regions[2].flexibility:INVALID_AMOUNT',
        'regions[2].regionCode:DUPLICATE_REGION',
      ]);
    }
  });

  it('refuses a currency without a reference rate', () => {
    expect(() => allocateFunding(twoRegions({ referenceRates: {} }))).toThrow(
      expect.objectContaining({
        code: 'INVALID_ALLOCATION_INPUT',
        violations: [expect.objectContaining({ code: 'MISSING_REFERENCE_RATE' })],
      }),
    );
  });
});

// ---- properties -------------------------------------------------------------------------------

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
        minLength: 0,
        maxLength: 5,
      }),
      { maxLength: 12 },
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

/** F1 written plainly from the SPEC, to compare against. */
function referenceWalk(input: AllocationInput): Array<{ status: string; shortfalls: Array<[string, number]> }> {
  const available = new Map(
    input.regions.map((r) => [
      r.regionCode,
      r.commitment + (input.flexibilityAllowed ? r.flexibility : 0) - (r.alreadyAllocated ?? 0),
    ]),
  );
  let gap = false;
  return input.proposals.map((p) => {
    const need = new Map<string, number>();
    for (const x of p.partners) need.set(x.regionCode, (need.get(x.regionCode) ?? 0) + x.requestedGrant);
    const shortfalls = [...need]
      .filter(([r, a]) => a > Math.max(0, available.get(r) as number))
      .map(([r, a]): [string, number] => [r, a - (available.get(r) as number)])
      .sort(([a], [b]) => (a < b ? -1 : 1));
    if ((input.policy === 'BINDING_RANKING' && gap) || shortfalls.length > 0) {
      gap = true;
      return { status: 'RESERVE', shortfalls };
    }
    for (const [r, a] of need) available.set(r, (available.get(r) as number) - a);
    return { status: 'SELECTED', shortfalls };
  });
}

const shuffled = <T>(items: T[], keys: number[]): T[] =>
  items
    .map((x, i) => ({ x, k: keys[i] ?? 0 }))
    .sort((a, b) => a.k - b.k)
    .map(({ x }) => x);

describe('allocation walk (F1) properties', () => {
  it(`agrees with a plain reading of F1: RESERVE only when a region truly cannot cover it at its \
place (or, binding, below a gap)`, () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = allocateFunding(input);
        const expected = referenceWalk(input);
        expect(r.proposals.map((p) => p.status)).toEqual(expected.map((e) => e.status));
        expect(r.proposals.map((p) => p.shortfalls.map((s): [string, number] => [s.regionCode, s.shortfall]))).toEqual(
          expected.map((e) => (e.status === 'RESERVE' ? e.shortfalls : [])),
        );
        r.proposals.forEach((p, i) => {
          if (p.status === 'SELECTED') return;
          const belowGap =
            input.policy === 'BINDING_RANKING' && r.proposals.slice(0, i).some((q) => q.status === 'RESERVE');
          expect(p.shortfalls.length > 0 || belowGap).toBe(true);
          expect(p.reasons.includes('BELOW_A_GAP')).toBe(belowGap);
        });
      }),
    );
  });

  it('never exceeds a region commitment (plus flexibility only when allowed)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = allocateFunding(input);
        for (const region of r.regions) {
          const budget = input.regions.find((x) => x.regionCode === region.regionCode) as RegionBudget;
          const ceiling = budget.commitment + (input.flexibilityAllowed ? budget.flexibility : 0);
          if (region.allocated > 0) expect(region.totalAllocated).toBeLessThanOrEqual(ceiling);
          if (!input.flexibilityAllowed) expect(region.flexibilityUsed).toBe(0);
          const sum = r.proposals
            .filter((p) => p.status === 'SELECTED')
            .flatMap((p) => p.regions)
            .filter((x) => x.regionCode === region.regionCode)
            .reduce((s, x) => s + x.amount, 0);
          expect(region.allocated).toBe(sum);
          expect(region.allocatedEur).toBe(toEurReference(sum, region.currency, input.referenceRates));
        }
      }),
    );
  });

  it('with BINDING_RANKING nothing below a gap is selected', () => {
    fc.assert(
      fc.property(
        inputArb.map((i) => ({ ...i, policy: 'BINDING_RANKING' as const })),
        (input) => {
          const statuses = allocateFunding(input).proposals.map((p) => p.status);
          const first = statuses.indexOf('RESERVE');
          if (first >= 0) expect(statuses.slice(first).every((s) => s === 'RESERVE')).toBe(true);
        },
      ),
    );
  });

  it('same input in any region or partner order gives the same output', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }),
        (input, keys) => {
          const again = {
            ...input,
            regions: shuffled(input.regions, keys),
            proposals: input.proposals.map((p, i) => ({ ...p, partners: shuffled(p.partners, keys.slice(i)) })),
          };
          expect(JSON.stringify(allocateFunding(again))).toBe(JSON.stringify(allocateFunding(input)));
        },
      ),
    );
  });
});
