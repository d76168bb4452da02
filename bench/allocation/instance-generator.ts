/**
 * Seeded generator of a funding decision at the SPEC §7 P3 size (10 000 ranked proposals over 30
 * regions). Deterministic for a seed (its own PRNG, mulberry32; never Math.random):
 *
 * - regions: `R00`…`R29`, of uneven popularity (Zipf-like); every seventh is a Swiss CHF region, the
 *   call's reference rate `CHF = 1.0650`;
 * - proposals, already in rank order: 2–6 distinct regions each (drawn by popularity), 1–3 funded
 *   partners per region, each requesting 40 000–400 000 in the region's currency (log-uniform, whole
 *   units of 100 minor units) — an R&D joint call;
 * - commitments: a share of each region's total demand (default 42 %), so that about 40 % of the
 *   proposals are selected; flexibility 5 % of the commitment; nothing allocated outside the walk.
 */
import type { AllocationInput, RankedFundingRequest, RegionBudget } from '@app/domain';
import { mulberry32 } from '../common/seeded-random';

export interface AllocationInstanceSize {
  proposals: number;
  regions: number;
  seed: number;
  /** Commitment = this share of the region's total demand. */
  commitmentShare: number;
}

export function generateAllocationInstance(size: AllocationInstanceSize): AllocationInput {
  const next = mulberry32(size.seed);
  const between = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const codes = Array.from({ length: size.regions }, (_, i) => `R${String(i).padStart(2, '0')}`);
  const currencies = codes.map((_, i) => (i % 7 === 3 ? 'CHF' : 'EUR'));
  const weights = codes.map((_, i) => 1 / Math.pow(i + 1, 0.6));
  const total = weights.reduce((s, w) => s + w, 0);
  const drawRegion = (): number => {
    let x = next() * total;
    for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
    return weights.length - 1;
  };

  const demand = new Array<number>(size.regions).fill(0);
  const proposals: RankedFundingRequest[] = [];
  for (let i = 0; i < size.proposals; i++) {
    const want = Math.min(size.regions, between(2, 6));
    const chosen = new Set<number>();
    while (chosen.size < want) chosen.add(drawRegion());
    const partners: RankedFundingRequest['partners'] = [];
    for (const r of chosen) {
      const count = between(1, 3);
      for (let k = 0; k < count; k++) {
        const units =
          Math.round(Math.exp(Math.log(40_000) + next() * (Math.log(400_000) - Math.log(40_000))) / 100) * 100;
        const requestedGrant = units * 100;
        demand[r] += requestedGrant;
        partners.push({
          partnerId: `P${String(i).padStart(5, '0')}-${codes[r]}-${k}`,
          regionCode: codes[r],
          requestedGrant,
        });
      }
    }
    proposals.push({ proposalId: `P${String(i).padStart(5, '0')}`, partners });
  }
  const regions: RegionBudget[] = codes.map((regionCode, r) => {
    const commitment = Math.round((demand[r] * size.commitmentShare) / 100) * 100;
    return {
      regionCode,
      currency: currencies[r],
      commitment,
      flexibility: Math.round(commitment / 2_000) * 100,
      alreadyAllocated: 0,
    };
  });
  return {
    proposals,
    regions,
    flexibilityAllowed: true,
    policy: 'CONTINUE_PAST_GAPS',
    referenceRates: { CHF: '1.0650' },
  };
}
