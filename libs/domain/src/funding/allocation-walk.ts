import type { PreparedAllocation } from './allocation-input';

/**
 * The F1 walk itself, over prepared input: O(rows) for a whole walk, where rows = Σ regions per
 * proposal. It keeps enough state (a copy of the regions' usage every CHECKPOINT proposals) to resume
 * from any index after capacities changed, which is what makes F3 top-ups cheap: nothing before the
 * first proposal whose outcome can change is walked again. Internal to the funding folder.
 */
export const CHECKPOINT = 64;

export interface WalkState {
  /** 1 = SELECTED, 0 = RESERVE, for the indices walked so far. */
  selected: Uint8Array;
  /** Usage of each region by this walk (not counting `alreadyAllocated`, which is in the capacity). */
  used: Float64Array;
  /** Index of the first RESERVE proposal, or -1. */
  gap: number;
  /** `used` before proposal k·CHECKPOINT, at [k·R, (k+1)·R). */
  checkpoints: Float64Array;
}

/** Called for each RESERVE proposal with the usage at its place (read it, do not keep it). */
export type ReserveObserver = (index: number, used: Float64Array, capacity: Float64Array) => void;

export function newWalkState(p: PreparedAllocation): WalkState {
  const n = p.ids.length;
  const regions = p.regionCodes.length;
  return {
    selected: new Uint8Array(n),
    used: new Float64Array(regions),
    gap: -1,
    checkpoints: new Float64Array((Math.floor(n / CHECKPOINT) + 1) * regions),
  };
}

export function copyWalkState(s: WalkState): WalkState {
  return { selected: s.selected.slice(), used: s.used.slice(), gap: s.gap, checkpoints: s.checkpoints.slice() };
}

/** Does proposal `i` fit in what `capacity` − `used` leaves in each of its regions? */
export function fits(p: PreparedAllocation, i: number, used: Float64Array, capacity: Float64Array): boolean {
  for (let e = p.start[i]; e < p.start[i + 1]; e++) {
    const r = p.region[e];
    if (p.amount[e] > 0 && p.amount[e] > capacity[r] - used[r]) return false; // a zero request never blocks
  }
  return true;
}

/**
 * Walks proposals [from, to) on `state`, which must hold the walk's state before `from` (see
 * `rewindTo`). Selected proposals add their rows to `used`; under BINDING_RANKING nothing after the
 * first gap is selected (usage stays frozen there, so later shortfalls are measured at the gap).
 */
export function walkRange(
  p: PreparedAllocation,
  capacity: Float64Array,
  state: WalkState,
  from: number,
  to: number,
  onReserve?: ReserveObserver,
): void {
  const regions = p.regionCodes.length;
  const binding = p.policy === 'BINDING_RANKING';
  const { selected, used, checkpoints } = state;
  for (let i = from; i < to; i++) {
    if (i % CHECKPOINT === 0) checkpoints.set(used, (i / CHECKPOINT) * regions);
    if (binding && state.gap >= 0) {
      if (!onReserve) {
        // Nothing below a binding gap can change the usage: mark the rest and stop.
        for (let k = i + ((CHECKPOINT - (i % CHECKPOINT)) % CHECKPOINT); k < to; k += CHECKPOINT)
          checkpoints.set(used, (k / CHECKPOINT) * regions);
        selected.fill(0, i, to);
        return;
      }
      selected[i] = 0;
      onReserve(i, used, capacity);
      continue;
    }
    if (fits(p, i, used, capacity)) {
      selected[i] = 1;
      for (let e = p.start[i]; e < p.start[i + 1]; e++) used[p.region[e]] += p.amount[e];
    } else {
      selected[i] = 0;
      if (state.gap < 0) state.gap = i;
      if (onReserve) onReserve(i, used, capacity);
    }
  }
}

/**
 * Puts `state` back to just before proposal `index`, assuming every outcome before `index` is still
 * the one recorded in `state.selected`: restores the nearest checkpoint and replays at most
 * CHECKPOINT − 1 proposals.
 */
export function rewindTo(p: PreparedAllocation, state: WalkState, index: number): void {
  const regions = p.regionCodes.length;
  const k = Math.floor(index / CHECKPOINT);
  state.used.set(state.checkpoints.subarray(k * regions, (k + 1) * regions));
  for (let i = k * CHECKPOINT; i < index; i++) {
    if (state.selected[i] === 1)
      for (let e = p.start[i]; e < p.start[i + 1]; e++) state.used[p.region[e]] += p.amount[e];
  }
  if (state.gap >= index) state.gap = -1;
}

/** The whole walk from scratch. */
export function fullWalk(p: PreparedAllocation, capacity: Float64Array, onReserve?: ReserveObserver): WalkState {
  const state = newWalkState(p);
  walkRange(p, capacity, state, 0, p.ids.length, onReserve);
  return state;
}
