import fc from 'fast-check';
import { DomainError } from '../domain-error';
import {
  CALL_STATES,
  COMMITMENT_STATES,
  alignmentOutcome,
  assertCallState,
  assertCallTransition,
  assertCommitmentTransition,
  canTransitionCall,
  canTransitionCommitment,
} from './call-lifecycle';
import type { CommitmentState } from './call-lifecycle';

const callState = fc.constantFrom(...CALL_STATES);
const commitmentState = fc.constantFrom(...COMMITMENT_STATES);

describe('call lifecycle', () => {
  it('walks the linear chain of SPEC §4', () => {
    const chain = CALL_STATES.filter((s) => s !== 'CANCELLED');
    for (let i = 0; i + 1 < chain.length; i++) expect(canTransitionCall(chain[i], chain[i + 1])).toBe(true);
  });

  it('allows exactly: the next state, CANCELLED before DECIDED, and RANKED → OPEN for stage 2', () => {
    fc.assert(
      fc.property(callState, callState, (from, to) => {
        const i = CALL_STATES.indexOf(from);
        const j = CALL_STATES.indexOf(to);
        const decided = CALL_STATES.indexOf('DECIDED');
        const expected =
          (to !== 'CANCELLED' && from !== 'CANCELLED' && j === i + 1) ||
          (to === 'CANCELLED' && i < decided) ||
          (from === 'RANKED' && to === 'OPEN');
        expect(canTransitionCall(from, to)).toBe(expected);
      }),
    );
    expect(canTransitionCall('CLOSED', 'CANCELLED')).toBe(false);
    expect(canTransitionCall('CANCELLED', 'DRAFT')).toBe(false);
    expect(canTransitionCall('FUNDING_DECISION', 'CANCELLED')).toBe(true);
    expect(canTransitionCall('DECIDED', 'CANCELLED')).toBe(false);
  });

  it('refuses an illegal transition with a 409 that names the current state', () => {
    expect(() => assertCallTransition('DRAFT', 'FUND_ALIGNMENT')).not.toThrow();
    const error = catchError(() => assertCallTransition('DECIDED', 'CANCELLED'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'ILLEGAL_CALL_TRANSITION',
      kind: 'conflict',
      message: 'The call is DECIDED: it cannot go to CANCELLED.',
    });
  });

  it('refuses an action in the wrong state', () => {
    expect(() => assertCallState('OPEN', ['OPEN'], 'submitting')).not.toThrow();
    expect(
      catchError(() => assertCallState('DRAFT', ['OPEN', 'SUBMISSION_CLOSED'], 'extending the deadline')),
    ).toMatchObject({
      code: 'CALL_STATE_CONFLICT',
      kind: 'conflict',
      message: 'The call is DRAFT; extending the deadline needs OPEN or SUBMISSION_CLOSED.',
    });
    expect(catchError(() => assertCallState('OPEN', ['DRAFT'], 'editing')).message).toBe(
      'The call is OPEN; editing needs DRAFT.',
    );
  });
});

describe('fund commitment lifecycle', () => {
  it('allows the transitions of SPEC §4 and nothing out of DECLINED or DROPPED_OUT', () => {
    const allowed: Record<CommitmentState, CommitmentState[]> = {
      INVITED: ['PROPOSED', 'CONFIRMED', 'DECLINED', 'DROPPED_OUT'],
      PROPOSED: ['PROPOSED', 'CONFIRMED', 'DECLINED', 'DROPPED_OUT'],
      CONFIRMED: ['CONFIRMED'],
      DECLINED: [],
      DROPPED_OUT: [],
    };
    fc.assert(
      fc.property(commitmentState, commitmentState, (from, to) => {
        expect(canTransitionCommitment(from, to)).toBe(allowed[from].includes(to));
      }),
    );
    expect(catchError(() => assertCommitmentTransition('DECLINED', 'CONFIRMED'))).toMatchObject({
      code: 'ILLEGAL_COMMITMENT_TRANSITION',
      kind: 'conflict',
    });
  });

  it('opens the call iff enough distinct regions confirmed; the unanswered drop out', () => {
    const region = fc.constantFrom('ITC4', 'ITH2', 'ITH3', 'AT31', 'AT32', 'DE2', 'CH02');
    fc.assert(
      fc.property(
        fc.array(fc.record({ regionCode: region, status: commitmentState })),
        fc.integer({ min: 2, max: 5 }),
        (commitments, min) => {
          const outcome = alignmentOutcome(commitments, min);
          const confirmed = new Set(commitments.filter((c) => c.status === 'CONFIRMED').map((c) => c.regionCode));
          expect(outcome.opens).toBe(confirmed.size >= min);
          expect(outcome.confirmedRegions).toEqual([...confirmed].sort());
          expect(outcome.droppedOut).toEqual(
            [
              ...new Set(
                commitments.filter((c) => c.status === 'INVITED' || c.status === 'PROPOSED').map((c) => c.regionCode),
              ),
            ].sort(),
          );
          expect(outcome.reason === undefined).toBe(outcome.opens);
        },
      ),
    );
  });

  it('explains why the call does not open', () => {
    const one = alignmentOutcome(
      [
        { regionCode: 'ITC4', status: 'CONFIRMED' },
        { regionCode: 'AT31', status: 'PROPOSED' },
        { regionCode: 'DE2', status: 'DECLINED' },
        { regionCode: 'CH02', status: 'INVITED' },
      ],
      2,
    );
    expect(one).toEqual({
      opens: false,
      confirmedRegions: ['ITC4'],
      droppedOut: ['AT31', 'CH02'],
      reason: 'Only 1 region confirmed its funds; the call needs at least 2.',
    });
    expect(alignmentOutcome([], 2).reason).toBe('No region confirmed its funds; the call needs at least 2.');
  });
});

function catchError(fn: () => void): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
