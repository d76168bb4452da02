import { Injectable, NotFoundException } from '@nestjs/common';
import { DomainError, evaluationStage, validateReviewScores, type CriterionScore } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
  type AuditActor,
  type ReviewRecord,
} from '@app/persistence';

/**
 * The evaluator saves its review as a draft (SPEC V6: per criterion a score 0–5 in steps of 0.5 and a
 * comment, each optional until submission), on its own accepted assignment only (404 for anyone else).
 */
@Injectable()
export class SaveReviewDraftUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { assignmentId: string; scores: CriterionScore[]; actor: AuditActor }): Promise<ReviewRecord> {
    const { assignmentId: id, actor } = input;
    return this.uow.run(async (tx) => {
      const assignment = await this.assignments.find(tx, id, true);
      if (!assignment || assignment.evaluatorId !== actor.userId)
        throw new NotFoundException(`Assignment ${id} not found.`);
      if (assignment.state !== 'ACCEPTED') {
        throw new DomainError(
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; ` +
            'a review is written on an accepted assignment until it is submitted.',
          'conflict',
          [],
          { state: assignment.state },
        );
      }
      const call = await this.calls.find(tx, assignment.callId);
      const { criteria } = evaluationStage(call!.configuration, assignment.stageNo as 1 | 2);
      const violations = validateReviewScores(criteria, input.scores, 'DRAFT');
      if (violations.length > 0)
        throw new DomainError('INVALID_REVIEW', 'The review has invalid scores or comments.', 'rule', violations);
      await this.assignments.saveReviewDraft(tx, id, input.scores);
      await this.audit.record(tx, {
        actor,
        action: 'review.draft-saved',
        entityType: 'assignment',
        entityId: id,
        after: { criteria: input.scores.length },
      });
      return (await this.assignments.review(tx, id))!;
    });
  }
}
