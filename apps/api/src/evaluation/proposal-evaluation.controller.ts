import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { evaluationStage, reviewSpread } from '@app/domain';
import { DesignateRapporteurUseCase, EvaluationAccess, RecordConsensusUseCase } from '@app/application';
import {
  CallRepository,
  ProposalEvaluationRepository,
  UnitOfWork,
  type ProposalEvaluationRecord,
  type ProposalRecord,
} from '@app/persistence';
import { DesignateRapporteurDto, RecordConsensusDto, ReviewsQueryDto } from './evaluation.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ConsensusViewDto, ProposalReviewsDto, RapporteurDesignatedDto } from './evaluation.response.dto';

function consensusView(proposal: ProposalRecord, evaluation: ProposalEvaluationRecord | null, stageNo: number) {
  return {
    proposalId: proposal.id,
    stageNo,
    state: proposal.state,
    rapporteurId: evaluation?.rapporteurId ?? null,
    consensus: evaluation?.consensus ?? null,
    outcome: evaluation?.outcome ?? null,
    reasons: evaluation?.consensus ? evaluation.reasons : [],
    weightedTotal: evaluation?.weightedTotal ?? null,
    unweightedSum: evaluation?.unweightedSum != null ? Number(evaluation.unweightedSum) : null,
    flaggedForDiscussion: evaluation?.flaggedForDiscussion ?? false,
    consensusBy: evaluation?.consensusBy ?? null,
    consensusAt: evaluation?.consensusAt?.toISOString() ?? null,
  };
}

/**
 * Rapporteur, individual reviews and consensus of one proposal (SPEC §2, §5 V6–V7, §9). Plain
 * transactions with their audit events (like the regional eligibility decisions): the call workflow
 * owns the evaluation's time, these are human edits of a proposal's evaluation.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('proposals/:id')
export class ProposalEvaluationController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: EvaluationAccess,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly calls: CallRepository,
    private readonly designate: DesignateRapporteurUseCase,
    private readonly recordConsensusUseCase: RecordConsensusUseCase,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Put('rapporteur')
  @ApiOperation({
    summary:
      'Designate the proposal’s rapporteur (programme managers): one of its evaluators, who then reads the reviews ' +
      'and drafts the consensus',
    description:
      'The evaluator must hold an ACCEPTED or REVIEW_SUBMITTED assignment of the proposal in the stage and no ' +
      'declared conflict (422 RAPPORTEUR_NOT_ASSIGNED). It is told by e-mail. Designating the same evaluator again ' +
      'changes nothing.',
  })
  @ApiOkResponse({ type: RapporteurDesignatedDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'RAPPORTEUR_NOT_ASSIGNED',
    'INVALID_STAGE',
    'CALL_STATE_CONFLICT',
    'PROPOSAL_STATE_CONFLICT',
  )
  @ApiUnprocessableEntityResponse({ description: 'RAPPORTEUR_NOT_ASSIGNED, INVALID_STAGE' })
  @ApiConflictResponse({ description: 'The call is not IN_EVALUATION or the proposal is not under review' })
  async designateRapporteur(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: DesignateRapporteurDto,
    @CurrentUser() user: Principal,
  ) {
    return this.designate.execute({
      proposalId: id,
      ...(body.stageNo !== undefined ? { stageNo: body.stageNo } : {}),
      evaluatorId: body.evaluatorId,
      actor: { userId: user.userId, role: auditRoleOf(user) },
      actorName: user.displayName,
    });
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'The submitted reviews with scores, comments, weighted totals and evaluators (programme managers and the ' +
      'proposal’s rapporteur; 404 for anyone else)',
    description:
      'With the spread per criterion (SPEC V6: a spread above 2 points flags the proposal for discussion), a ' +
      'suggested consensus per criterion (the mean rounded to the nearest 0.5) and the recorded consensus, if any.',
  })
  @ApiOkResponse({ type: ProposalReviewsDto })
  @ApiErrorCodes('NOT_FOUND', 'INVALID_STAGE')
  async reviews(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ReviewsQueryDto,
    @CurrentUser() user: Principal,
  ) {
    const { proposal, stageNo, call, reviews, evaluation } = await this.uow.read(async (tx) => {
      const found = await this.access.managerOrRapporteur(tx, user, id, query.stageNo);
      return {
        ...found,
        call: (await this.calls.find(tx, found.proposal.callId))!,
        reviews: await this.evaluations.submittedReviews(tx, id, found.stageNo),
        evaluation: await this.evaluations.find(tx, id, found.stageNo),
      };
    });
    const stage = evaluationStage(call.configuration, stageNo);
    const spread = reviewSpread(stage.criteria, reviews);
    return {
      proposalId: id,
      stageNo,
      acronym: proposal.content.acronym,
      title: proposal.content.title,
      state: proposal.state,
      rapporteurId: evaluation?.rapporteurId ?? null,
      criteria: stage.criteria.map((c) => ({ name: c.name, weight: c.weight, threshold: c.threshold })),
      overallThreshold: stage.overallThreshold,
      reviews: reviews.map((r) => ({
        assignmentId: r.assignmentId,
        evaluatorId: r.evaluatorId,
        evaluatorName: r.evaluatorName,
        scores: r.scores,
        weightedTotal: r.weightedTotal,
        submittedAt: r.submittedAt.toISOString(),
      })),
      spread,
      suggestedConsensus: spread.criteria.map((c) => ({ criterion: c.criterion, score: c.suggestedConsensus })),
      consensus: consensusView(proposal, evaluation, stageNo),
    };
  }

  @Put('consensus')
  @ApiOperation({
    summary:
      'Record or revise the consensus per criterion (programme managers and the proposal’s rapporteur; 404 for ' +
      'anyone else)',
    description:
      'SPEC V7: a score 0–5 in steps of 0.5 and a comment for every criterion of the stage (422 INVALID_CONSENSUS ' +
      'naming every field). The proposal becomes BELOW_THRESHOLD when a criterion is under its threshold or the ' +
      'unweighted sum is under the overall threshold, RANKED otherwise; weights change only the weighted total. ' +
      'Allowed while the call is IN_EVALUATION and the proposal REVIEWED, BELOW_THRESHOLD or RANKED (409 ' +
      'otherwise).',
  })
  @ApiOkResponse({ type: ConsensusViewDto })
  @ApiErrorCodes('NOT_FOUND', 'INVALID_CONSENSUS', 'INVALID_STAGE', 'CALL_STATE_CONFLICT', 'PROPOSAL_STATE_CONFLICT')
  @ApiUnprocessableEntityResponse({ description: 'INVALID_CONSENSUS, INVALID_STAGE' })
  @ApiConflictResponse({ description: 'CALL_STATE_CONFLICT, PROPOSAL_STATE_CONFLICT' })
  async recordConsensus(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RecordConsensusDto,
    @CurrentUser() user: Principal,
  ) {
    const { proposal, evaluation, stageNo } = await this.recordConsensusUseCase.execute({
      proposalId: id,
      ...(body.stageNo !== undefined ? { stageNo: body.stageNo } : {}),
      scores: body.scores,
      user,
    });
    return consensusView(proposal, evaluation, stageNo);
  }
}
