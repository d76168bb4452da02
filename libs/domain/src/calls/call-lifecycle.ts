import { DomainError } from '../domain-error';
import { stateMachineOf, type StateMachine } from '../state-machine';

/** SPEC §4 Call lifecycle. */
export const CALL_STATES = [
  'DRAFT',
  'FUND_ALIGNMENT',
  'OPEN',
  'SUBMISSION_CLOSED',
  'ELIGIBILITY_CHECK',
  'IN_EVALUATION',
  'RANKED',
  'FUNDING_DECISION',
  'DECIDED',
  'MONITORING',
  'CLOSED',
  'CANCELLED',
] as const;
export type CallState = (typeof CALL_STATES)[number];

/** The linear chain: each state's one forward successor. */
const NEXT_CALL_STATE: Partial<Record<CallState, CallState>> = {
  DRAFT: 'FUND_ALIGNMENT',
  FUND_ALIGNMENT: 'OPEN',
  OPEN: 'SUBMISSION_CLOSED',
  SUBMISSION_CLOSED: 'ELIGIBILITY_CHECK',
  ELIGIBILITY_CHECK: 'IN_EVALUATION',
  IN_EVALUATION: 'RANKED',
  RANKED: 'FUNDING_DECISION',
  FUNDING_DECISION: 'DECIDED',
  DECIDED: 'MONITORING',
  MONITORING: 'CLOSED',
};

/** States from which a call can still be cancelled: every state before DECIDED. */
const CANCELLABLE: ReadonlySet<CallState> = new Set(CALL_STATES.slice(0, CALL_STATES.indexOf('DECIDED')));

/**
 * SPEC §4: the linear chain, CANCELLED from any state before DECIDED, and RANKED → OPEN when a
 * two-stage call opens stage 2 after ranking the pre-proposals. This function does not know the
 * number of stages: the caller (the call workflow) allows RANKED → OPEN only after stage 1.
 */
export function canTransitionCall(from: CallState, to: CallState): boolean {
  if (NEXT_CALL_STATE[from] === to) return true;
  if (to === 'CANCELLED') return CANCELLABLE.has(from);
  return from === 'RANKED' && to === 'OPEN';
}

function illegalCallTransition(from: CallState, to: CallState): DomainError {
  return new DomainError('ILLEGAL_CALL_TRANSITION', `The call is ${from}: it cannot go to ${to}.`, 'conflict', [], {
    state: from,
    target: to,
  });
}

/** The gate of every write of `joint_call.state` (`CallRepository.transitionCall`). */
export const callMachine: StateMachine<CallState> = stateMachineOf('call', canTransitionCall, illegalCallTransition);

export function assertCallTransition(from: CallState, to: CallState): void {
  callMachine.assert(from, to);
}

/** Refuses an action the call's current state does not allow (409, naming the current state). */
export function assertCallState(current: CallState, allowed: CallState[], action: string): void {
  if (!allowed.includes(current)) {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${current}; ${action} needs ${joinOr(allowed)}.`,
      'conflict',
      [],
      {
        state: current,
        allowed: [...allowed],
        action,
      },
    );
  }
}

function joinOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** SPEC §4 FundCommitment lifecycle. */
export const COMMITMENT_STATES = ['INVITED', 'PROPOSED', 'CONFIRMED', 'DECLINED', 'DROPPED_OUT'] as const;
export type CommitmentState = (typeof COMMITMENT_STATES)[number];

const COMMITMENT_TRANSITIONS: Record<CommitmentState, readonly CommitmentState[]> = {
  INVITED: ['PROPOSED', 'CONFIRMED', 'DECLINED', 'DROPPED_OUT'],
  // PROPOSED → PROPOSED: the agency revises its proposal before confirming.
  PROPOSED: ['PROPOSED', 'CONFIRMED', 'DECLINED', 'DROPPED_OUT'],
  // CONFIRMED → CONFIRMED: amount changes after confirmation (SPEC §5 A1).
  CONFIRMED: ['CONFIRMED'],
  DECLINED: [],
  DROPPED_OUT: [],
};

export function canTransitionCommitment(from: CommitmentState, to: CommitmentState): boolean {
  return COMMITMENT_TRANSITIONS[from]?.includes(to) ?? false;
}

function illegalCommitmentTransition(from: CommitmentState, to: CommitmentState): DomainError {
  return new DomainError(
    'ILLEGAL_COMMITMENT_TRANSITION',
    `The commitment is ${from}: it cannot go to ${to}.`,
    'conflict',
    [],
    { state: from, target: to },
  );
}

/** The gate of every write of `fund_commitment.status`. */
export const commitmentMachine: StateMachine<CommitmentState> = stateMachineOf(
  'commitment',
  canTransitionCommitment,
  illegalCommitmentTransition,
);

export function assertCommitmentTransition(from: CommitmentState, to: CommitmentState): void {
  commitmentMachine.assert(from, to);
}

export interface AlignmentOutcome {
  opens: boolean;
  /** Distinct regions with a CONFIRMED commitment, sorted. */
  confirmedRegions: string[];
  /** Distinct regions with a commitment still INVITED or PROPOSED, sorted: they drop out. */
  droppedOut: string[];
  /** Why the call does not open; absent when it opens. */
  reason?: string;
}

/**
 * SPEC §4 / §5 A2, at the end of the alignment: the call opens iff at least `minConfirmedRegions`
 * distinct regions confirmed; commitments not yet answered (INVITED, PROPOSED) drop out either way.
 */
export function alignmentOutcome(
  commitments: Array<{ regionCode: string; status: CommitmentState }>,
  minConfirmedRegions: number,
): AlignmentOutcome {
  const confirmed = new Set<string>();
  const pending = new Set<string>();
  for (const c of commitments) {
    if (c.status === 'CONFIRMED') confirmed.add(c.regionCode);
    else if (c.status === 'INVITED' || c.status === 'PROPOSED') pending.add(c.regionCode);
  }
  const confirmedRegions = [...confirmed].sort();
  const droppedOut = [...pending].sort();
  const opens = confirmedRegions.length >= minConfirmedRegions;
  if (opens) return { opens, confirmedRegions, droppedOut };
  const n = confirmedRegions.length;
  const got =
    n === 0
      ? 'No region confirmed its funds'
      : n === 1
        ? 'Only 1 region confirmed its funds'
        : `Only ${n} regions confirmed their funds`;
  return { opens, confirmedRegions, droppedOut, reason: `${got}; the call needs at least ${minConfirmedRegions}.` };
}
