import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { answerFundingDecisionUpdate, proposeFundingDecisionUpdate } from '@app/contracts';
import { agencyIdsOf, auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { DomainError, whatIf } from '@app/domain';
import {
  CallRepository,
  FundingDecisionReadModel,
  FundingDecisionRepository,
  FundingInputRepository,
  UnitOfWork,
  type CallRecord,
  type CommitmentRecord,
  type Tx,
} from '@app/persistence';
import { CallAccess } from '../calls/call-access';
import { CallWorkflowClient } from '../calls/call-workflow.client';
import { DECISION_MEDIA_TYPES, decisionExportData, exportDecision } from './decision-export';
import { DecisionExportQueryDto } from './decision-export.dto';
import { ApproveDecisionDto, ObjectDecisionDto, WhatIfDto } from './funding-decision.dto';
import { ApiErrorCodes, ApiJsonOrFileResponse } from '../openapi/api-problems.decorator';
import { FundingDecisionAnswerDto, FundingDecisionViewDto, WhatIfResultDto } from './funding.response.dto';

type RegionalAmounts = Array<{ regionCode: string; currency: string; amount: number; partners?: unknown }>;

function withoutPartners(amounts: unknown): RegionalAmounts {
  return (amounts as RegionalAmounts).map(({ partners: _partners, ...region }) => region);
}

/** The call is the caller's and no decision is proposed yet: "not yet" (409), never "not yours" (404). */
const noDecisionYet = () =>
  new DomainError(
    'FUNDING_DECISION_NOT_PROPOSED',
    'No funding decision has been proposed for this call yet.',
    'conflict',
  );

/** What the workflow refuses a repeated answer with, depending on how far the decision has gone since. */
const ANSWER_REPEATED_CODES = new Set([
  'ALREADY_ANSWERED',
  'CALL_STATE_CONFLICT',
  'DECISION_RETURNED',
  'DECISION_STATE_CONFLICT',
]);

const RANKING_NOT_FINAL = 'The ranking of the call’s last stage is not finalised.';

/**
 * The funding decision over the virtual common pot (SPEC F1–F4, §9): the programme manager proposes it
 * (and revises it after an objection), each participating agency approves or objects for its region, and
 * anyone who reads the decision may ask what-if. Proposals and answers are updates of the call workflow,
 * which owns the decision deadline; the amounts are held in the ledger (`GET /calls/{id}/budget`).
 */
@ApiTags('funding decision')
@ApiBearerAuth()
@Controller('calls/:id/funding-decision')
export class FundingDecisionController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
    private readonly decisions: FundingDecisionRepository,
    private readonly reads: FundingDecisionReadModel,
    private readonly inputs: FundingInputRepository,
  ) {}

  /** Programme managers, or officers of an agency with a confirmed commitment in the call; 404 for anyone else. */
  private async reader(
    manager: Tx,
    user: Principal,
    callId: string,
  ): Promise<{ call: CallRecord; commitments: CommitmentRecord[] }> {
    const { call, commitments } = await this.access.visible(manager, user, callId);
    if (this.access.seesEverything(user)) return { call, commitments };
    const mine = agencyIdsOf(user);
    if (commitments.some((c) => c.status === 'CONFIRMED' && mine.includes(c.agencyId))) return { call, commitments };
    throw new NotFoundException(`Call ${callId} not found.`);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Run F1 over the finalised ranking and propose the decision (or revise it after an objection); the ' +
      'amounts are held as proposed in the ledger',
  })
  @ApiOkResponse({ type: FundingDecisionViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'RANKING_NOT_FINAL',
    'DECISION_STATE_CONFLICT',
    'DECISION_AWAITING_AGENCIES',
    'INVALID_ALLOCATION_INPUT',
    'NOTHING_TO_PROMOTE',
  )
  async propose(@Param('id', uuidParam('id')) callId: string, @CurrentUser() user: Principal) {
    const call = await this.uow.read((tx) => this.calls.find(tx, callId));
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    await this.workflow.update(
      callId,
      proposeFundingDecisionUpdate,
      { actor: { userId: user.userId, role: auditRoleOf(user) } },
      call.state,
    );
    return this.uow.read((tx) => this.view(tx, call.id, true));
  }

  @Get()
  @ApiOperation({
    summary:
      'The current decision: each ranked proposal’s outcome with its regional amounts, gaps and shortfalls, ' +
      'and every agency’s answer (JSON; CSV or XLSX by Accept)',
  })
  @ApiJsonOrFileResponse(
    FundingDecisionViewDto,
    DECISION_MEDIA_TYPES,
    'The decision as JSON, or as CSV / XLSX by Accept',
  )
  @ApiErrorCodes('NOT_FOUND', 'FUNDING_DECISION_NOT_PROPOSED')
  @ApiProduces(...DECISION_MEDIA_TYPES)
  async get(
    @Param('id', uuidParam('id')) callId: string,
    @CurrentUser() user: Principal,
    @Headers('accept') accept: string | undefined,
    @Query() query: DecisionExportQueryDto,
  ) {
    return this.uow.read(async (tx) => {
      const { call, commitments } = await this.reader(tx, user, callId);
      // Downloads (CSV, XLSX) and 406: decision-export.ts; JSON falls through to the view.
      const file = await exportDecision(
        async () => {
          const decision = await this.decisions.latest(tx, call.id);
          if (!decision) throw noDecisionYet();
          return decisionExportData(call, commitments, decision, await this.reads.entries(tx, decision.id));
        },
        call.id,
        accept,
        query.table,
      );
      if (file) return file;
      return this.view(tx, call.id, this.access.seesEverything(user));
    });
  }

  @Roles('AGENCY_OFFICER')
  @Post('approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Approve the proposed decision for your region, optionally with conditions shown to the applicants (F4)',
  })
  @ApiOkResponse({ type: FundingDecisionAnswerDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'AGENCY_REQUIRED',
    'AGENCY_NOT_PARTICIPATING',
    'ALREADY_ANSWERED',
    'DECISION_RETURNED',
    'DECISION_STATE_CONFLICT',
  )
  async approve(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: ApproveDecisionDto,
    @CurrentUser() user: Principal,
  ) {
    return this.answer(callId, user, body.agencyId, {
      answer: 'APPROVE',
      ...(body.conditions ? { conditions: body.conditions } : {}),
    });
  }

  @Roles('AGENCY_OFFICER')
  @Post('object')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Object to the proposed decision for your region, with a reason: it goes back to the programme manager (F4)',
  })
  @ApiOkResponse({ type: FundingDecisionAnswerDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'CALL_STATE_CONFLICT',
    'AGENCY_REQUIRED',
    'AGENCY_NOT_PARTICIPATING',
    'ALREADY_ANSWERED',
    'DECISION_RETURNED',
    'DECISION_STATE_CONFLICT',
    'OBJECTION_REASON_REQUIRED',
  )
  async object(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: ObjectDecisionDto,
    @CurrentUser() user: Principal,
  ) {
    return this.answer(callId, user, body.agencyId, { answer: 'OBJECT', reason: body.reason });
  }

  private async answer(
    callId: string,
    user: Principal,
    agencyId: string | undefined,
    answer: { answer: 'APPROVE' | 'OBJECT'; conditions?: string; reason?: string },
  ) {
    const { call, commitments } = await this.uow.read((tx) => this.reader(tx, user, callId));
    const mine = commitments
      .filter((c) => c.status === 'CONFIRMED' && agencyIdsOf(user).includes(c.agencyId))
      .map((c) => c.agencyId);
    // An officer answers only for its own agency's region (a foreign agency id is as invisible as any other).
    if (agencyId !== undefined && !mine.includes(agencyId))
      throw new NotFoundException(`Agency ${agencyId} not found in this call.`);
    if (agencyId === undefined && mine.length > 1) {
      throw new DomainError(
        'AGENCY_REQUIRED',
        'You are an officer of several agencies in this call: name the one you answer for.',
        'rule',
        [
          {
            field: 'agencyId',
            code: 'AGENCY_REQUIRED',
            message: `one of ${mine.join(', ')}`,
            params: { allowed: [...mine] },
          },
        ],
      );
    }
    const agency = agencyId ?? mine[0];
    try {
      return await this.workflow.update(
        callId,
        answerFundingDecisionUpdate,
        { agencyId: agency, ...answer, actor: { userId: user.userId, role: auditRoleOf(user) } },
        call.state,
      );
    } catch (error) {
      throw (await this.answeredBefore(callId, agency, answer.answer, error)) ?? error;
    }
  }

  /**
   * A refused answer that repeats the one the agency already gave to the call's latest decision (a client retrying
   * after a lost response, whose approval may have been the last one and moved the call to DECIDED): 409
   * `ALREADY_ANSWERED` naming the decision and the answer as recorded, whatever the workflow refused it with, so the
   * client can tell that its own answer counted. Any other refusal stands.
   */
  private async answeredBefore(
    callId: string,
    agencyId: string,
    answer: 'APPROVE' | 'OBJECT',
    error: unknown,
  ): Promise<DomainError | undefined> {
    if (!(error instanceof DomainError) || !ANSWER_REPEATED_CODES.has(error.code)) return undefined;
    const recorded = await this.uow.read(async (tx) => {
      const decision = await this.decisions.latest(tx, callId);
      const approval = decision ? await this.decisions.approvalOf(tx, decision.id, agencyId) : null;
      return decision && approval ? { decision, approval } : undefined;
    });
    if (!recorded || recorded.approval.answer !== (answer === 'APPROVE' ? 'APPROVED' : 'OBJECTED')) return undefined;
    const { decision, approval } = recorded;
    return new DomainError(
      'ALREADY_ANSWERED',
      `Your agency already answered ${approval.answer} to this decision at ${approval.answeredAt.toISOString()}; ` +
        `the decision is ${decision.status}.`,
      'conflict',
      [],
      {
        decisionId: decision.id,
        agencyId,
        answer: approval.answer,
        answeredAt: approval.answeredAt.toISOString(),
        decisionStatus: decision.status,
      },
    );
  }

  @Post('what-if')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'F3: the same walk with changed commitments, nothing saved, and for each reserve proposal the top-up per ' +
      'region that funds it',
  })
  @ApiOkResponse({ type: WhatIfResultDto })
  @ApiErrorCodes('NOT_FOUND', 'RANKING_NOT_FINAL', 'INVALID_ALLOCATION_INPUT', 'TOP_UP_DID_NOT_CONVERGE')
  async whatIf(@Param('id', uuidParam('id')) callId: string, @Body() body: WhatIfDto, @CurrentUser() user: Principal) {
    const walk = await this.uow.read(async (tx) => {
      const { call } = await this.reader(tx, user, callId);
      // The walk as the current decision sees it: its own proposed or allocated amounts are not "already allocated".
      const current = await this.decisions.current(tx, call.id);
      const commitments = (await this.calls.commitments(tx, call.id))
        .filter((c) => c.status === 'CONFIRMED')
        .map((c) => ({
          id: c.id,
          agencyId: c.agencyId,
          regionCode: c.regionCode,
          currency: c.currency,
          amount: c.amount,
          flexibility: c.flexibility,
          flexibilityUsable: call.configuration.flexibilityAllowed,
          proposedTotal: c.proposedTotal,
          allocatedTotal: c.allocatedTotal,
        }));
      return this.inputs.walkInput(tx, call, commitments, { excludeDecisionId: current?.id });
    });
    if (!walk) throw new DomainError('RANKING_NOT_FINAL', RANKING_NOT_FINAL, 'conflict');
    return whatIf(walk.input, body.changes, { topUps: body.topUps ?? 'ALL' });
  }

  private async view(tx: Tx, callId: string, programmeManager: boolean) {
    const decision = await this.decisions.latest(tx, callId);
    if (!decision) throw noDecisionYet();
    const entries = await this.reads.entries(tx, decision.id);
    const approvals = await this.decisions.approvals(tx, decision.id);
    const { updateId: _updateId, ...summary } = decision.summary;
    return {
      decisionId: decision.id,
      revision: decision.revision,
      status: decision.status,
      policy: decision.policy,
      createdAt: decision.createdAt.toISOString(),
      decidedAt: decision.decidedAt?.toISOString() ?? null,
      ...(programmeManager ? { summary } : {}),
      // Agencies see each proposal's request per region, never partner-level amounts (SPEC §2).
      entries: entries.map((e) => ({
        proposalId: e.proposalId,
        acronym: e.acronym,
        rank: e.rank,
        outcome: e.outcome,
        reasons: e.reasons,
        amounts: programmeManager ? e.amounts : withoutPartners(e.amounts),
        requestedEur: e.requestedEur,
      })),
      approvals: approvals.map((a) => ({
        agencyId: a.agencyId,
        regionCode: a.regionCode,
        answer: a.answer,
        conditions: a.conditions,
        reason: a.reason,
        answeredAt: a.answeredAt.toISOString(),
      })),
    };
  }
}
