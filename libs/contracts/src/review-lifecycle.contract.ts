import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './call-lifecycle.contract';

/**
 * The review of one proposal in one stage (`review-<proposalId>-s<stage>`, SPEC §4 Assignment, §5 V4–V5):
 * one workflow per proposal rather than per assignment, because the replacement after a decline or an
 * expiry is a decision about the proposal (who was already offered it), and a proposal has a handful of
 * offers — far inside Temporal's limits on updates and history. It owns the offers' expiry, the review
 * reminders and the overdue alert; PostgreSQL holds the assignments, so the workflow reloads them
 * after every change instead of carrying them.
 */
export const PROPOSAL_REVIEW_WORKFLOW_TYPE = 'proposalReviewWorkflow';

export interface ProposalReviewInput {
  callId: string;
  proposalId: string;
  stageNo: number;
  /** Keys of the timed actions already taken, carried over continue-as-new. */
  done?: string[];
}

export type AssignmentStateName = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'REVIEW_SUBMITTED' | 'WITHDRAWN';

export interface ScheduledAssignment {
  assignmentId: string;
  evaluatorId: string;
  state: AssignmentStateName;
  offerExpiresAt: string;
  /** When the evaluator accepted or declined (absent while offered). */
  respondedAt?: string;
  reviewDueAt: string;
}

export interface ReviewSchedule {
  assignments: ScheduledAssignment[];
  /** Days before `reviewDueAt` at which an accepted assignment is reminded (SPEC V5: 7 and 2). */
  reminderDays: number[];
  /** The proposal no longer needs reviews (all submitted, withdrawn, or the call cancelled). */
  finished: boolean;
}

export interface OfferAnswerRequest {
  assignmentId: string;
  answer: 'ACCEPT' | 'DECLINE';
  reason?: string;
  actor: ActorRef;
}

export interface SubmitReviewRequest {
  assignmentId: string;
  actor: ActorRef;
}

export interface AssignmentChange {
  assignmentId: string;
  state: AssignmentStateName;
}

/** New offers were stored for the proposal (the auto-assignment job, a manual pair): reload and top up. */
export const offersChangedSignal = defineSignal<[{ reason: string }]>('offersChanged');
export const answerOfferUpdate = defineUpdate<AssignmentChange, [OfferAnswerRequest]>('answerOffer');
export const submitReviewUpdate = defineUpdate<AssignmentChange, [SubmitReviewRequest]>('submitReview');
export const reviewScheduleQuery = defineQuery<ReviewSchedule | null>('reviewSchedule');

export interface ReviewActivities {
  loadReviewSchedule(input: { proposalId: string; stageNo: number }): Promise<ReviewSchedule>;
  /**
   * Offers the proposal to next best evaluators until it has `reviewersPerProposal` live assignments (V4).
   * `at` is the workflow's time (it owns time): offers expire `at` + the offer validity.
   */
  topUpOffers(input: {
    proposalId: string;
    stageNo: number;
    cause: string;
    at: string;
  }): Promise<{ offered: string[]; missing: number }>;
  answerOffer(input: { request: OfferAnswerRequest; updateId: string; at: string }): Promise<AssignmentChange>;
  expireOffer(input: { assignmentId: string }): Promise<AssignmentChange>;
  submitReview(input: { request: SubmitReviewRequest; updateId: string; at: string }): Promise<AssignmentChange>;
  remindReviewer(input: { assignmentId: string; daysBefore: number }): Promise<void>;
  alertOverdueReview(input: { assignmentId: string }): Promise<void>;
}

/** The auto-assignment job (`assignment-job-<jobId>`): the solver runs in an activity, off the event loop. */
export const ASSIGNMENT_JOB_WORKFLOW_TYPE = 'assignmentJobWorkflow';
export const startJobSignal = defineSignal('startJob');

export interface AssignmentJobInput {
  jobId: string;
}

export interface AssignmentJobActivities {
  /** `at`: the job workflow's time when it started the solve; offers expire `at` + the offer validity. */
  runAutoAssignment(input: { jobId: string; at: string }): Promise<{ offered: number; uncovered: number }>;
  failJob(input: { jobId: string; message: string }): Promise<void>;
}
