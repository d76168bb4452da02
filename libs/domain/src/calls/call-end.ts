import { REDRESS_WINDOW_MS } from '../evaluation/redress';
import { REDRESS_WINDOW_GRACE_MS } from '../proposals/proposal-timers';
import type { CallState } from './call-lifecycle';

/**
 * What the call's workflow needs to know after DECIDED (SPEC §4 `DECIDED → MONITORING → CLOSED`), read from the
 * database whenever a project starts or ends or the reserve list closes: the workflow decides with
 * {@link nextCallEndStep}.
 */
export interface CallEndFacts {
  /** `joint_call.state`. */
  state: CallState;
  /** A promotion from the reserve list (F5) awaits the agencies. */
  promotionPending: boolean;
  /** The programme manager closed the reserve list and no proposal is RESERVE again since. */
  reserveListClosed: boolean;
  /** SELECTED or FUNDED proposals of the call that have no project (yet). */
  fundedWithoutProject: number;
  /**
   * Redress requests awaiting their outcome, and proposals of the current stage a redress re-opened that are back in
   * the eligibility check or the evaluation (V9: they may still enter the decision through the reserve list).
   */
  redressOpen: number;
  /** Projects neither started nor ended: ACTIVE or SUSPENDED with the consortium agreement not yet accepted. */
  projectsNotStarted: number;
  /** Projects still running: ACTIVE or SUSPENDED. */
  projectsRunning: number;
  /** Projects of the call, whatever their state. */
  projects: number;
  /**
   * When the last redress window of the call closes (ISO): the latest result sent to a proposal of the call that has
   * no request for its stage yet (`RedressRepository.latestUnchallengedResultAt`), plus the 30 days of V9 and
   * {@link REDRESS_WINDOW_GRACE_MS}; `null` when no proposal can file any more. Absent in facts read before it existed.
   */
  redressWindowClosesAt?: string | null;
}

export type CallEndStep =
  /** DECIDED → MONITORING: every funded project has started and the decision can no longer change. */
  | { kind: 'MONITOR' }
  /**
   * → CLOSED: from MONITORING once every project has ended; from DECIDED (through MONITORING, in one transaction)
   * when the decision, final, funded no project at all.
   */
  | { kind: 'CLOSE' }
  /** Nothing to do until a project starts or ends or the reserve list closes. */
  | { kind: 'WAIT' }
  /** The call is CLOSED: its workflow completes. */
  | { kind: 'DONE' };

/** When the call's last redress window closes, for a result sent at `resultAt` (ms): V9's 30 days and the grace. */
export function redressWindowClosesAt(resultAt: number): number {
  return resultAt + REDRESS_WINDOW_MS + REDRESS_WINDOW_GRACE_MS;
}

/** Whether a proposal of the call can still file a redress request at `nowMs` (see `redressWindowClosesAt`). */
export function redressWindowOpen(facts: CallEndFacts, nowMs: number): boolean {
  return facts.redressWindowClosesAt != null && Date.parse(facts.redressWindowClosesAt) > nowMs;
}

/**
 * The decision is final when no promotion awaits the agencies, the reserve list is closed, no redress is open and none
 * can still be filed (a proposal's 30-day window, V9, is still running) — so no proposal can still be promoted or come
 * back through redress, which need DECIDED — and every funded proposal has its project.
 */
export function isDecisionFinal(facts: CallEndFacts, nowMs: number): boolean {
  return (
    !facts.promotionPending &&
    facts.reserveListClosed &&
    facts.redressOpen === 0 &&
    !redressWindowOpen(facts, nowMs) &&
    facts.fundedWithoutProject === 0
  );
}

/**
 * When the call's workflow must look again without being told: the instant the last redress window closes, while the
 * call is DECIDED and that window is all that may still hold it there; `null` otherwise (a signal, or the daily look,
 * will do).
 */
export function callEndWakeAt(facts: CallEndFacts, nowMs: number): number | null {
  if (facts.state !== 'DECIDED' || !redressWindowOpen(facts, nowMs)) return null;
  return Date.parse(facts.redressWindowClosesAt!);
}

/**
 * How often the call's workflow looks at its end without being signalled (a re-evaluation after redress ends
 * without telling the call; and a lost signal costs at most this long).
 */
export const CALL_END_LOOK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The call workflow's next step after DECIDED, at `nowMs` (the workflow's clock):
 * - DECIDED: once the decision is final (see {@link isDecisionFinal}), MONITOR when every project has started (its
 *   consortium agreement accepted, or it already ended); CLOSE when there is no project at all; else WAIT;
 * - MONITORING: CLOSE once the decision is final and no project runs; else WAIT;
 * - CLOSED: DONE; any other state: WAIT (the workflow is not there yet, or the call was cancelled).
 */
export function nextCallEndStep(facts: CallEndFacts, nowMs: number): CallEndStep {
  switch (facts.state) {
    case 'DECIDED':
      if (!isDecisionFinal(facts, nowMs)) return { kind: 'WAIT' };
      if (facts.projects === 0) return { kind: 'CLOSE' };
      return facts.projectsNotStarted === 0 ? { kind: 'MONITOR' } : { kind: 'WAIT' };
    case 'MONITORING':
      return isDecisionFinal(facts, nowMs) && facts.projectsRunning === 0 ? { kind: 'CLOSE' } : { kind: 'WAIT' };
    case 'CLOSED':
      return { kind: 'DONE' };
    default:
      return { kind: 'WAIT' };
  }
}
