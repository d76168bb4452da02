import { toEurReference } from '../calls/budget';
import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import { allocatePrepared } from './allocation';
import { baseCapacity, prepareAllocation } from './allocation-input';
import type { PreparedAllocation } from './allocation-input';
import type { AllocationInput, AllocationResult } from './allocation-model';
import { copyWalkState, fullWalk, rewindTo, walkRange } from './allocation-walk';
import type { WalkState } from './allocation-walk';

/** What one region must add to its commitment to fund a reserve proposal (F3). */
export interface RegionTopUp {
  regionCode: string;
  currency: string;
  /** Minor units of the region's currency, > 0. */
  amount: number;
  amountEur: number;
}

export interface TopUpResult {
  proposalId: string;
  /** Regions with a top-up, sorted by code; empty when the proposal is already SELECTED. */
  topUps: RegionTopUp[];
  /** Sum of the regions' `amountEur`. */
  totalEur: number;
  /** How many times the walk was re-run (0 when already SELECTED). */
  iterations: number;
  /** Proposals ranked above it, RESERVE before, that the top-ups fund first (as the ranking demands). */
  alsoSelected: string[];
  /** Proposals ranked below it, SELECTED before, that the top-ups leave RESERVE. */
  displaced: string[];
}

export interface BudgetChange {
  regionCode: string;
  commitment?: number;
  flexibility?: number;
  alreadyAllocated?: number;
}

export interface WhatIfOptions {
  /** Whose top-ups to compute: every RESERVE proposal (default), none, or the listed ids. */
  topUps?: 'ALL' | 'NONE' | readonly string[];
}

export interface WhatIfResult {
  allocation: AllocationResult;
  /** In rank order. */
  topUps: TopUpResult[];
}

/**
 * SPEC F3 for the proposal at index `t`, from the walk `base` with capacities `capacity`. The top-up
 * must fund a set W of proposals: the proposal itself, every proposal above it the base walk selected
 * (a top-up never pushes one of them out), every earlier reserve proposal a re-run unblocked (funded
 * first, as the ranking demands) and, under BINDING_RANKING, the gap above it (it must be closed before
 * anything below it can be funded).
 *
 * 1. The first increment is, per region, what W needs beyond the capacity — at first exactly the
 *    proposal's shortfalls at its place in the walk (plus, binding, the gap's);
 * 2. the commitments are raised by it and the walk re-run, only from the first RESERVE proposal that
 *    touches a raised region (nothing before it can change) up to the proposal;
 * 3. proposals above it that are now selected join W (and, binding, the new gap); if the proposal is
 *    still RESERVE or a base-selected one was pushed out, the shortfall that remains — what W needs
 *    beyond the raised capacity — is the next increment; repeat.
 *
 * If a re-run selects nobody outside W above the proposal, every member of W fits (the capacities
 * cover W's total and nothing else takes money before the proposal), so it is selected; otherwise W
 * grows. Hence at most (proposals above it) + 1 walks; the loop is capped at proposals + 1 all the same
 * (TOP_UP_DID_NOT_CONVERGE). Adding each member's own shortfall instead would not bound the count: with
 * one region of 0 and requests 32, 32, 1, 31 the fourth needs six walks.
 */
function topUpAt(p: PreparedAllocation, capacity: Float64Array, base: WalkState, t: number): TopUpResult {
  const id = p.ids[t];
  if (base.selected[t] === 1)
    return { proposalId: id, topUps: [], totalEur: 0, iterations: 0, alsoSelected: [], displaced: [] };
  const binding = p.policy === 'BINDING_RANKING';
  const regions = p.regionCodes.length;
  const state = copyWalkState(base);
  const cap = capacity.slice();
  const topUp = new Float64Array(regions);
  const increment = new Float64Array(regions);
  /** Members of W above the proposal, and W's total per region. */
  const member = base.selected.slice(0, t);
  const demand = new Float64Array(regions);
  const join = (i: number): void => {
    if (i < t) member[i] = 1;
    for (let e = p.start[i]; e < p.start[i + 1]; e++) demand[p.region[e]] += p.amount[e];
  };

  // Step 1: the base-selected above it are what the walk had used at its place (binding: at the gap).
  rewindTo(p, state, t);
  demand.set(state.used);
  join(t);
  if (binding && base.gap >= 0 && base.gap < t) join(base.gap);

  let iterations = 0;
  const limit = p.ids.length + 1;
  for (;;) {
    if (iterations >= limit) {
      throw new DomainError(
        'TOP_UP_DID_NOT_CONVERGE',
        `The top-up of ${id} did not converge in ${limit} walks.`,
        'rule',
        [],
        { proposalId: id, limit },
      );
    }
    iterations += 1;
    for (let r = 0; r < regions; r++) increment[r] = Math.max(0, demand[r] - cap[r]);
    // Step 2: raise the capacities; re-walk from the first reserve proposal that touches a raised
    // region (everything before the first gap is selected, so the search starts there).
    let resumeAt = t;
    for (let i = state.gap < 0 ? t : state.gap; i < t && resumeAt === t; i++) {
      if (state.selected[i] === 1) continue;
      for (let e = p.start[i]; e < p.start[i + 1]; e++) {
        if (increment[p.region[e]] > 0) {
          resumeAt = i;
          break;
        }
      }
    }
    for (let r = 0; r < regions; r++) {
      topUp[r] += increment[r];
      cap[r] += increment[r];
    }
    rewindTo(p, state, resumeAt);
    let pushedOut = false;
    // Binding: the base-selected form a prefix that more capacity cannot break, and nothing below a
    // gap needs looking at (the walk marks the rest RESERVE at once).
    const observe = binding
      ? undefined
      : (i: number): void => {
          if (i < t && base.selected[i] === 1) pushedOut = true;
        };
    walkRange(p, cap, state, resumeAt, t + 1, observe);
    if (state.selected[t] === 1 && !pushedOut) break;
    // Step 3: who joins W.
    for (let i = resumeAt; i < t; i++) if (state.selected[i] === 1 && member[i] === 0) join(i);
    if (binding && state.gap >= 0 && state.gap < t && member[state.gap] === 0) join(state.gap);
  }

  // The full walk with the final capacities, for what the top-ups change below the proposal.
  walkRange(p, cap, state, t + 1, p.ids.length);
  const alsoSelected: string[] = [];
  const displaced: string[] = [];
  for (let i = 0; i < p.ids.length; i++) {
    if (i < t && base.selected[i] === 0 && state.selected[i] === 1) alsoSelected.push(p.ids[i]);
    if (i > t && base.selected[i] === 1 && state.selected[i] === 0) displaced.push(p.ids[i]);
  }
  const topUps: RegionTopUp[] = [];
  let totalEur = 0;
  for (let r = 0; r < regions; r++) {
    if (topUp[r] <= 0) continue;
    const amountEur = toEurReference(topUp[r], p.currencies[r], p.referenceRates);
    totalEur += amountEur;
    topUps.push({ regionCode: p.regionCodes[r], currency: p.currencies[r], amount: topUp[r], amountEur });
  }
  return { proposalId: id, topUps, totalEur, iterations, alsoSelected, displaced };
}

function indexOf(p: PreparedAllocation, proposalId: string): number {
  const t = p.proposalIndex.get(proposalId);
  if (t === undefined) {
    throw new DomainError(
      'UNKNOWN_PROPOSAL',
      `The proposal ${proposalId} is not in this ranking.`,
      'not-found',
      [
        {
          field: 'proposalId',
          code: 'UNKNOWN_PROPOSAL',
          message: `The proposal ${proposalId} is not in this ranking.`,
          params: { proposalId },
        },
      ],
      { proposalId },
    );
  }
  return t;
}

/**
 * SPEC F3: the top-up per region that funds the proposal `proposalId` of this walk (see `topUpAt` for
 * the iteration). Raising each region's commitment by its top-up selects the proposal and keeps every
 * proposal above it that was selected. Throws UNKNOWN_PROPOSAL (not-found), INVALID_ALLOCATION_INPUT.
 */
export function computeTopUp(input: AllocationInput, proposalId: string): TopUpResult {
  const p = prepareAllocation(input);
  const t = indexOf(p, proposalId);
  const capacity = baseCapacity(p);
  return topUpAt(p, capacity, fullWalk(p, capacity), t);
}

/** The input with some regions' budgets replaced (what-if). Throws on an unknown or repeated region. */
export function withBudgetChanges(input: AllocationInput, changes: readonly BudgetChange[]): AllocationInput {
  const violations: Violation[] = [];
  const byCode = new Map<string, BudgetChange>();
  const known = new Set(input.regions.map((r) => r.regionCode));
  changes.forEach((c, i) => {
    if (!known.has(c.regionCode))
      violations.push({
        field: `changedBudgets[${i}].regionCode`,
        code: 'UNKNOWN_REGION',
        message: `The region ${String(c.regionCode)} has no budget in this walk.`,
        params: { regionCode: String(c.regionCode) },
      });
    else if (byCode.has(c.regionCode))
      violations.push({
        field: `changedBudgets[${i}].regionCode`,
        code: 'DUPLICATE_REGION',
        message: `The region ${c.regionCode} is changed twice.`,
        params: { regionCode: c.regionCode },
      });
    byCode.set(c.regionCode, c);
  });
  if (violations.length)
    throw new DomainError(
      'INVALID_ALLOCATION_INPUT',
      `The budget changes have ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );
  return {
    ...input,
    regions: input.regions.map((r) => {
      const c = byCode.get(r.regionCode);
      if (!c) return r;
      return {
        ...r,
        commitment: c.commitment ?? r.commitment,
        flexibility: c.flexibility ?? r.flexibility,
        alreadyAllocated: c.alreadyAllocated ?? r.alreadyAllocated,
      };
    }),
  };
}

/**
 * SPEC F3 what-if: the F1 walk with some regions' budgets changed, nothing saved, plus the top-up of
 * every RESERVE proposal (or of the ones asked for; `'NONE'` for the walk alone). One top-up costs a
 * few partial walks; all of them on a large call cost proposals × that — ask for the ones you show.
 */
export function whatIf(
  input: AllocationInput,
  changedBudgets: readonly BudgetChange[],
  options: WhatIfOptions = {},
): WhatIfResult {
  const p = prepareAllocation(withBudgetChanges(input, changedBudgets));
  const capacity = baseCapacity(p);
  const { result, state } = allocatePrepared(p, capacity);
  const wanted = options.topUps ?? 'ALL';
  let targets: number[];
  if (wanted === 'NONE') targets = [];
  else if (wanted === 'ALL') targets = result.proposals.filter((x) => x.status === 'RESERVE').map((x) => x.rank - 1);
  else targets = [...new Set(wanted.map((id) => indexOf(p, id)))].sort((a, b) => a - b);
  return { allocation: result, topUps: targets.map((t) => topUpAt(p, capacity, state, t)) };
}
