import { REDRESS_WINDOW_MS } from '../evaluation/redress';
import type { ProposalState } from './proposal-model';

/**
 * What a proposal's own workflow needs to know to keep its timers (SPEC R2 and V9), read from the database
 * whenever the proposal changed: the workflow decides with {@link nextProposalTimerStep}.
 */
export interface ProposalTimerFacts {
  /** `null`: no such proposal. */
  state: ProposalState | null;
  /** Due dates of the regional decisions still PENDING and not yet escalated (ISO instants). */
  eligibilityDueAt: string[];
  /** When the current stage's result was issued to the applicant (V9's window opens), or `null`. */
  resultIssuedAt: string | null;
  /** The redress request of the proposal's stage: none filed, filed and awaiting its outcome, or decided. */
  redress: 'NONE' | 'FILED' | 'DECIDED';
  /** The call takes no more submissions of the proposal's stage (closed, or in a later stage). */
  submissionsClosed: boolean;
  /** The call has moved past the proposal's stage (stage 2 of a two-stage call for a pre-proposal). */
  stageOver: boolean;
  /** The call was cancelled or is closed: nothing more happens to its proposals. */
  callEnded: boolean;
}

export type ProposalTimerStep =
  /** Escalate the regional decisions due at `at` (R2), then look again. */
  | { kind: 'ESCALATE'; at: string }
  /** Sleep until `until` (or until the proposal changes); `null`: until it changes. */
  | { kind: 'WAIT'; until: string | null }
  /** The proposal reached a final state and its redress window is over: the workflow completes. */
  | { kind: 'COMPLETE' };

/**
 * Margin after the last instant a redress request may be filed before the workflow completes, so that a
 * request filed in the window's last moment is seen (its transaction commits after the window closed).
 */
export const REDRESS_WINDOW_GRACE_MS = 60 * 60 * 1000;

/** States after which the proposal's own lifecycle moves no further (SPEC §4), whatever the call does. */
const TERMINAL_STATES: readonly ProposalState[] = ['INELIGIBLE', 'BELOW_THRESHOLD', 'NOT_FUNDED', 'FUNDED'];

/** States that end a stage with a result: final once the call has moved past the proposal's stage. */
const STAGE_RESULT_STATES: readonly ProposalState[] = ['RANKED', 'SELECTED', 'RESERVE'];

/**
 * Whether the proposal's lifecycle has ended: a terminal state; a withdrawal that can no longer be
 * reversed (submissions closed, S4); a pre-proposal's result once the call is in its next stage; or any
 * state once the call was cancelled or closed.
 */
export function isProposalFinal(facts: ProposalTimerFacts): boolean {
  if (facts.state === null || facts.callEnded) return true;
  if (TERMINAL_STATES.includes(facts.state)) return true;
  if (facts.state === 'WITHDRAWN') return facts.submissionsClosed;
  return facts.stageOver && STAGE_RESULT_STATES.includes(facts.state);
}

/**
 * The proposal workflow's next step at `nowMs`:
 * - in ELIGIBILITY_CHECK, a regional decision due and not yet escalated is escalated (the earliest first);
 *   otherwise the workflow sleeps until the next due date (R2: it never passes silently; it waits);
 * - once final, the workflow completes when no redress can come any more: the stage's request was
 *   decided, or none was filed and the 30-day window (plus {@link REDRESS_WINDOW_GRACE_MS}) is over; a
 *   filed request is waited for (its outcome may re-open the proposal, V9);
 * - otherwise it waits for the proposal to change.
 */
export function nextProposalTimerStep(facts: ProposalTimerFacts, nowMs: number): ProposalTimerStep {
  if (facts.state === 'ELIGIBILITY_CHECK' && !facts.callEnded && facts.eligibilityDueAt.length > 0) {
    const earliest = [...facts.eligibilityDueAt].sort((a, b) => Date.parse(a) - Date.parse(b))[0];
    return Date.parse(earliest) <= nowMs ? { kind: 'ESCALATE', at: earliest } : { kind: 'WAIT', until: earliest };
  }
  if (!isProposalFinal(facts)) return { kind: 'WAIT', until: null };
  if (facts.state === null || facts.callEnded || facts.redress === 'DECIDED') return { kind: 'COMPLETE' };
  if (facts.redress === 'FILED') return { kind: 'WAIT', until: null };
  if (facts.resultIssuedAt === null) return { kind: 'COMPLETE' };
  const windowOver = Date.parse(facts.resultIssuedAt) + REDRESS_WINDOW_MS + REDRESS_WINDOW_GRACE_MS;
  return windowOver <= nowMs ? { kind: 'COMPLETE' } : { kind: 'WAIT', until: new Date(windowOver).toISOString() };
}
