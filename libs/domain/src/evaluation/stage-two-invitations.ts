import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import { decimalOf } from './exact-decimal';
import type { MinorUnits } from './ranking';

export interface StageOneRankedProposal {
  proposalId: string;
  /** The pre-proposal's total requested funding, EUR reference minor units (cents). */
  requestedFundingEur: MinorUnits;
}

export interface StageTwoInvitationInput {
  /** The stage-1 ranked proposals (ABOVE_THRESHOLD only), rank 1 first. */
  ranking: StageOneRankedProposal[];
  /** The committed budget of the call (all confirmed commitments), EUR reference minor units. */
  committedBudgetEur: MinorUnits;
  /** `oversubscriptionFactor` of the call (above 0, decimals allowed, e.g. 3 or 2.5). */
  oversubscriptionFactor: number;
}

export interface StageTwoInvitations {
  /** A prefix of the ranking. */
  invitedIds: string[];
  /** The rest of the ranking, in rank order. */
  notInvitedIds: string[];
  /** Σ requested funding of the invited, EUR cents; never above `capEur`. */
  invitedTotalEur: number;
  /** factor × committed budget, EUR cents, rounded down (whole cents fit under it iff under the exact cap). */
  capEur: number;
  committedBudgetEur: number;
  oversubscriptionFactor: number;
  /** The first proposal not invited and why; null when the whole ranking is invited. */
  firstNotInvited: {
    proposalId: string;
    requestedFundingEur: number;
    /** The invited total had it been invited. */
    totalIfInvitedEur: number;
    reason: 'WOULD_EXCEED_CAP';
  } | null;
}

function toCents(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new DomainError('AMOUNT_OUT_OF_RANGE', `${what} is too large to represent exactly.`, 'rule');
  return n;
}

/**
 * SPEC V7, two-stage calls: which pre-proposals are invited to stage 2. A strict walk down the stage-1
 * ranking: a proposal is invited while the invited total including it stays ≤ factor × committed
 * budget (exactly: total × 10^d ≤ budget × factor·10^d, the factor read as the decimal it was written
 * as); the walk stops at the first proposal that would exceed the cap — nothing further down is
 * invited, even when it would fit (the invited set is a prefix of the ranking, which keeps the
 * ranking binding for stage 2). A total exactly at the cap is allowed. Amounts are EUR reference
 * cents (convert CHF with `toEurReference` first). Throws INVALID_INVITATION_INPUT listing every
 * bad amount, duplicate id or a factor that is not a positive number.
 */
export function stageTwoInvitations(input: StageTwoInvitationInput): StageTwoInvitations {
  const violations: Violation[] = [];
  const budget = toCents(input.committedBudgetEur);
  if (budget === undefined)
    violations.push({
      field: 'committedBudgetEur',
      code: 'INVALID_AMOUNT',
      message: 'Money is a non-negative whole number of cents.',
    });
  const factorOk =
    typeof input.oversubscriptionFactor === 'number' &&
    Number.isFinite(input.oversubscriptionFactor) &&
    input.oversubscriptionFactor > 0;
  if (!factorOk)
    violations.push({
      field: 'oversubscriptionFactor',
      code: 'OVERSUBSCRIPTION_OUT_OF_RANGE',
      message: 'The oversubscription factor is a number above 0.',
    });
  const seen = new Set<string>();
  const amounts = input.ranking.map((p, i) => {
    if (seen.has(p.proposalId))
      violations.push({
        field: `ranking[${i}].proposalId`,
        code: 'DUPLICATE_PROPOSAL',
        message: `The proposal ${p.proposalId} is listed twice.`,
        params: { proposalId: p.proposalId },
      });
    seen.add(p.proposalId);
    const amount = toCents(p.requestedFundingEur);
    if (amount === undefined)
      violations.push({
        field: `ranking[${i}].requestedFundingEur`,
        code: 'INVALID_AMOUNT',
        message: 'Money is a non-negative whole number of cents.',
      });
    return amount ?? 0n;
  });
  if (violations.length > 0 || budget === undefined) {
    throw new DomainError(
      'INVALID_INVITATION_INPUT',
      `The stage-2 invitation input has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );
  }

  const factor = decimalOf(input.oversubscriptionFactor);
  const scale = 10n ** BigInt(factor.scale);
  const capScaled = budget * factor.units; // the cap × 10^d
  let total = 0n;
  let stop = input.ranking.length;
  for (let i = 0; i < input.ranking.length; i++) {
    if ((total + amounts[i]) * scale > capScaled) {
      stop = i;
      break;
    }
    total += amounts[i];
  }
  const first = stop < input.ranking.length ? input.ranking[stop] : undefined;
  return {
    invitedIds: input.ranking.slice(0, stop).map((p) => p.proposalId),
    notInvitedIds: input.ranking.slice(stop).map((p) => p.proposalId),
    invitedTotalEur: toSafeNumber(total, 'The invited total'),
    capEur: toSafeNumber(capScaled / scale, 'The cap'),
    committedBudgetEur: toSafeNumber(budget, 'The committed budget'),
    oversubscriptionFactor: input.oversubscriptionFactor,
    firstNotInvited: first
      ? {
          proposalId: first.proposalId,
          requestedFundingEur: toSafeNumber(amounts[stop], 'The requested funding'),
          totalIfInvitedEur: toSafeNumber(total + amounts[stop], 'The invited total'),
          reason: 'WOULD_EXCEED_CAP',
        }
      : null,
  };
}
