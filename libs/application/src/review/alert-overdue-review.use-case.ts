import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  OutboxWriter,
  ReviewAssignmentRepository,
  UnitOfWork,
} from '@app/persistence';
import { lockedAssignment } from './locked-assignment';

/** An accepted assignment past its review deadline: the programme managers are alerted (SPEC V5). */
@Injectable()
export class AlertOverdueReviewUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute(input: { assignmentId: string }): Promise<void> {
    await this.uow.run(async (tx) => {
      const assignment = await lockedAssignment(this.assignments, tx, input.assignmentId);
      if (assignment.state !== 'ACCEPTED') return;
      const context = await this.assignments.context(tx, assignment.proposalId);
      await this.audit.record(tx, {
        actor: null,
        action: 'assignment.review-overdue',
        entityType: 'assignment',
        entityId: assignment.id,
        after: { reviewDueAt: assignment.reviewDueAt.toISOString(), evaluatorId: assignment.evaluatorId },
        businessKey: `review-overdue:${assignment.id}`,
      });
      for (const pm of await activeProgrammeManagers(tx)) {
        await this.outbox.enqueue(tx, {
          kind: 'REVIEW_OVERDUE',
          recipient: pm,
          data: {
            callTitle: context.callTitle,
            proposalAcronym: context.acronym,
            deadline: toZonedIso(assignment.reviewDueAt.toISOString(), context.timeZone),
            page: webLinks.proposal(assignment.proposalId),
          },
          idempotencyKey: `review-overdue:${assignment.id}:${pm.userId}`,
        });
      }
    });
  }
}
