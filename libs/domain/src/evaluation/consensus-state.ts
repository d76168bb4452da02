import type { ProposalState } from '../proposals/proposal-model';
import { stateMachineOf } from '../state-machine';

/** Proposal states in which a consensus is recorded or revised (a revision recomputes the outcome). */
export const CONSENSUS_STATES: readonly ProposalState[] = ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED'];

/**
 * Where a recorded or revised consensus (SPEC V7) puts the proposal: BELOW_THRESHOLD or RANKED while
 * the call is in evaluation, RESERVE for a proposal re-opened by an upheld redress after the decision
 * (V9). A revision may move it between the two outcomes until the ranking is decided; the outcome it
 * already has is no move at all.
 */
const CONSENSUS_MOVES: Partial<Record<ProposalState, readonly ProposalState[]>> = {
  REVIEWED: ['BELOW_THRESHOLD', 'RANKED', 'RESERVE'],
  BELOW_THRESHOLD: ['RANKED', 'RESERVE'],
  RANKED: ['BELOW_THRESHOLD', 'RESERVE'],
};

export const consensusStateMachine = stateMachineOf<ProposalState>(
  'proposal',
  (from, to) => CONSENSUS_MOVES[from]?.includes(to) ?? false,
);
