import { DomainError } from '../domain-error';

/** 100 % in basis points. */
export const FULL_RATE_BPS = 10_000;

/**
 * The largest grant a funding rate allows (SPEC §3: "rate × eligible costs rounds down to the minor
 * unit"): floor(eligibleCosts × rateBps / 10 000), computed exactly with BigInt so that no product of
 * two safe integers loses a cent to float rounding. Both arguments are non-negative safe integers
 * (minor units and basis points); anything else, or a result beyond the safe-integer range (only
 * possible with a rate above 100 %), is refused with INVALID_AMOUNT.
 */
export function maxGrantFor(eligibleCosts: number, rateBps: number): number {
  if (!Number.isSafeInteger(eligibleCosts) || eligibleCosts < 0) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `Eligible costs must be a whole number of minor units, 0 or more (got ${String(eligibleCosts)}).`,
      'rule',
      [],
      {
        actual: String(eligibleCosts),
      },
    );
  }
  if (!Number.isSafeInteger(rateBps) || rateBps < 0) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `A funding rate must be a whole number of basis points, 0 or more (got ${String(rateBps)}).`,
      'rule',
      [],
      {
        actual: String(rateBps),
      },
    );
  }
  // Both factors are non-negative, so BigInt's truncating division is the floor.
  const max = (BigInt(eligibleCosts) * BigInt(rateBps)) / BigInt(FULL_RATE_BPS);
  const n = Number(max);
  if (!Number.isSafeInteger(n)) {
    throw new DomainError(
      'INVALID_AMOUNT',
      `${eligibleCosts} at ${rateBps} basis points is too large to represent exactly.`,
    );
  }
  return n;
}
