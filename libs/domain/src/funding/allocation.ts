import { toEurReference } from '../calls/budget';
import { eurReferenceConverter } from './eur-reference';
import { baseCapacity, prepareAllocation } from './allocation-input';
import type { PreparedAllocation } from './allocation-input';
import type {
  AllocationInput,
  AllocationResult,
  ProposalAllocation,
  RegionAllocation,
  RegionalAmount,
  RegionShortfall,
  ReserveReason,
} from './allocation-model';
import { fullWalk } from './allocation-walk';
import type { WalkState } from './allocation-walk';

/** The shortfalls of proposal `i` against the usage at its place (rows that do not fit). */
export function shortfallsAt(
  p: PreparedAllocation,
  i: number,
  used: Float64Array,
  capacity: Float64Array,
): RegionShortfall[] {
  const out: RegionShortfall[] = [];
  for (let e = p.start[i]; e < p.start[i + 1]; e++) {
    const r = p.region[e];
    const available = capacity[r] - used[r];
    if (p.amount[e] > 0 && p.amount[e] > available) {
      out.push({
        regionCode: p.regionCodes[r],
        currency: p.currencies[r],
        requested: p.amount[e],
        available,
        shortfall: p.amount[e] - available,
      });
    }
  }
  return out;
}

/** Each currency's sum converted once (half-even, the call's rate), then added. */
function requestedEur(p: PreparedAllocation, i: number, toEur: (amount: number, currency: string) => number): number {
  let eur = 0;
  let other: Map<string, number> | undefined;
  for (let e = p.start[i]; e < p.start[i + 1]; e++) {
    const currency = p.currencies[p.region[e]];
    if (currency === 'EUR') eur += p.amount[e];
    else (other ??= new Map()).set(currency, (other.get(currency) ?? 0) + p.amount[e]);
  }
  if (other)
    for (const [currency, amount] of [...other].sort(([a], [b]) => (a < b ? -1 : 1))) eur += toEur(amount, currency);
  return eur;
}

/** Turns a finished walk into the F1 result (shared by the allocation, the what-if and the promotion). */
export function describeWalk(
  p: PreparedAllocation,
  capacity: Float64Array,
  state: WalkState,
  shortfalls: Map<number, RegionShortfall[]>,
): AllocationResult {
  const binding = p.policy === 'BINDING_RANKING';
  const proposals: ProposalAllocation[] = [];
  const gaps: string[] = [];
  const eurReference = { selected: 0, reserve: 0, allocatedByRegion: 0 };
  const toEur = eurReferenceConverter(p.referenceRates);
  for (let i = 0; i < p.ids.length; i++) {
    const regions: RegionalAmount[] = [];
    for (let e = p.start[i], k = 0; e < p.start[i + 1]; e++, k++) {
      const r = p.region[e];
      regions.push({
        regionCode: p.regionCodes[r],
        currency: p.currencies[r],
        amount: p.amount[e],
        partners: p.partners[i][k],
      });
    }
    const eur = requestedEur(p, i, toEur);
    const isSelected = state.selected[i] === 1;
    const own = isSelected ? [] : (shortfalls.get(i) ?? []);
    const reasons: ReserveReason[] = [];
    if (!isSelected) {
      if (binding && state.gap >= 0 && i > state.gap) reasons.push('BELOW_A_GAP');
      if (own.length > 0) {
        reasons.push('INSUFFICIENT_BUDGET');
        gaps.push(p.ids[i]);
      }
    }
    if (isSelected) eurReference.selected += eur;
    else eurReference.reserve += eur;
    proposals.push({
      rank: i + 1,
      proposalId: p.ids[i],
      status: isSelected ? 'SELECTED' : 'RESERVE',
      reasons,
      shortfalls: own,
      regions,
      requestedEur: eur,
    });
  }
  const regions: RegionAllocation[] = p.regionCodes.map((regionCode, r) => {
    const usableFlexibility = p.flexibilityAllowed ? p.flexibility[r] : 0;
    const allocated = state.used[r];
    const totalAllocated = p.alreadyAllocated[r] + allocated;
    const flexibilityUsed = Math.min(usableFlexibility, Math.max(0, totalAllocated - p.commitment[r]));
    const allocatedEur = toEurReference(allocated, p.currencies[r], p.referenceRates);
    eurReference.allocatedByRegion += allocatedEur;
    return {
      regionCode,
      currency: p.currencies[r],
      commitment: p.commitment[r],
      flexibility: p.flexibility[r],
      usableFlexibility,
      alreadyAllocated: p.alreadyAllocated[r],
      allocated,
      totalAllocated,
      remaining: capacity[r] - allocated,
      flexibilityUsed,
      usedFlexibility: flexibilityUsed > 0,
      allocatedEur,
    };
  });
  return {
    policy: p.policy,
    flexibilityAllowed: p.flexibilityAllowed,
    proposals,
    regions,
    gaps,
    firstGap: state.gap >= 0 ? p.ids[state.gap] : null,
    eurReference,
  };
}

/** Runs the walk on prepared input with the given capacities and describes it. */
export function allocatePrepared(
  p: PreparedAllocation,
  capacity: Float64Array = baseCapacity(p),
): { result: AllocationResult; state: WalkState } {
  const shortfalls = new Map<number, RegionShortfall[]>();
  const state = fullWalk(p, capacity, (i, used, cap) => {
    const s = shortfallsAt(p, i, used, cap);
    if (s.length) shortfalls.set(i, s);
  });
  return { result: describeWalk(p, capacity, state, shortfalls), state };
}

/**
 * SPEC F1, the virtual common pot: walks down the ranking (the input order); a proposal is SELECTED
 * when every region with funded partners in it can still cover those partners' requests from its
 * commitment minus allocations (plus its flexibility when the call allows it) — all its regional
 * amounts are then reserved together — otherwise RESERVE with the blocking regions and shortfalls.
 * CONTINUE_PAST_GAPS walks on past a gap; BINDING_RANKING selects nothing below the first gap (those
 * proposals are RESERVE `BELOW_A_GAP`, with their own shortfalls measured at the gap). Every gap is
 * listed. Deterministic; the regions' input order does not matter. O(Σ regions per proposal), plus one
 * EUR conversion per non-EUR currency per proposal. Throws INVALID_ALLOCATION_INPUT (every problem
 * listed).
 */
export function allocateFunding(input: AllocationInput): AllocationResult {
  return allocatePrepared(prepareAllocation(input)).result;
}
