import { DomainError } from '../domain-error';
import { stateMachineOf } from '../state-machine';
import type { ProposalState } from './proposal-model';

/**
 * SPEC §4 Proposal lifecycle. SUBMITTED → SUBMITTED is a new version (S2); WITHDRAWN → SUBMITTED is
 * the reversal of a withdrawal by submitting again, which only the caller can allow (before the
 * deadline, S4). Withdrawal is possible from every state between submission and the funding decision.
 */
const PROPOSAL_TRANSITIONS: Record<ProposalState, readonly ProposalState[]> = {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: ['SUBMITTED', 'WITHDRAWN', 'ELIGIBILITY_CHECK'],
  WITHDRAWN: ['SUBMITTED'],
  ELIGIBILITY_CHECK: ['ELIGIBLE', 'INELIGIBLE', 'WITHDRAWN'],
  INELIGIBLE: [],
  ELIGIBLE: ['IN_REVIEW', 'WITHDRAWN'],
  IN_REVIEW: ['REVIEWED', 'WITHDRAWN'],
  REVIEWED: ['BELOW_THRESHOLD', 'RANKED', 'WITHDRAWN'],
  BELOW_THRESHOLD: [],
  RANKED: ['SELECTED', 'RESERVE', 'WITHDRAWN'],
  SELECTED: ['FUNDED', 'WITHDRAWN'],
  RESERVE: ['SELECTED', 'NOT_FUNDED', 'WITHDRAWN'],
  NOT_FUNDED: [],
  FUNDED: [],
};

export function canTransitionProposal(from: ProposalState, to: ProposalState): boolean {
  return PROPOSAL_TRANSITIONS[from]?.includes(to) ?? false;
}

/** Refuses an illegal transition with a 409 that names the current state. */
export function assertProposalTransition(from: ProposalState, to: ProposalState): void {
  if (!canTransitionProposal(from, to)) {
    throw new DomainError(
      'ILLEGAL_PROPOSAL_TRANSITION',
      `The proposal is ${from}: it cannot become ${to}.`,
      'conflict',
      [],
      { state: from, target: to },
    );
  }
}

/**
 * SPEC §5 S4: a proposal can be withdrawn from submission until the funding decision — from any state
 * from SUBMITTED on that is not final (INELIGIBLE, BELOW_THRESHOLD, NOT_FUNDED, FUNDED, WITHDRAWN),
 * and never once the call's funding decision is made (`decided`). Exactly the states with a
 * transition to WITHDRAWN.
 */
export function canWithdraw(state: ProposalState, decided: boolean): boolean {
  return !decided && canTransitionProposal(state, 'WITHDRAWN');
}

/** The proposal's lifecycle as the repositories' transitions ask it: the same moves, the same refusal. */
export const proposalStateMachine = stateMachineOf<ProposalState>(
  'proposal',
  canTransitionProposal,
  (from, to) =>
    new DomainError('ILLEGAL_PROPOSAL_TRANSITION', `The proposal is ${from}: it cannot become ${to}.`, 'conflict', [], {
      state: from,
      target: to,
    }),
);
