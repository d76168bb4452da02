import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type {
  AssignmentChange,
  OfferAnswerRequest,
  ReviewActivities,
  ReviewSchedule,
  SubmitReviewRequest,
} from '@app/contracts';
import {
  AlertOverdueReviewUseCase,
  AnswerOfferUseCase,
  ExpireOfferUseCase,
  LoadReviewScheduleUseCase,
  RemindReviewerUseCase,
  SubmitReviewUseCase,
  TopUpOffersUseCase,
} from '@app/application';

/**
 * The assignment lifecycle (SPEC §4 Assignment, V4–V5) for the proposal's review workflow: offers topped
 * up with the next best evaluator, answers, expiry, reviews submitted, reminders and the overdue alert,
 * each one use case in one transaction. Time is the workflow's: an expiry runs when its timer fires, not
 * when the database clock says so. Each is idempotent under its update id or business key.
 */
@Injectable()
export class ReviewAssignmentActivities implements ReviewActivities {
  constructor(
    private readonly schedule: LoadReviewScheduleUseCase,
    private readonly topUp: TopUpOffersUseCase,
    private readonly answer: AnswerOfferUseCase,
    private readonly expire: ExpireOfferUseCase,
    private readonly submit: SubmitReviewUseCase,
    private readonly remind: RemindReviewerUseCase,
    private readonly alertOverdue: AlertOverdueReviewUseCase,
  ) {}

  @Activity()
  loadReviewSchedule(input: { proposalId: string; stageNo: number }): Promise<ReviewSchedule> {
    return this.schedule.execute(input);
  }

  @Activity()
  topUpOffers(input: {
    proposalId: string;
    stageNo: number;
    cause: string;
    at: string;
  }): Promise<{ offered: string[]; missing: number }> {
    return this.topUp.execute(input);
  }

  @Activity()
  answerOffer(input: { request: OfferAnswerRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    return this.answer.execute(input);
  }

  @Activity()
  expireOffer(input: { assignmentId: string }): Promise<AssignmentChange> {
    return this.expire.execute(input);
  }

  @Activity()
  submitReview(input: { request: SubmitReviewRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    return this.submit.execute(input);
  }

  @Activity()
  remindReviewer(input: { assignmentId: string; daysBefore: number }): Promise<void> {
    return this.remind.execute(input);
  }

  @Activity()
  alertOverdueReview(input: { assignmentId: string }): Promise<void> {
    return this.alertOverdue.execute(input);
  }
}
