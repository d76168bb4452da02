import { Body, Controller, Get, NotFoundException, Param, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import {
  consensusOutcome,
  DomainError,
  evaluationStage,
  reviewSpread,
  validateConsensus,
  type CompleteCriterionScore,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EvaluatorPoolRepository,
  OutboxWriter,
  ProposalEvaluationRepository,
  ProposalRepository,
  ReviewAssignmentRepository,
  UserRepository,
  type ConsensusLine,
  type ProposalEvaluationRecord,
  type ProposalRecord,
} from '@app/persistence';
import { EvaluationAccess } from './evaluation-access';
import { DesignateRapporteurDto, RecordConsensusDto, ReviewsQueryDto } from './evaluation.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ConsensusViewDto, ProposalReviewsDto, RapporteurDesignatedDto } from './evaluation.response.dto';

/** Proposal states in which a consensus is recorded or revised (a revision recomputes the outcome). */
const CONSENSUS_STATES = ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED'];
/** Proposal states in which a rapporteur is designated: while reviews are written and until the consensus is settled. */
const RAPPORTEUR_STATES = ['IN_REVIEW', 'REVIEWED', 'BELOW_THRESHOLD', 'RANKED'];

/**
 * IN_EVALUATION — or DECIDED, for a proposal re-opened by an upheld redress after the decision (SPEC V9):
 * its new consensus puts it on the reserve list, and the reserve-promotion path (F5) decides.
 */
function assertCallInEvaluation(state: string | null, what: string): void {
  if (state !== 'IN_EVALUATION' && state !== 'DECIDED') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${state ?? 'gone'}; ${what} while it is IN_EVALUATION.`,
      'conflict',
      [],
      { state: state ?? 'gone', allowed: ['IN_EVALUATION'] },
    );
  }
}

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
    private readonly dataSource: DataSource,
    private readonly access: EvaluationAccess,
    private readonly proposals: ProposalRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly pool: EvaluatorPoolRepository,
    private readonly calls: CallRepository,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Put('rapporteur')
  @ApiOperation({
    summary:
      'Designate the proposal’s rapporteur (programme managers): one of its evaluators, who then reads the reviews and drafts the consensus',
    description:
      'The evaluator must hold an ACCEPTED or REVIEW_SUBMITTED assignment of the proposal in the stage and no declared conflict (422 RAPPORTEUR_NOT_ASSIGNED). It is told by e-mail. Designating the same evaluator again changes nothing.',
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
    return this.dataSource.transaction(async (manager) => {
      const found = await this.proposals.find(manager, id);
      if (!found || found.state === 'DRAFT') throw new NotFoundException(`Proposal ${id} not found.`);
      const stageNo = this.access.stageOf(found, body.stageNo);
      assertCallInEvaluation(
        await this.evaluations.callStateShared(manager, found.callId),
        'rapporteurs are designated',
      );
      const proposal = (await this.proposals.find(manager, id, 'update'))!;
      if (!RAPPORTEUR_STATES.includes(proposal.state)) {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; a rapporteur is designated while it is under review (${RAPPORTEUR_STATES.join(', ')}).`,
          'conflict',
          [],
          { state: proposal.state, allowed: [...RAPPORTEUR_STATES] },
        );
      }
      const assigned = (await this.assignments.ofProposal(manager, id, stageNo)).some(
        (a) => a.evaluatorId === body.evaluatorId && (a.state === 'ACCEPTED' || a.state === 'REVIEW_SUBMITTED'),
      );
      const conflicted =
        assigned &&
        (await this.pool.conflicts(manager, proposal.callId, body.evaluatorId)).some((c) => c.proposalId === id);
      if (!assigned || conflicted) {
        throw new DomainError(
          'RAPPORTEUR_NOT_ASSIGNED',
          'The rapporteur is one of the proposal’s evaluators: an accepted or submitted assignment in this stage, without a declared conflict.',
          'rule',
          [
            {
              field: 'evaluatorId',
              code: 'RAPPORTEUR_NOT_ASSIGNED',
              message: conflicted
                ? `evaluator ${body.evaluatorId} declared a conflict with this proposal`
                : `evaluator ${body.evaluatorId} holds no accepted or submitted assignment of this proposal in stage ${stageNo}`,
            },
          ],
        );
      }
      const before = await this.evaluations.find(manager, id, stageNo, true);
      if (before?.rapporteurId !== body.evaluatorId) {
        await this.evaluations.setRapporteur(manager, id, stageNo, body.evaluatorId);
        const after = (await this.evaluations.find(manager, id, stageNo))!;
        const evaluator = (await this.users.findById(manager, body.evaluatorId))!;
        const call = (await this.calls.find(manager, proposal.callId))!;
        await this.outbox.enqueue(manager, {
          kind: 'RAPPORTEUR_DESIGNATED',
          recipient: { userId: evaluator.id, email: evaluator.email, displayName: evaluator.displayName },
          data: {
            callTitle: call.configuration.title,
            proposalAcronym: proposal.content.acronym,
            inviterName: user.displayName,
            page: webLinks.proposal(id),
          },
          idempotencyKey: `rapporteur-designated:${id}:${stageNo}:${evaluator.id}:${after.rapporteurAt!.toISOString()}`,
        });
        await this.audit.record(manager, {
          actor: { userId: user.userId, role: auditRoleOf(user) },
          action: 'proposal.rapporteur-designated',
          entityType: 'proposal',
          entityId: id,
          before: { stageNo, rapporteurId: before?.rapporteurId ?? null },
          after: { stageNo, rapporteurId: body.evaluatorId },
        });
      }
      const current = (await this.evaluations.find(manager, id, stageNo))!;
      const rapporteur = (await this.users.findById(manager, body.evaluatorId))!;
      return {
        proposalId: id,
        stageNo,
        rapporteurId: rapporteur.id,
        rapporteurName: rapporteur.displayName,
        designatedAt: current.rapporteurAt!.toISOString(),
      };
    });
  }

  @Get('reviews')
  @ApiOperation({
    summary:
      'The submitted reviews with scores, comments, weighted totals and evaluators (programme managers and the proposal’s rapporteur; 404 for anyone else)',
    description:
      'With the spread per criterion (SPEC V6: a spread above 2 points flags the proposal for discussion), a suggested consensus per criterion (the mean rounded to the nearest 0.5) and the recorded consensus, if any.',
  })
  @ApiOkResponse({ type: ProposalReviewsDto })
  @ApiErrorCodes('NOT_FOUND', 'INVALID_STAGE')
  async reviews(
    @Param('id', uuidParam('id')) id: string,
    @Query() query: ReviewsQueryDto,
    @CurrentUser() user: Principal,
  ) {
    const manager = this.dataSource.manager;
    const { proposal, stageNo } = await this.access.managerOrRapporteur(manager, user, id, query.stageNo);
    const call = (await this.calls.find(manager, proposal.callId))!;
    const stage = evaluationStage(call.configuration, stageNo);
    const reviews = await this.evaluations.submittedReviews(manager, id, stageNo);
    const spread = reviewSpread(stage.criteria, reviews);
    const evaluation = await this.evaluations.find(manager, id, stageNo);
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
      'Record or revise the consensus per criterion (programme managers and the proposal’s rapporteur; 404 for anyone else)',
    description:
      'SPEC V7: a score 0–5 in steps of 0.5 and a comment for every criterion of the stage (422 INVALID_CONSENSUS naming every field). The proposal becomes BELOW_THRESHOLD when a criterion is under its threshold or the unweighted sum is under the overall threshold, RANKED otherwise; weights change only the weighted total. Allowed while the call is IN_EVALUATION and the proposal REVIEWED, BELOW_THRESHOLD or RANKED (409 otherwise).',
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
    return this.dataSource.transaction(async (manager) => {
      const { proposal: found, stageNo } = await this.access.managerOrRapporteur(manager, user, id, body.stageNo);
      assertCallInEvaluation(
        await this.evaluations.callStateShared(manager, found.callId),
        'the consensus is recorded',
      );
      const proposal = (await this.proposals.find(manager, id, 'update'))!;
      if (!CONSENSUS_STATES.includes(proposal.state)) {
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; a consensus is recorded once it is REVIEWED (and revised while BELOW_THRESHOLD or RANKED).`,
          'conflict',
          [],
          { state: proposal.state, allowed: ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED'] },
        );
      }
      const call = (await this.calls.find(manager, proposal.callId))!;
      const stage = evaluationStage(call.configuration, stageNo);
      const violations = validateConsensus(stage, body.scores);
      if (violations.length > 0)
        throw new DomainError(
          'INVALID_CONSENSUS',
          `The consensus has ${violations.length} problem(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const lines: ConsensusLine[] = (body.scores as Array<{ criterion: string; score: number; comment: string }>).map(
        (s) => ({ criterion: s.criterion, score: s.score, comment: s.comment }),
      );
      // Stored in the criteria's order, whatever order the client sent.
      lines.sort(
        (a, b) =>
          stage.criteria.findIndex((c) => c.name === a.criterion) -
          stage.criteria.findIndex((c) => c.name === b.criterion),
      );
      const outcome = consensusOutcome(stage, lines as CompleteCriterionScore[]);
      const flagged = reviewSpread(
        stage.criteria,
        await this.evaluations.submittedReviews(manager, id, stageNo),
      ).flaggedForDiscussion;
      const before = await this.evaluations.find(manager, id, stageNo, true);
      await this.evaluations.saveConsensus(manager, {
        proposalId: id,
        stageNo,
        consensus: lines,
        by: user.userId,
        outcome: outcome.outcome,
        reasons: outcome.reasons,
        weightedTotal: outcome.weightedTotal,
        unweightedSum: outcome.unweightedSum,
        flaggedForDiscussion: flagged,
      });
      const state =
        outcome.outcome === 'BELOW_THRESHOLD' ? 'BELOW_THRESHOLD' : call.state === 'DECIDED' ? 'RESERVE' : 'RANKED';
      if (state !== proposal.state) await this.proposals.setState(manager, id, state);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: before?.consensus ? 'proposal.consensus-revised' : 'proposal.consensus-recorded',
        entityType: 'proposal',
        entityId: id,
        before: { stageNo, state: proposal.state, ...snapshot(before) },
        after: {
          stageNo,
          state,
          consensus: lines,
          outcome: outcome.outcome,
          reasons: outcome.reasons,
          weightedTotal: outcome.weightedTotal,
          unweightedSum: outcome.unweightedSum,
        },
      });
      return consensusView(
        (await this.proposals.find(manager, id))!,
        await this.evaluations.find(manager, id, stageNo),
        stageNo,
      );
    });
  }
}

function snapshot(evaluation: ProposalEvaluationRecord | null): Record<string, unknown> {
  if (!evaluation?.consensus) return { consensus: null, outcome: null };
  return {
    consensus: evaluation.consensus,
    outcome: evaluation.outcome,
    reasons: evaluation.reasons,
    weightedTotal: evaluation.weightedTotal,
    unweightedSum: Number(evaluation.unweightedSum),
  };
}
