import { DomainError } from '../domain-error';
import { proposalMachine } from '../proposals/proposal-lifecycle';
import { callStageMachine, fundingDecisionMachine, grantMachine } from './funding-lifecycle';

function table<S extends string | number>(machine: { can(from: S, to: S): boolean }, states: readonly S[]): string[] {
  return states.flatMap((from) => states.filter((to) => machine.can(from, to)).map((to) => `${from}>${to}`));
}

describe('funding lifecycles', () => {
  it('a decision is approved or returned while proposed; a returned one is superseded', () => {
    expect(table(fundingDecisionMachine, ['PROPOSED', 'RETURNED', 'APPROVED', 'SUPERSEDED'])).toEqual([
      'PROPOSED>RETURNED',
      'PROPOSED>APPROVED',
      'RETURNED>SUPERSEDED',
    ]);
    expect(() => fundingDecisionMachine.assert('APPROVED', 'RETURNED')).toThrow(DomainError);
  });

  it('an awarded grant fails or is removed, and nothing else moves', () => {
    expect(table(grantMachine, ['AWARDED', 'FAILED', 'REMOVED'])).toEqual(['AWARDED>FAILED', 'AWARDED>REMOVED']);
  });

  it('the decision moves proposals along the proposal lifecycle, refusing with its code', () => {
    expect(table(proposalMachine, ['RANKED', 'SELECTED', 'RESERVE', 'NOT_FUNDED'])).toEqual([
      'RANKED>SELECTED',
      'RANKED>RESERVE',
      'RESERVE>SELECTED',
      'RESERVE>NOT_FUNDED',
    ]);
    try {
      proposalMachine.assert('NOT_FUNDED', 'SELECTED');
      throw new Error('expected a refusal');
    } catch (e) {
      expect([(e as DomainError).code, (e as DomainError).kind]).toEqual(['ILLEGAL_PROPOSAL_TRANSITION', 'conflict']);
    }
  });

  it('a call goes from stage 1 to stage 2 once', () => {
    expect(table(callStageMachine, [1, 2])).toEqual(['1>2']);
  });
});
