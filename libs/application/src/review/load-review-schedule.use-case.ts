import { Injectable } from '@nestjs/common';
import type { ReviewSchedule } from '@app/contracts';
import { ReviewAssignmentRepository, UnitOfWork } from '@app/persistence';
import { UNDER_REVIEW } from './review-states';

/**
 * What a proposal's review workflow needs to run its timers: the assignments with their expiries and
 * deadlines, and whether reviews are still wanted (the call cancelled or the proposal moved on: finished).
 */
@Injectable()
export class LoadReviewScheduleUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
  ) {}

  execute(input: { proposalId: string; stageNo: number }): Promise<ReviewSchedule> {
    return this.uow.read(async (tx) => {
      const head = await this.assignments.proposalReviewState(tx, input.proposalId);
      const assignments = await this.assignments.ofProposal(tx, input.proposalId, input.stageNo);
      const finished = head === null || head.callState === 'CANCELLED' || !UNDER_REVIEW.includes(head.state);
      return {
        finished,
        // The call's reminders (SPEC V5; default 7 and 2 days before the review deadline).
        reminderDays: head ? [...head.callSettings.reviewReminderDaysBefore] : [],
        assignments: assignments.map((a) => ({
          assignmentId: a.id,
          evaluatorId: a.evaluatorId,
          state: a.state,
          offerExpiresAt: a.offerExpiresAt.toISOString(),
          ...(a.respondedAt ? { respondedAt: a.respondedAt.toISOString() } : {}),
          reviewDueAt: a.reviewDueAt.toISOString(),
        })),
      };
    });
  }
}
