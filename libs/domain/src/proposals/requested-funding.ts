import { DomainError } from '../domain-error';
import { FULL_RATE_BPS } from './funding-rate';
import type { ProposalPartner } from './proposal-model';

export interface RegionalRequest {
  regionCode: string;
  /** Minor units of the region's currency. */
  requestedGrant: number;
  partnerCount: number;
}

/**
 * What a proposal asks of each region: the funded partners' requested grants summed per region,
 * sorted by region code (code-unit order, not locale order). Self-funded partners are left out. Sums
 * are exact (BigInt); one beyond the safe-integer range is refused with AMOUNT_OUT_OF_RANGE. Amounts
 * are assumed valid (checkProposal refuses malformed ones).
 */
export function requestedFundingByRegion(partners: ProposalPartner[]): RegionalRequest[] {
  const byRegion = new Map<string, { total: bigint; count: number }>();
  for (const p of partners) {
    if (!p.funded) continue;
    const entry = byRegion.get(p.regionCode) ?? { total: 0n, count: 0 };
    entry.total += BigInt(p.requestedGrant);
    entry.count += 1;
    byRegion.set(p.regionCode, entry);
  }
  return [...byRegion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([regionCode, { total, count }]) => ({
      regionCode,
      requestedGrant: toSafeNumber(total, `The requested grant of region ${regionCode}`),
      partnerCount: count,
    }));
}

/**
 * The SME share of a proposal's requested funding in basis points (SPEC §5 V8 tie-break): the funded
 * SME partners' requested grants × 10 000 / all funded partners' requested grants, rounded down; 0
 * when nothing is requested. Sums across regions add minor units of different currencies as they are
 * (no conversion), which is what a tie-break between proposals of one call needs.
 */
export function smeShareBps(partners: ProposalPartner[]): number {
  let sme = 0n;
  let total = 0n;
  for (const p of partners) {
    if (!p.funded) continue;
    const grant = BigInt(p.requestedGrant);
    total += grant;
    if (p.organisationType === 'SME') sme += grant;
  }
  if (total === 0n) return 0;
  return Number((sme * BigInt(FULL_RATE_BPS)) / total);
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new DomainError('AMOUNT_OUT_OF_RANGE', `${what} is too large to represent exactly.`);
  return n;
}
