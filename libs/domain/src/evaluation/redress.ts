import { parseIsoInstant } from '../calls/iso-instant';
import { DomainError } from '../domain-error';
import { defineStateMachine, type StateMachine } from '../state-machine';
import type { ProblemParams, Violation } from '../domain-error';
import type { ProposalState } from '../proposals/proposal-model';

/**
 * SPEC V9: within 30 days of the result the coordinator may file one redress request per stage on
 * procedural grounds; the programme manager records the outcome.
 *
 * The window is exact time, not calendar days: it opens at the instant the result was issued and
 * closes 30 × 24 hours later, that last millisecond included (`resultAt ≤ now ≤ resultAt + 30 d`).
 * Show `deadline` in the call's time zone (`toZonedIso`); a DST change inside the window does not
 * move it.
 */
export const REDRESS_WINDOW_DAYS = 30;
export const REDRESS_WINDOW_MS = REDRESS_WINDOW_DAYS * 24 * 60 * 60 * 1000;
export const MAX_REDRESS_GROUNDS_LENGTH = 10_000;

export const REDRESS_OUTCOMES = ['UPHELD_REOPEN_ELIGIBILITY', 'UPHELD_REOPEN_EVALUATION', 'REJECTED'] as const;
export type RedressOutcome = (typeof REDRESS_OUTCOMES)[number];

export interface RedressRequestCheck {
  /** Epoch ms or ISO instant with offset — the caller's clock, passed in. */
  now: string | number;
  /** When the stage's result was issued to the applicant. */
  resultAt: string | number;
  stage: 1 | 2;
  /** The requester is the proposal's coordinator (only the coordinator may file). */
  requesterIsCoordinator: boolean;
  /** Stages of the redress requests already filed for this proposal (any outcome). */
  filedStages: Array<1 | 2>;
  /** The procedural grounds, free text. */
  grounds: string;
}

export interface RedressEligibility {
  allowed: boolean;
  /** Every reason it is not (empty when allowed). */
  violations: Violation[];
  /** The last instant of the window (ISO, UTC); null when `resultAt` is unreadable. */
  deadline: string | null;
}

function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string') return parseIsoInstant(value);
  return undefined;
}

/**
 * May this redress request be filed now? Lists every reason it may not (rule V9): NOT_COORDINATOR,
 * INVALID_INSTANT, RESULT_NOT_YET_ISSUED, REDRESS_WINDOW_CLOSED, REDRESS_ALREADY_FILED (one per stage
 * per proposal), INVALID_STAGE, GROUNDS_REQUIRED, GROUNDS_TOO_LONG. Never throws for bad input.
 */
export function checkRedressRequest(input: RedressRequestCheck): RedressEligibility {
  const violations: Violation[] = [];
  const add = (field: string, code: string, message: string, params?: ProblemParams): void => {
    violations.push(params ? { field, rule: 'V9', code, message, params } : { field, rule: 'V9', code, message });
  };
  if (input.requesterIsCoordinator !== true)
    add('requester', 'NOT_COORDINATOR', 'Only the coordinator may file a redress request.');
  if (input.stage !== 1 && input.stage !== 2)
    add('stage', 'INVALID_STAGE', 'The stage is 1 or 2.', { allowed: ['1', '2'] });
  const now = toEpochMs(input.now);
  const resultAt = toEpochMs(input.resultAt);
  if (now === undefined)
    add('now', 'INVALID_INSTANT', 'now is an ISO-8601 instant with offset or integer epoch milliseconds.');
  if (resultAt === undefined)
    add(
      'resultAt',
      'INVALID_INSTANT',
      'The result date is an ISO-8601 instant with offset or integer epoch milliseconds.',
    );
  const deadlineMs = resultAt === undefined ? undefined : resultAt + REDRESS_WINDOW_MS;
  if (now !== undefined && resultAt !== undefined && deadlineMs !== undefined) {
    if (now < resultAt) add('resultAt', 'RESULT_NOT_YET_ISSUED', 'A redress request can only follow a result.');
    else if (now > deadlineMs) {
      add(
        'resultAt',
        'REDRESS_WINDOW_CLOSED',
        `The ${REDRESS_WINDOW_DAYS}-day redress window closed at ${new Date(deadlineMs).toISOString()}.`,
        {
          days: REDRESS_WINDOW_DAYS,
          deadline: new Date(deadlineMs).toISOString(),
        },
      );
    }
  }
  if ((input.filedStages ?? []).includes(input.stage)) {
    add(
      'stage',
      'REDRESS_ALREADY_FILED',
      `A redress request was already filed for stage ${input.stage} of this proposal.`,
      { stage: input.stage },
    );
  }
  if (typeof input.grounds !== 'string' || input.grounds.trim().length === 0) {
    add('grounds', 'GROUNDS_REQUIRED', 'A redress request states its procedural grounds.');
  } else if ([...input.grounds].length > MAX_REDRESS_GROUNDS_LENGTH) {
    add('grounds', 'GROUNDS_TOO_LONG', `The grounds have at most ${MAX_REDRESS_GROUNDS_LENGTH} characters.`, {
      max: MAX_REDRESS_GROUNDS_LENGTH,
    });
  }
  const deadline =
    deadlineMs !== undefined && Number.isFinite(deadlineMs) && Math.abs(deadlineMs) <= 8.64e15
      ? new Date(deadlineMs).toISOString()
      : null;
  return { allowed: violations.length === 0, violations, deadline };
}

export interface RedressEffect {
  outcome: RedressOutcome;
  /** The state the proposal re-opens in; null when rejected. */
  reopenIn: Extract<ProposalState, 'ELIGIBILITY_CHECK' | 'IN_REVIEW'> | null;
  /**
   * When the funding decision is already made, an upheld request that now ranks the proposal among the
   * selected ones enters the decision through the reserve-promotion path of F5, not by re-running it.
   */
  viaReservePromotion: boolean;
}

/**
 * What a recorded outcome does (V9): UPHELD_REOPEN_ELIGIBILITY → back to ELIGIBILITY_CHECK,
 * UPHELD_REOPEN_EVALUATION → back to IN_REVIEW, REJECTED → nothing. Throws INVALID_REDRESS_OUTCOME for
 * any other value.
 */
export function redressEffect(outcome: RedressOutcome, decisionMade: boolean): RedressEffect {
  switch (outcome) {
    case 'UPHELD_REOPEN_ELIGIBILITY':
      return { outcome, reopenIn: 'ELIGIBILITY_CHECK', viaReservePromotion: decisionMade };
    case 'UPHELD_REOPEN_EVALUATION':
      return { outcome, reopenIn: 'IN_REVIEW', viaReservePromotion: decisionMade };
    case 'REJECTED':
      return { outcome, reopenIn: null, viaReservePromotion: false };
    default:
      throw new DomainError(
        'INVALID_REDRESS_OUTCOME',
        `The outcome must be one of ${REDRESS_OUTCOMES.join(', ')}.`,
        'rule',
        [],
        {
          allowed: [...REDRESS_OUTCOMES],
        },
      );
  }
}

export type RedressRequestStatus = 'FILED' | 'UPHELD' | 'REJECTED';

/** A redress request's outcome is recorded once: FILED → UPHELD or REJECTED. */
export const redressMachine: StateMachine<RedressRequestStatus> = defineStateMachine<RedressRequestStatus>(
  'redress request',
  { FILED: ['UPHELD', 'REJECTED'], UPHELD: [], REJECTED: [] },
);
