import { Injectable } from '@nestjs/common';
import type { AssignmentChange, OfferAnswerRequest } from '@app/contracts';
import { DomainError } from '@app/domain';
import { AuditWriter, ReviewAssignmentRepository, UnitOfWork } from '@app/persistence';
import { lockedAssignment } from './locked-assignment';

/** An evaluator accepts or declines (with a reason) an offer (SPEC §4 Assignment); idempotent per answer. */
@Injectable()
export class AnswerOfferUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { request: OfferAnswerRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    const { request } = input;
    return this.uow.run(async (tx) => {
      const assignment = await lockedAssignment(this.assignments, tx, request.assignmentId, request.actor.userId);
      const target = request.answer === 'ACCEPT' ? 'ACCEPTED' : 'DECLINED';
      if (assignment.state === target) return { assignmentId: assignment.id, state: assignment.state };
      if (assignment.state !== 'OFFERED')
        throw new DomainError(
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; only an offer can be answered.`,
          'conflict',
          [],
          { state: assignment.state, allowed: ['OFFERED'] },
        );
      if (request.answer === 'DECLINE' && !request.reason?.trim())
        throw new DomainError(
          'DECLINE_REASON_REQUIRED',
          'Say why you decline (a conflict, no time, outside your expertise).',
          'rule',
        );
      const reason = request.answer === 'DECLINE' ? request.reason!.trim() : undefined;
      await this.assignments.transitionAssignment(tx, assignment, target, {
        respondedAt: new Date(input.at),
        declineReason: reason,
      });
      await this.audit.record(tx, {
        actor: request.actor,
        action: request.answer === 'ACCEPT' ? 'assignment.accepted' : 'assignment.declined',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'OFFERED' },
        after: { state: target, ...(reason !== undefined ? { reason } : {}) },
        businessKey: `update:${input.updateId}`,
      });
      return { assignmentId: assignment.id, state: target };
    });
  }
}
