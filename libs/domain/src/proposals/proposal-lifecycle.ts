import { DomainError } from '../domain-error';
import { defineStateMachine, stateMachineOf, type StateMachine } from '../state-machine';
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

function illegalProposalTransition(from: ProposalState, to: ProposalState): DomainError {
  return new DomainError(
    'ILLEGAL_PROPOSAL_TRANSITION',
    `The proposal is ${from}: it cannot become ${to}.`,
    'conflict',
    [],
    { state: from, target: to },
  );
}

/** The gate of every write of `proposal.state` along the lifecycle (`ProposalRepository.transition…`). */
export const proposalMachine: StateMachine<ProposalState> = stateMachineOf(
  'proposal',
  canTransitionProposal,
  illegalProposalTransition,
);

/** Refuses an illegal transition with a 409 that names the current state. */
export function assertProposalTransition(from: ProposalState, to: ProposalState): void {
  proposalMachine.assert(from, to);
}

/** The states that carry a stage's result, from which an upheld redress request re-opens (SPEC V9). */
export const PROPOSAL_RESULT_STATES: readonly ProposalState[] = [
  'INELIGIBLE',
  'REVIEWED',
  'BELOW_THRESHOLD',
  'RANKED',
  'SELECTED',
  'RESERVE',
  'NOT_FUNDED',
  'FUNDED',
];

/**
 * SPEC V9, outside the lifecycle's forward moves: an upheld redress request takes a proposal with a result
 * back to ELIGIBILITY_CHECK (its eligibility re-opened) or to ELIGIBLE (its evaluation re-opened).
 */
export function canReopenProposal(from: ProposalState, to: ProposalState): boolean {
  return (to === 'ELIGIBILITY_CHECK' || to === 'ELIGIBLE') && PROPOSAL_RESULT_STATES.includes(from);
}

export const proposalReopeningMachine: StateMachine<ProposalState> = stateMachineOf(
  'proposal',
  canReopenProposal,
  illegalProposalTransition,
);

/** States in which a consensus is recorded (REVIEWED) or revised (BELOW_THRESHOLD, RANKED). */
export const CONSENSUS_FROM_STATES: readonly ProposalState[] = ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED'];

/**
 * SPEC V7–V8 and F5: a consensus recorded or revised sets the stage's outcome — BELOW_THRESHOLD, RANKED, or
 * RESERVE when the call is already DECIDED (a proposal re-evaluated after an upheld redress request).
 */
export function canRecordConsensusOutcome(from: ProposalState, to: ProposalState): boolean {
  return from !== to && CONSENSUS_FROM_STATES.includes(from) && ['BELOW_THRESHOLD', 'RANKED', 'RESERVE'].includes(to);
}

export const proposalConsensusMachine: StateMachine<ProposalState> = stateMachineOf(
  'proposal',
  canRecordConsensusOutcome,
  illegalProposalTransition,
);

/** A partner's answer to the coordinator's invitation (`proposal_partner.status`). */
export type PartnerStatus = 'INVITED' | 'ACCEPTED';
export const partnerMachine: StateMachine<PartnerStatus> = defineStateMachine<PartnerStatus>('partner', {
  INVITED: ['ACCEPTED'],
  ACCEPTED: [],
});

/**
 * SPEC §5 S4: a proposal can be withdrawn from submission until the funding decision — from any state
 * from SUBMITTED on that is not final (INELIGIBLE, BELOW_THRESHOLD, NOT_FUNDED, FUNDED, WITHDRAWN),
 * and never once the call's funding decision is made (`decided`). Exactly the states with a
 * transition to WITHDRAWN.
 */
export function canWithdraw(state: ProposalState, decided: boolean): boolean {
  return !decided && canTransitionProposal(state, 'WITHDRAWN');
}
