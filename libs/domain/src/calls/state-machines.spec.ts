import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { redressMachine, type RedressRequestStatus } from '../evaluation/redress';
import {
  canRecordConsensusOutcome,
  canReopenProposal,
  CONSENSUS_FROM_STATES,
  proposalConsensusMachine,
  canTransitionProposal,
  partnerMachine,
  proposalMachine,
  proposalReopeningMachine,
  PROPOSAL_RESULT_STATES,
} from '../proposals/proposal-lifecycle';
import { PROPOSAL_STATES } from '../proposals/proposal-model';
import {
  CALL_STATES,
  COMMITMENT_STATES,
  callMachine,
  canTransitionCall,
  canTransitionCommitment,
  commitmentMachine,
} from './call-lifecycle';

function refusal(fn: () => void): DomainError {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('the machines that gate the state columns of calls, commitments, proposals and redress', () => {
  it('the call machine is canTransitionCall, refusing with ILLEGAL_CALL_TRANSITION', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_STATES), fc.constantFrom(...CALL_STATES), (from, to) => {
        expect(callMachine.can(from, to)).toBe(canTransitionCall(from, to));
      }),
    );
    expect(() => callMachine.assert('OPEN', 'SUBMISSION_CLOSED')).not.toThrow();
    const e = refusal(() => callMachine.assert('DECIDED', 'CANCELLED'));
    expect([e.code, e.kind, e.params]).toEqual([
      'ILLEGAL_CALL_TRANSITION',
      'conflict',
      { state: 'DECIDED', target: 'CANCELLED' },
    ]);
  });

  it('the commitment machine is canTransitionCommitment, refusing with ILLEGAL_COMMITMENT_TRANSITION', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMITMENT_STATES), fc.constantFrom(...COMMITMENT_STATES), (from, to) => {
        expect(commitmentMachine.can(from, to)).toBe(canTransitionCommitment(from, to));
      }),
    );
    expect(refusal(() => commitmentMachine.assert('DECLINED', 'CONFIRMED')).code).toBe('ILLEGAL_COMMITMENT_TRANSITION');
  });

  it('the proposal machine is canTransitionProposal, refusing with ILLEGAL_PROPOSAL_TRANSITION', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROPOSAL_STATES), fc.constantFrom(...PROPOSAL_STATES), (from, to) => {
        expect(proposalMachine.can(from, to)).toBe(canTransitionProposal(from, to));
      }),
    );
    expect(refusal(() => proposalMachine.assert('FUNDED', 'WITHDRAWN')).code).toBe('ILLEGAL_PROPOSAL_TRANSITION');
  });

  it('an upheld redress re-opens a proposal with a result in ELIGIBILITY_CHECK or ELIGIBLE, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROPOSAL_STATES), fc.constantFrom(...PROPOSAL_STATES), (from, to) => {
        const expected = PROPOSAL_RESULT_STATES.includes(from) && (to === 'ELIGIBILITY_CHECK' || to === 'ELIGIBLE');
        expect(canReopenProposal(from, to)).toBe(expected);
        expect(proposalReopeningMachine.can(from, to)).toBe(expected);
      }),
    );
    expect(refusal(() => proposalReopeningMachine.assert('WITHDRAWN', 'ELIGIBLE')).code).toBe(
      'ILLEGAL_PROPOSAL_TRANSITION',
    );
  });

  it('a partner accepts once; a redress request is decided once', () => {
    expect(partnerMachine.can('INVITED', 'ACCEPTED')).toBe(true);
    expect(partnerMachine.can('ACCEPTED', 'INVITED')).toBe(false);
    const statuses: RedressRequestStatus[] = ['FILED', 'UPHELD', 'REJECTED'];
    const allowed = new Set(['FILED>UPHELD', 'FILED>REJECTED']);
    for (const from of statuses)
      for (const to of statuses) expect(redressMachine.can(from, to)).toBe(allowed.has(`${from}>${to}`));
    expect(refusal(() => redressMachine.assert('UPHELD', 'REJECTED')).code).toBe('ILLEGAL_TRANSITION');
  });

  it('a consensus sets or revises the outcome: BELOW_THRESHOLD, RANKED, or RESERVE after the decision', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROPOSAL_STATES), fc.constantFrom(...PROPOSAL_STATES), (from, to) => {
        const expected =
          from !== to && CONSENSUS_FROM_STATES.includes(from) && ['BELOW_THRESHOLD', 'RANKED', 'RESERVE'].includes(to);
        expect(canRecordConsensusOutcome(from, to)).toBe(expected);
        expect(proposalConsensusMachine.can(from, to)).toBe(expected);
      }),
    );
    expect(refusal(() => proposalConsensusMachine.assert('SELECTED', 'RANKED')).code).toBe(
      'ILLEGAL_PROPOSAL_TRANSITION',
    );
  });
});
