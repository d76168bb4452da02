import { Injectable } from '@nestjs/common';
import type { AssignmentChange, SubmitReviewRequest } from '@app/contracts';
import {
  DomainError,
  evaluationStage,
  validateReviewScores,
  weightedTotalText,
  type CompleteCriterionScore,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  ProposalRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
} from '@app/persistence';
import { lockedAssignment } from './locked-assignment';

/**
 * An evaluator submits the review of its accepted assignment (SPEC V6): complete, with its weighted
 * total. The proposal is REVIEWED once it has its reviewers' reviews and no offer or review is open.
 */
@Injectable()
export class SubmitReviewUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { request: SubmitReviewRequest; updateId: string; at: string }): Promise<AssignmentChange> {
    const { request } = input;
    return this.uow.run(async (tx) => {
      const assignment = await lockedAssignment(this.assignments, tx, request.assignmentId, request.actor.userId);
      if (assignment.state === 'REVIEW_SUBMITTED') return { assignmentId: assignment.id, state: assignment.state };
      if (assignment.state !== 'ACCEPTED')
        throw new DomainError(
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; only an accepted assignment takes a review.`,
          'conflict',
          [],
          { state: assignment.state, allowed: ['ACCEPTED'] },
        );
      const review = await this.assignments.review(tx, assignment.id, true);
      if (!review)
        throw new DomainError(
          'REVIEW_MISSING',
          'Save the review (PUT /assignments/{id}/review) before submitting it.',
          'rule',
        );
      const call = await this.calls.find(tx, assignment.callId);
      const { criteria } = evaluationStage(call!.configuration, assignment.stageNo as 1 | 2);
      const violations = validateReviewScores(criteria, review.scores, 'SUBMIT');
      if (violations.length > 0)
        throw new DomainError(
          'REVIEW_INCOMPLETE',
          'The review is not complete: every criterion needs a score and a comment.',
          'rule',
          violations,
        );
      const total = weightedTotalText(criteria, review.scores as CompleteCriterionScore[]);
      await this.assignments.transitionReviewToSubmitted(tx, review, total);
      await this.assignments.transitionAssignment(tx, assignment, 'REVIEW_SUBMITTED', {
        submittedAt: new Date(input.at),
      });
      await this.audit.record(tx, {
        actor: request.actor,
        action: 'assignment.review-submitted',
        entityType: 'assignment',
        entityId: assignment.id,
        before: { state: 'ACCEPTED' },
        after: { state: 'REVIEW_SUBMITTED', weightedTotal: total },
        businessKey: `update:${input.updateId}`,
      });
      const all = await this.assignments.ofProposal(tx, assignment.proposalId, assignment.stageNo);
      const submitted = all.filter((a) => a.state === 'REVIEW_SUBMITTED').length;
      const open = all.filter((a) => a.state === 'OFFERED' || a.state === 'ACCEPTED').length;
      if (open === 0 && submitted >= call!.configuration.reviewersPerProposal) {
        await this.proposals.transitionInReviewToReviewed(tx, assignment.proposalId);
        await this.audit.record(tx, {
          actor: null,
          action: 'proposal.reviewed',
          entityType: 'proposal',
          entityId: assignment.proposalId,
          before: { state: 'IN_REVIEW' },
          after: { state: 'REVIEWED', reviews: submitted },
          businessKey: `proposal-reviewed:${assignment.proposalId}:${assignment.stageNo}`,
        });
      }
      return { assignmentId: assignment.id, state: 'REVIEW_SUBMITTED' };
    });
  }
}
