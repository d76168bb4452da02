import type { AllocationPolicy } from '../calls/call-configuration';
import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import { allocatePrepared } from './allocation';
import { prepareAllocation } from './allocation-input';
import type { ProposalAllocation, RankedFundingRequest, RegionBudget } from './allocation-model';

/** A selected proposal of the current decision: what it holds per region (minor units). */
export interface SelectedHolding {
  proposalId: string;
  amounts: Array<{ regionCode: string; amount: number }>;
}

export interface ReservePromotionInput {
  /** The regions' budgets; `alreadyAllocated` = what is held outside this decision (default 0). */
  regions: RegionBudget[];
  /** The decision's selected proposals as they stand before the release (the freed amounts included). */
  selected: SelectedHolding[];
  /** The reserve list, in rank order. */
  reserve: RankedFundingRequest[];
  /** What the withdrawal or the failed grant frees per region (≤ what the selected hold there). */
  freed: Array<{ regionCode: string; amount: number }>;
  flexibilityAllowed: boolean;
  policy: AllocationPolicy;
  referenceRates: Record<string, string>;
}

export interface PromotionRegion {
  regionCode: string;
  currency: string;
  /** What the region had for the reserve list: its remaining budget plus what was freed. */
  availableBefore: number;
  /** Taken by the promoted proposals. */
  promoted: number;
  /** availableBefore − promoted. */
  remaining: number;
}

export interface ReservePromotionResult {
  /** The reserve proposals that now fit, in rank order, with their regional amounts. */
  promoted: ProposalAllocation[];
  /** The rest of the reserve list, in rank order, with their reasons and shortfalls. */
  stillReserve: ProposalAllocation[];
  /** Sorted by region code. */
  regions: PromotionRegion[];
}

/**
 * SPEC F5: after a selected proposal withdraws or a partner's grant fails, the freed amounts go to the
 * reserve list, walked in rank order with the F1 rules: each reserve proposal that now fits in every
 * one of its regions is promoted (its amounts reserved together); under BINDING_RANKING the walk stops
 * at the first that does not fit. The budget for the walk is, per region, commitment + usable
 * flexibility − alreadyAllocated − what the selected hold + freed, so a promotion never overdraws.
 * Throws INVALID_ALLOCATION_INPUT when more is freed than the selected hold in a region, a proposal is
 * both selected and reserve, or any amount is not a non-negative integer.
 */
export function promoteReserve(input: ReservePromotionInput): ReservePromotionResult {
  const violations: Violation[] = [];
  const held = new Map<string, number>();
  const selectedIds = new Set<string>();
  input.selected.forEach((s, i) => {
    selectedIds.add(s.proposalId);
    s.amounts.forEach((a, k) => {
      if (!Number.isSafeInteger(a.amount) || a.amount < 0) {
        violations.push({
          field: `selected[${i}].amounts[${k}].amount`,
          code: 'INVALID_AMOUNT',
          message: `Money is a non-negative whole number of minor units; got ${String(a.amount)}.`,
          params: { actual: String(a.amount) },
        });
      } else held.set(a.regionCode, (held.get(a.regionCode) ?? 0) + a.amount);
    });
  });
  input.reserve.forEach((r, i) => {
    if (selectedIds.has(r.proposalId)) {
      violations.push({
        field: `reserve[${i}].proposalId`,
        code: 'PROPOSAL_SELECTED_AND_RESERVE',
        message: `The proposal ${r.proposalId} is both selected and on the reserve list.`,
        params: { proposalId: r.proposalId },
      });
    }
  });
  const freed = new Map<string, number>();
  input.freed.forEach((f, i) => {
    if (!Number.isSafeInteger(f.amount) || f.amount < 0) {
      violations.push({
        field: `freed[${i}].amount`,
        code: 'INVALID_AMOUNT',
        message: `Money is a non-negative whole number of minor units; got ${String(f.amount)}.`,
        params: { actual: String(f.amount) },
      });
    } else if (freed.has(f.regionCode)) {
      violations.push({
        field: `freed[${i}].regionCode`,
        code: 'DUPLICATE_REGION',
        message: `The region ${f.regionCode} is freed twice.`,
        params: { regionCode: f.regionCode },
      });
    } else if (f.amount > (held.get(f.regionCode) ?? 0)) {
      violations.push({
        field: `freed[${i}].amount`,
        code: 'FREED_MORE_THAN_HELD',
        message:
          `The selected proposals hold ${held.get(f.regionCode) ?? 0} in ` +
          `${f.regionCode}; ${f.amount} cannot be freed.`,
        params: { limit: held.get(f.regionCode) ?? 0, regionCode: f.regionCode, amount: f.amount },
      });
    } else freed.set(f.regionCode, f.amount);
  });
  const known = new Set(input.regions.map((r) => r.regionCode));
  for (const code of new Set([...held.keys(), ...freed.keys()])) {
    if (!known.has(code))
      violations.push({
        field: 'regions',
        code: 'UNKNOWN_REGION',
        message: `The region ${code} has no budget.`,
        params: { regionCode: code },
      });
  }
  if (violations.length)
    throw new DomainError(
      'INVALID_ALLOCATION_INPUT',
      `The promotion input has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );

  const p = prepareAllocation({
    proposals: input.reserve,
    regions: input.regions.map((r) => ({
      ...r,
      alreadyAllocated: (r.alreadyAllocated ?? 0) + (held.get(r.regionCode) ?? 0) - (freed.get(r.regionCode) ?? 0),
    })),
    flexibilityAllowed: input.flexibilityAllowed,
    policy: input.policy,
    referenceRates: input.referenceRates,
  });
  const { result } = allocatePrepared(p);
  return {
    promoted: result.proposals.filter((x) => x.status === 'SELECTED'),
    stillReserve: result.proposals.filter((x) => x.status === 'RESERVE'),
    regions: result.regions.map((r) => ({
      regionCode: r.regionCode,
      currency: r.currency,
      availableBefore: r.remaining + r.allocated,
      promoted: r.allocated,
      remaining: r.remaining,
    })),
  };
}
