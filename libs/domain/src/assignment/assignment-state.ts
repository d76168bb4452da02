import { defineStateMachine } from '../state-machine';

/** SPEC §4 Assignment, plus WITHDRAWN: an open pair the programme manager replaces by hand (V4). */
export type AssignmentState = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'REVIEW_SUBMITTED' | 'WITHDRAWN';

/**
 * `OFFERED → ACCEPTED | DECLINED | EXPIRED`, `ACCEPTED → REVIEW_SUBMITTED`; an open one (offered or
 * accepted) may be withdrawn. Declined, expired, submitted and withdrawn are final.
 */
export const assignmentStateMachine = defineStateMachine<AssignmentState>('assignment', {
  OFFERED: ['ACCEPTED', 'DECLINED', 'EXPIRED', 'WITHDRAWN'],
  ACCEPTED: ['REVIEW_SUBMITTED', 'WITHDRAWN'],
  DECLINED: [],
  EXPIRED: [],
  REVIEW_SUBMITTED: [],
  WITHDRAWN: [],
});

/** An evaluator's review of its assignment: a draft, saved as often as it likes, until it is submitted. */
export type ReviewState = 'DRAFT' | 'SUBMITTED';

export const reviewStateMachine = defineStateMachine<ReviewState>('review', {
  DRAFT: ['SUBMITTED'],
  SUBMITTED: [],
});
