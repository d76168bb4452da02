import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, type EntityManager } from 'typeorm';
import { answerOfferUpdate, submitReviewUpdate } from '@app/contracts';
import {
  auditRoleOf,
  CurrentUser,
  decodeCursor,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { DomainError, evaluationStage, validateReviewScores, type CriterionScore } from '@app/domain';
import { AuditWriter, CallRepository, ReviewAssignmentRepository, type AssignmentRecord } from '@app/persistence';
import {
  AssignmentView,
  DeclineAssignmentRequestDto,
  ReviewDraftDto,
  ReviewQueueItemView,
  ReviewQueueQueryDto,
  ReviewView,
} from './assignment.dto';
import { assignmentView, queueItemView } from './assignment-view';
import { ReviewWorkflowClient } from './review-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

interface ReviewRow {
  scores: CriterionScore[];
  state: 'DRAFT' | 'SUBMITTED';
  weightedTotal: string | null;
  updatedAt: Date;
  submittedAt: Date | null;
}

/**
 * The evaluator's side (SPEC §9): its review queue, answers to offers, review drafts and submission.
 * An assignment is visible to its evaluator only (404 for anyone else). Answers and submissions are
 * updates of the proposal's review workflow, which owns the offer's expiry and the reminders; a draft
 * is a plain transaction (SPEC §6).
 */
@ApiTags('reviews')
@ApiBearerAuth()
@Controller()
export class ReviewQueueController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly reviewWorkflow: ReviewWorkflowClient,
  ) {}

  private async mine(manager: EntityManager, user: Principal, id: string, lock = false): Promise<AssignmentRecord> {
    const assignment = await this.assignments.find(manager, id, lock);
    if (!assignment || assignment.evaluatorId !== user.userId)
      throw new NotFoundException(`Assignment ${id} not found.`);
    return assignment;
  }

  @Roles('EVALUATOR')
  @Get('me/review-queue')
  @ApiOperation({ summary: 'Offers and assignments with due dates and what to do next' })
  @ApiOkResponse({ type: [ReviewQueueItemView] })
  async queue(@Query() query: ReviewQueueQueryDto, @CurrentUser() user: Principal): Promise<Page<ReviewQueueItemView>> {
    const limit = query.limit ?? 50;
    const rows = await this.assignments.queueOf(this.dataSource.manager, user.userId, {
      state: query.state,
      afterId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (a) => a.id);
    return { items: page.items.map(queueItemView), nextCursor: page.nextCursor };
  }

  @Roles('EVALUATOR')
  @Post('assignments/:id/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an offer before it expires (409 when it is no longer an offer or has expired)' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiErrorCodes(
    'NOT_FOUND',
    'ASSIGNMENT_NOT_FOUND',
    'ASSIGNMENT_STATE_CONFLICT',
    'OFFER_EXPIRED',
    'REVIEW_NOT_RUNNING',
  )
  async accept(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<AssignmentView> {
    return this.answer(id, user, 'ACCEPT');
  }

  @Roles('EVALUATOR')
  @Post('assignments/:id/decline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Decline an offer with a reason: the proposal goes to the next best evaluator (SPEC V4)' })
  @ApiOkResponse({ type: AssignmentView })
  @ApiErrorCodes(
    'NOT_FOUND',
    'ASSIGNMENT_NOT_FOUND',
    'ASSIGNMENT_STATE_CONFLICT',
    'OFFER_EXPIRED',
    'REVIEW_NOT_RUNNING',
  )
  async decline(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DeclineAssignmentRequestDto,
    @CurrentUser() user: Principal,
  ): Promise<AssignmentView> {
    return this.answer(id, user, 'DECLINE', body.reason);
  }

  private async answer(
    id: string,
    user: Principal,
    answer: 'ACCEPT' | 'DECLINE',
    reason?: string,
  ): Promise<AssignmentView> {
    const assignment = await this.mine(this.dataSource.manager, user, id);
    const actor = { userId: user.userId, role: auditRoleOf(user) };
    await this.reviewWorkflow.update(assignment.proposalId, assignment.stageNo, answerOfferUpdate, {
      assignmentId: id,
      answer,
      ...(reason !== undefined ? { reason } : {}),
      actor,
    });
    return assignmentView((await this.assignments.find(this.dataSource.manager, id))!);
  }

  @Roles('EVALUATOR')
  @Get('assignments/:id/review')
  @ApiOperation({ summary: 'The evaluator’s own review of an assignment (draft or submitted)' })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrorCodes('NOT_FOUND')
  async getReview(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<ReviewView> {
    const manager = this.dataSource.manager;
    await this.mine(manager, user, id);
    const review = await this.review(manager, id);
    if (!review) throw new NotFoundException(`No review saved for assignment ${id} yet.`);
    return reviewView(id, review);
  }

  @Roles('EVALUATOR')
  @Put('assignments/:id/review')
  @ApiOperation({
    summary: 'Save the review as a draft: per criterion a score 0–5 in steps of 0.5 and a comment (SPEC V6)',
  })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrorCodes('NOT_FOUND', 'ASSIGNMENT_STATE_CONFLICT', 'INVALID_REVIEW')
  async saveReview(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ReviewDraftDto,
    @CurrentUser() user: Principal,
  ): Promise<ReviewView> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await this.mine(manager, user, id, true);
      if (assignment.state !== 'ACCEPTED') {
        throw new DomainError(
          'ASSIGNMENT_STATE_CONFLICT',
          `The assignment is ${assignment.state}; a review is written on an accepted assignment until it is submitted.`,
          'conflict',
          [],
          { state: assignment.state },
        );
      }
      const call = await this.calls.find(manager, assignment.callId);
      const { criteria } = evaluationStage(call!.configuration, assignment.stageNo as 1 | 2);
      const scores = body.scores.map((s) => ({
        criterion: s.criterion,
        ...(s.score !== undefined ? { score: s.score } : {}),
        ...(s.comment !== undefined ? { comment: s.comment } : {}),
      }));
      const violations = validateReviewScores(criteria, scores, 'DRAFT');
      if (violations.length > 0)
        throw new DomainError('INVALID_REVIEW', 'The review has invalid scores or comments.', 'rule', violations);
      await manager.query(
        `INSERT INTO review (assignment_id, scores) VALUES ($1, $2)
         ON CONFLICT (assignment_id) DO UPDATE SET scores = EXCLUDED.scores, updated_at = clock_timestamp()`,
        [id, JSON.stringify(scores)],
      );
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'review.draft-saved',
        entityType: 'assignment',
        entityId: id,
        after: { criteria: scores.length },
      });
      return reviewView(id, (await this.review(manager, id))!);
    });
  }

  @Roles('EVALUATOR')
  @Post('assignments/:id/review/submit')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Submit the review: every criterion needs a score and a comment (422 naming each missing one)',
  })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrorCodes(
    'NOT_FOUND',
    'ASSIGNMENT_NOT_FOUND',
    'ASSIGNMENT_STATE_CONFLICT',
    'REVIEW_INCOMPLETE',
    'REVIEW_NOT_RUNNING',
  )
  async submitReview(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<ReviewView> {
    const assignment = await this.mine(this.dataSource.manager, user, id);
    await this.reviewWorkflow.update(assignment.proposalId, assignment.stageNo, submitReviewUpdate, {
      assignmentId: id,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
    return reviewView(id, (await this.review(this.dataSource.manager, id))!);
  }

  private async review(manager: EntityManager, assignmentId: string): Promise<ReviewRow | null> {
    const rows: ReviewRow[] = await manager.query(
      'SELECT scores, state, weighted_total::text AS "weightedTotal", updated_at AS "updatedAt", submitted_at AS "submittedAt" FROM review WHERE assignment_id = $1',
      [assignmentId],
    );
    return rows[0] ?? null;
  }
}

function reviewView(assignmentId: string, review: ReviewRow): ReviewView {
  return {
    assignmentId,
    state: review.state,
    scores: review.scores,
    weightedTotal: review.weightedTotal,
    updatedAt: review.updatedAt.toISOString(),
    submittedAt: review.submittedAt?.toISOString() ?? null,
  };
}
