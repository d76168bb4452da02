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
import { answerOfferUpdate, submitReviewUpdate } from '@app/contracts';
import {
  auditRoleOf,
  CurrentUser,
  decodeIdCursor,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { SaveReviewDraftUseCase } from '@app/application';
import { DomainError } from '@app/domain';
import {
  ReviewAssignmentRepository,
  UnitOfWork,
  type AssignmentRecord,
  type ReviewRecord,
  type Tx,
} from '@app/persistence';
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
import { PageOf } from '../openapi/page-of';

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
    private readonly uow: UnitOfWork,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly saveReviewDraft: SaveReviewDraftUseCase,
    private readonly reviewWorkflow: ReviewWorkflowClient,
  ) {}

  private async mine(tx: Tx, user: Principal, id: string): Promise<AssignmentRecord> {
    const assignment = await this.assignments.find(tx, id);
    if (!assignment || assignment.evaluatorId !== user.userId)
      throw new NotFoundException(`Assignment ${id} not found.`);
    return assignment;
  }

  @Roles('EVALUATOR')
  @Get('me/review-queue')
  @ApiOperation({ summary: 'Offers and assignments with due dates and what to do next' })
  @ApiOkResponse({ type: PageOf(ReviewQueueItemView) })
  async queue(@Query() query: ReviewQueueQueryDto, @CurrentUser() user: Principal): Promise<Page<ReviewQueueItemView>> {
    const limit = query.limit ?? 50;
    const rows = await this.uow.read((tx) =>
      this.assignments.queueOf(tx, user.userId, {
        state: query.state,
        afterId: decodeIdCursor(query.cursor),
        limit: limit + 1,
      }),
    );
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
    const assignment = await this.uow.read((tx) => this.mine(tx, user, id));
    const actor = { userId: user.userId, role: auditRoleOf(user) };
    await this.reviewWorkflow.update(assignment.proposalId, assignment.stageNo, answerOfferUpdate, {
      assignmentId: id,
      answer,
      ...(reason !== undefined ? { reason } : {}),
      actor,
    });
    return assignmentView((await this.uow.read((tx) => this.assignments.find(tx, id)))!);
  }

  @Roles('EVALUATOR')
  @Get('assignments/:id/review')
  @ApiOperation({ summary: 'The evaluator’s own review of an assignment (draft or submitted)' })
  @ApiOkResponse({ type: ReviewView })
  @ApiErrorCodes('NOT_FOUND', 'REVIEW_NOT_SAVED')
  async getReview(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<ReviewView> {
    const review = await this.uow.read(async (tx) => {
      await this.mine(tx, user, id);
      return this.assignments.review(tx, id);
    });
    // The assignment is the caller's: a review not saved yet is "not yet", not "not yours".
    if (!review) throw new DomainError('REVIEW_NOT_SAVED', `No review saved for assignment ${id} yet.`, 'conflict');
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
    const scores = body.scores.map((s) => ({
      criterion: s.criterion,
      ...(s.score !== undefined ? { score: s.score } : {}),
      ...(s.comment !== undefined ? { comment: s.comment } : {}),
    }));
    const review = await this.saveReviewDraft.execute({
      assignmentId: id,
      scores,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
    return reviewView(id, review);
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
    const assignment = await this.uow.read((tx) => this.mine(tx, user, id));
    await this.reviewWorkflow.update(assignment.proposalId, assignment.stageNo, submitReviewUpdate, {
      assignmentId: id,
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
    return reviewView(id, (await this.uow.read((tx) => this.assignments.review(tx, id)))!);
  }
}

function reviewView(assignmentId: string, review: ReviewRecord): ReviewView {
  return {
    assignmentId,
    state: review.state,
    scores: review.scores,
    weightedTotal: review.weightedTotal,
    updatedAt: review.updatedAt.toISOString(),
    submittedAt: review.submittedAt?.toISOString() ?? null,
  };
}
