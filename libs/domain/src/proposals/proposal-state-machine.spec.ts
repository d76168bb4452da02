import { canTransitionProposal, proposalStateMachine } from './proposal-lifecycle';
import { PROPOSAL_STATES } from './proposal-model';

describe('proposal state machine', () => {
  it('allows exactly the lifecycle’s moves', () => {
    for (const from of PROPOSAL_STATES)
      for (const to of PROPOSAL_STATES)
        expect(proposalStateMachine.can(from, to)).toBe(canTransitionProposal(from, to));
    expect(proposalStateMachine.can('ELIGIBLE', 'IN_REVIEW')).toBe(true);
    expect(proposalStateMachine.can('IN_REVIEW', 'REVIEWED')).toBe(true);
  });

  it('refuses with the lifecycle’s own 409 naming the current state', () => {
    expect(() => proposalStateMachine.assert('INELIGIBLE', 'IN_REVIEW')).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_PROPOSAL_TRANSITION',
        kind: 'conflict',
        params: { state: 'INELIGIBLE', target: 'IN_REVIEW' },
      }),
    );
  });
});
