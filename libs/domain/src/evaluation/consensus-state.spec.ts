import { PROPOSAL_STATES, type ProposalState } from '../proposals/proposal-model';
import { consensusStateMachine } from './consensus-state';

describe('consensus state machine (SPEC V7, V9)', () => {
  it('moves a reviewed proposal to its outcome and a revised one between the outcomes', () => {
    const states = [...PROPOSAL_STATES] as ProposalState[];
    const moves = states.flatMap((from) =>
      states.filter((to) => consensusStateMachine.can(from, to)).map((to) => `${from}→${to}`),
    );
    expect(moves.sort()).toEqual(
      [
        'REVIEWED→BELOW_THRESHOLD',
        'REVIEWED→RANKED',
        'REVIEWED→RESERVE',
        'BELOW_THRESHOLD→RANKED',
        'BELOW_THRESHOLD→RESERVE',
        'RANKED→BELOW_THRESHOLD',
        'RANKED→RESERVE',
      ].sort(),
    );
  });

  it('refuses a consensus on a proposal that is not reviewed with a 409', () => {
    expect(() => consensusStateMachine.assert('IN_REVIEW', 'RANKED')).toThrow(
      expect.objectContaining({ code: 'ILLEGAL_TRANSITION', kind: 'conflict' }),
    );
  });
});
