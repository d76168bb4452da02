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

/**
 * The decision is final when no promotion awaits the agencies, the reserve list is closed and no redress is open (so
 * no proposal can still be promoted or come back through redress, which need DECIDED) and every funded proposal has
 * its project.
 */
export function isDecisionFinal(facts: CallEndFacts): boolean {
  return (
    !facts.promotionPending && facts.reserveListClosed && facts.redressOpen === 0 && facts.fundedWithoutProject === 0
  );
}

/**
 * How often the call's workflow looks at its end without being signalled (a re-evaluation after redress ends
 * without telling the call; and a lost signal costs at most this long).
 */
export const CALL_END_LOOK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * The call workflow's next step after DECIDED:
 * - DECIDED: once the decision is final (see {@link isDecisionFinal}), MONITOR when every project has started (its
 *   consortium agreement accepted, or it already ended); CLOSE when there is no project at all; else WAIT;
 * - MONITORING: CLOSE once the decision is final and no project runs; else WAIT;
 * - CLOSED: DONE; any other state: WAIT (the workflow is not there yet, or the call was cancelled).
 */
export function nextCallEndStep(facts: CallEndFacts): CallEndStep {
  switch (facts.state) {
    case 'DECIDED':
      if (!isDecisionFinal(facts)) return { kind: 'WAIT' };
      if (facts.projects === 0) return { kind: 'CLOSE' };
      return facts.projectsNotStarted === 0 ? { kind: 'MONITOR' } : { kind: 'WAIT' };
    case 'MONITORING':
      return isDecisionFinal(facts) && facts.projectsRunning === 0 ? { kind: 'CLOSE' } : { kind: 'WAIT' };
    case 'CLOSED':
      return { kind: 'DONE' };
    default:
      return { kind: 'WAIT' };
  }
}
