import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import { OutboxWriter, recipientOf, ReviewAssignmentRepository, UnitOfWork } from '@app/persistence';
import { lockedAssignment } from './locked-assignment';

/** Reminds the evaluator of an accepted assignment before its review deadline (SPEC V5). Idempotent. */
@Injectable()
export class RemindReviewerUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(input: { assignmentId: string; daysBefore: number }): Promise<void> {
    await this.uow.run(async (tx) => {
      const assignment = await lockedAssignment(this.assignments, tx, input.assignmentId);
      if (assignment.state !== 'ACCEPTED') return;
      const context = await this.assignments.context(tx, assignment.proposalId);
      await this.outbox.enqueue(tx, {
        kind: 'REVIEW_REMINDER',
        recipient: await recipientOf(tx, assignment.evaluatorId),
        data: {
          callTitle: context.callTitle,
          proposalAcronym: context.acronym,
          count: input.daysBefore,
          deadline: toZonedIso(assignment.reviewDueAt.toISOString(), context.timeZone),
          page: webLinks.assignment(assignment.id),
        },
        idempotencyKey: `review-reminder:${assignment.id}:${input.daysBefore}`,
      });
    });
  }
}
