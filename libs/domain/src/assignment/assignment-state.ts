import { defineStateMachine } from '../state-machine';

/** SPEC §4 Assignment, plus WITHDRAWN: a pair replaced by hand (V4) or a panel a redress re-opens (V9). */
export type AssignmentState = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'REVIEW_SUBMITTED' | 'WITHDRAWN';

/**
 * `OFFERED → ACCEPTED | DECLINED | EXPIRED`, `ACCEPTED → REVIEW_SUBMITTED`. An open one (offered or
 * accepted) is withdrawn when the programme manager replaces it; a submitted one only when an upheld
 * redress re-opens the proposal's evaluation with a fresh panel (V9). Declined, expired and withdrawn
 * are final.
 */
export const assignmentStateMachine = defineStateMachine<AssignmentState>('assignment', {
  OFFERED: ['ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'],
  ACCEPTED: ['REVIEW_SUBMITTED', 'WITHDRAWN'],
  DECLINED: [],
  EXPIRED: [],
  REVIEW_SUBMITTED: ['WITHDRAWN'],
  WITHDRAWN: [],
});

/** An evaluator's review of its assignment: a draft, saved as often as it likes, until it is submitted. */
export type ReviewState = 'DRAFT' | 'SUBMITTED';

export const reviewStateMachine = defineStateMachine<ReviewState>('review', {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: [],
});
