import { condition } from '@temporalio/workflow';
import type { CallPhase, CallWorkflowState, CommitmentSnapshot } from '@app/contracts';
import { DomainError } from '@app/domain';

/** The call workflow's in-memory state for one run; handlers and phases share it. */
export interface CallContext {
  callId: string;
  phase: CallPhase | 'STARTING' | 'CANCELLED' | 'CLOSED';
  state: CallWorkflowState | null;
  cancelled: boolean;
  /** Set by the startEvaluation update: the eligibility phase hands over to the evaluation phase. */
  evaluationStarted: boolean;
  /** Set by the finaliseRanking update: where the evaluation phase hands over (RANKED, or OPEN for stage 2). */
  afterRanking?: 'RANKED' | 'OPEN';
  /**
   * Set when the decision is proposed (RANKED → FUNDING_DECISION) and when every agency approved it (→ DECIDED).
   */
  decisionMoved?: 'FUNDING_DECISION' | 'DECIDED';
  /** Set by the callEndChanged signal (a project started or ended, the reserve list closed): look at the end again. */
  endChanged: boolean;
  /** When the last look at the end found a redress window still open: the instant it closes (workflow ms). */
  endWakeAt?: number | null;
  /** Bumped by every deadline change, so that waiting timers re-compute. */
  deadlineVersion: number;
  /** Runs state-changing work one at a time, in arrival order (updates and phase transitions). */
  serial<T>(work: () => Promise<T>): Promise<T>;
}

export function createCallContext(
  callId: string,
  phase: CallContext['phase'],
  state: CallWorkflowState | null,
): CallContext {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    callId,
    phase,
    state,
    cancelled: false,
    endChanged: false,
    evaluationStarted: phase === 'EVALUATION',
    deadlineVersion: 0,
    serial<T>(work: () => Promise<T>): Promise<T> {
      const run = tail.then(work);
      tail = run.catch(() => undefined);
      return run;
    },
  };
}

export function commitmentOf(ctx: CallContext, agencyId: string): CommitmentSnapshot {
  const commitment = ctx.state?.commitments.find((c) => c.agencyId === agencyId);
  if (!commitment)
    throw new DomainError('AGENCY_NOT_INVITED', `Agency ${agencyId} is not invited to this call.`, 'not-found', [], {
      agencyId,
    });
  return commitment;
}

export function phaseName(ctx: CallContext): string {
  switch (ctx.phase) {
    case 'STARTING':
    case 'ALIGNMENT':
      return 'FUND_ALIGNMENT (alignment running)';
    case 'AWAITING_OPENING':
      return 'FUND_ALIGNMENT (aligned, waiting to open)';
    case 'OPEN':
      return 'OPEN';
    case 'ELIGIBILITY':
      return 'ELIGIBILITY_CHECK';
    case 'EVALUATION':
      return 'IN_EVALUATION';
    case 'RANKED':
      return 'RANKED';
    case 'FUNDING_DECISION':
      return 'FUNDING_DECISION';
    case 'DECIDED':
      return 'DECIDED';
    case 'MONITORING':
      return 'MONITORING';
    case 'CLOSED':
      return 'CLOSED';
    case 'CANCELLED':
      return 'CANCELLED';
  }
}

export const allAnswered = (ctx: CallContext): boolean =>
  ctx.state !== null &&
  ctx.state.commitments.every((c) => c.status === 'CONFIRMED' || c.status === 'DECLINED' || c.status === 'DROPPED_OUT');

export const millisUntil = (instant: string): number => Date.parse(instant) - Date.now();

/**
 * Waits until the (extendable) instant `deadline()` and then runs `act` in turn with the other
 * state-changing work. An extension serialised just before `act` wins: the instant is checked again in
 * turn, and the wait starts over when it has moved. Returns 'CANCELLED' when the call is cancelled first.
 */
export async function atDeadline<T>(
  ctx: CallContext,
  deadline: () => string,
  act: () => Promise<T>,
): Promise<T | 'CANCELLED'> {
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    const remaining = millisUntil(deadline());
    if (remaining > 0) {
      const version = ctx.deadlineVersion;
      await condition(() => ctx.cancelled || ctx.deadlineVersion !== version, remaining);
      continue;
    }
    const outcome = await ctx.serial(async () => {
      if (ctx.cancelled) return { kind: 'cancelled' as const };
      if (millisUntil(deadline()) > 0) return { kind: 'moved' as const };
      return { kind: 'done' as const, value: await act() };
    });
    if (outcome.kind === 'cancelled') return 'CANCELLED';
    if (outcome.kind === 'done') return outcome.value;
  }
}
