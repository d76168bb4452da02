import { Injectable } from '@nestjs/common';
import type { AssignmentChange } from '@app/contracts';
import { AuditWriter, OutboxWriter, recipientOf, ReviewAssignmentRepository, UnitOfWork } from '@app/persistence';
import { lockedAssignment } from './locked-assignment';

/** An unanswered offer expires when its timer fires (SPEC V5); the evaluator is told. Idempotent. */
@Injectable()
export class ExpireOfferUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: { assignmentId: string }): Promise<AssignmentChange> {
    return this.uow.run(async (tx) => {
      const assignment = await lockedAssignment(this.assignments, tx, input.assignmentId);
      if (assignment.state !== 'OFFERED') return { assignmentId: assignment.id, state: assignment.state };
      await this.assignments.transitionAssignment(tx, assignment, 'EXPIRED');
      await this.audit.record(tx, {
        actor: null,
        action: 'assignment.expired',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'OFFERED' },
        after: { state: 'EXPIRED', offerExpiresAt: assignment.offerExpiresAt.toISOString() },
        businessKey: `assignment-expired:${assignment.id}`,
      });
      const context = await this.assignments.context(tx, assignment.proposalId);
      await this.outbox.enqueue(tx, {
        kind: 'REVIEW_OFFER_EXPIRED',
        recipient: await recipientOf(tx, assignment.evaluatorId),
        data: { callTitle: context.callTitle, proposalAcronym: context.acronym },
        idempotencyKey: `review-offer-expired:${assignment.id}`,
      });
      return { assignmentId: assignment.id, state: 'EXPIRED' };
    });
  }
}
