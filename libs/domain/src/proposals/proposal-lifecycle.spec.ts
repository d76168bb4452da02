import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { assertProposalTransition, canTransitionProposal, canWithdraw } from './proposal-lifecycle';
import { PROPOSAL_STATES } from './proposal-model';
import type { ProposalState } from './proposal-model';

const state = fc.constantFrom(...PROPOSAL_STATES);

const ALLOWED: Array<[ProposalState, ProposalState]> = [
  ['DRAFT', 'SUBMITTED'],
  ['SUBMITTED', 'SUBMITTED'],
  ['SUBMITTED', 'WITHDRAWN'],
  ['SUBMITTED', 'ELIGIBILITY_CHECK'],
  ['WITHDRAWN', 'SUBMITTED'],
  ['ELIGIBILITY_CHECK', 'ELIGIBLE'],
  ['ELIGIBILITY_CHECK', 'INELIGIBLE'],
  ['ELIGIBILITY_CHECK', 'WITHDRAWN'],
  ['ELIGIBLE', 'IN_REVIEW'],
  ['ELIGIBLE', 'WITHDRAWN'],
  ['IN_REVIEW', 'REVIEWED'],
  ['IN_REVIEW', 'WITHDRAWN'],
  ['REVIEWED', 'BELOW_THRESHOLD'],
  ['REVIEWED', 'RANKED'],
  ['REVIEWED', 'WITHDRAWN'],
  ['RANKED', 'SELECTED'],
  ['RANKED', 'RESERVE'],
  ['RANKED', 'WITHDRAWN'],
  ['RESERVE', 'SELECTED'],
  ['RESERVE', 'NOT_FUNDED'],
  ['RESERVE', 'WITHDRAWN'],
  ['SELECTED', 'FUNDED'],
  ['SELECTED', 'WITHDRAWN'],
];
const allowed = new Set(ALLOWED.map(([a, b]) => `${a}>${b}`));

describe('proposal lifecycle', () => {
  it('allows exactly the transitions of SPEC §4', () => {
    fc.assert(
      fc.property(state, state, (from, to) =>
        expect(canTransitionProposal(from, to)).toBe(allowed.has(`${from}>${to}`)),
      ),
    );
    // And exhaustively, since the product is small.
    for (const from of PROPOSAL_STATES)
      for (const to of PROPOSAL_STATES) expect(canTransitionProposal(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it('walks the happy path from draft to funded', () => {
    const path: ProposalState[] = [
      'DRAFT',
      'SUBMITTED',
      'ELIGIBILITY_CHECK',
      'ELIGIBLE',
      'IN_REVIEW',
      'REVIEWED',
      'RANKED',
      'RESERVE',
      'SELECTED',
      'FUNDED',
    ];
    for (let i = 0; i + 1 < path.length; i++)
      expect(() => assertProposalTransition(path[i], path[i + 1])).not.toThrow();
  });

  it('keeps final states final and a withdrawn proposal out of the eligibility check', () => {
    for (const from of ['INELIGIBLE', 'BELOW_THRESHOLD', 'NOT_FUNDED', 'FUNDED'] as const) {
      for (const to of PROPOSAL_STATES) expect(canTransitionProposal(from, to)).toBe(false);
    }
    expect(canTransitionProposal('WITHDRAWN', 'ELIGIBILITY_CHECK')).toBe(false);
    expect(canTransitionProposal('DRAFT', 'WITHDRAWN')).toBe(false);
  });

  it('refuses an illegal transition with a 409 that names the current state', () => {
    let error: unknown;
    try {
      assertProposalTransition('WITHDRAWN', 'ELIGIBILITY_CHECK');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'ILLEGAL_PROPOSAL_TRANSITION',
      kind: 'conflict',
      message: 'The proposal is WITHDRAWN: it cannot become ELIGIBILITY_CHECK.',
    });
  });

  it('allows withdrawal from submission until the funding decision, never after it', () => {
    const withdrawable = [
      'SUBMITTED',
      'ELIGIBILITY_CHECK',
      'ELIGIBLE',
      'IN_REVIEW',
      'REVIEWED',
      'RANKED',
      'SELECTED',
      'RESERVE',
    ];
    for (const s of PROPOSAL_STATES) {
      expect(canWithdraw(s, false)).toBe(withdrawable.includes(s));
      expect(canWithdraw(s, true)).toBe(false);
    }
    fc.assert(
      fc.property(state, fc.boolean(), (s, decided) =>
        expect(canWithdraw(s, decided)).toBe(!decided && canTransitionProposal(s, 'WITHDRAWN')),
      ),
    );
  });
});
