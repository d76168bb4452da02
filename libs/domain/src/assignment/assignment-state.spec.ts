import { DomainError } from '../domain-error';
import { assignmentJobStateMachine, type AssignmentJobStatus } from './assignment-job-state';
import { assignmentStateMachine, reviewStateMachine, type AssignmentState, type ReviewState } from './assignment-state';

const ASSIGNMENT_STATES: AssignmentState[] = [
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'EXPIRED',
  'REVIEW_SUBMITTED',
  'WITHDRAWN',
];

function movesOf<S extends string>(can: (from: S, to: S) => boolean, states: S[]): string[] {
  return states.flatMap((from) => states.filter((to) => can(from, to)).map((to) => `${from}→${to}`));
}

describe('assignment state machine (SPEC §4 Assignment)', () => {
  it('allows exactly the answers, the expiry, the submission and the withdrawals', () => {
    expect(movesOf(assignmentStateMachine.can, ASSIGNMENT_STATES)).toEqual([
      'OFFERED→ACCEPTED',
      'OFFERED→DECLINED',
      'OFFERED→EXPIRED',
      'OFFERED→WITHDRAWN',
      'ACCEPTED→REVIEW_SUBMITTED',
      'ACCEPTED→WITHDRAWN',
      'REVIEW_SUBMITTED→WITHDRAWN',
    ]);
  });

  it('refuses anything else with a 409 ILLEGAL_TRANSITION naming the current state', () => {
    const refusal = (() => {
      try {
        assignmentStateMachine.assert('DECLINED', 'ACCEPTED');
        return null;
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'ILLEGAL_TRANSITION', kind: 'conflict', params: { state: 'DECLINED' } });
  });
});

describe('review state machine', () => {
  it('submits a draft once', () => {
    expect(movesOf<ReviewState>(reviewStateMachine.can, ['DRAFT', 'SUBMITTED'])).toEqual(['DRAFT→SUBMITTED']);
  });
});

describe('assignment job state machine', () => {
  it('runs (again on a retry), then succeeds or fails; a finished job stays finished', () => {
    const states: AssignmentJobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
    expect(movesOf(assignmentJobStateMachine.can, states)).toEqual([
      'QUEUED→RUNNING',
      'QUEUED→FAILED',
      'RUNNING→RUNNING',
      'RUNNING→SUCCEEDED',
      'RUNNING→FAILED',
    ]);
  });
});
