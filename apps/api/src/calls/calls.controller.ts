import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  agencyIdsOf,
  auditRoleOf,
  CurrentUser,
  decodeCursor,
  definedOnly,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { cancelCallUpdate, extendDeadlineUpdate } from '@app/contracts';
import { DomainError, summariseBudget, type CallConfigurationInput, type Violation } from '@app/domain';
import { CancelDraftCallUseCase, CreateCallUseCase, EditCallUseCase } from '@app/application';
import { BudgetLedgerRepository, CallRepository, ReferenceDataRepository, UnitOfWork } from '@app/persistence';
import { CallAccess, PUBLIC_CALL_STATES } from './call-access';
import { callView, type CallView } from './call-view';
import { CallWorkflowClient } from './call-workflow.client';
import {
  CallQueryDto,
  CancelCallDto,
  CreateCallDto,
  ExtendDeadlineDto,
  StartAlignmentDto,
  UpdateCallDto,
} from './call.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { PageOf } from '../openapi/page-of';
import {
  AlignmentStartedDto,
  CallBudgetDto,
  CallCancelledDto,
  CallViewDto,
  DeadlineExtendedDto,
} from './call.response.dto';

const actorOf = (user: Principal) => ({ userId: user.userId, role: auditRoleOf(user) });

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly reference: ReferenceDataRepository,
    private readonly access: CallAccess,
    private readonly workflow: CallWorkflowClient,
    private readonly ledger: BudgetLedgerRepository,
    private readonly createCall: CreateCallUseCase,
    private readonly editCall: EditCallUseCase,
    private readonly cancelDraftCall: CancelDraftCallUseCase,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post()
  @ApiOperation({ summary: 'Configure a joint call (DRAFT); every broken rule is listed at once (422)' })
  @ApiCreatedResponse({ type: CallViewDto })
  @ApiErrorCodes('CALL_CONFIGURATION_INVALID')
  async create(@Body() body: CreateCallDto, @CurrentUser() user: Principal): Promise<CallView> {
    const call = await this.createCall.execute(user, definedOnly(body) as CallConfigurationInput);
    return callView(call, [], user, true);
  }

  @Roles('PROGRAMME_MANAGER')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a call while it is DRAFT (409 otherwise)' })
  @ApiOkResponse({ type: CallViewDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'CALL_CONFIGURATION_INVALID')
  async update(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UpdateCallDto,
    @CurrentUser() user: Principal,
  ): Promise<CallView> {
    const call = await this.editCall.execute(user, id, definedOnly(body) as Partial<CallConfigurationInput>);
    return callView(call, [], user, true);
  }

  @Get()
  @ApiOperation({
    summary: 'Calls the caller may see, filtered by state, region, action type, transformative activity',
  })
  @ApiOkResponse({ type: PageOf(CallViewDto) })
  async list(@Query() query: CallQueryDto, @CurrentUser() user: Principal): Promise<Page<CallView>> {
    return this.uow.read(async (manager) => {
      const limit = query.limit ?? 50;
      const everything = this.access.seesEverything(user);
      const rows = await this.calls.list(manager, {
        afterId: decodeCursor(query.cursor),
        limit: everything ? limit + 1 : 1000,
        state: query.state,
        actionType: query.actionType,
        transformativeActivity: query.transformativeActivity,
        regionCode: query.region,
      });
      const mine = agencyIdsOf(user);
      const views: CallView[] = [];
      for (const call of rows) {
        const commitments = await this.calls.commitments(manager, call.id);
        const visible =
          everything || PUBLIC_CALL_STATES.includes(call.state) || commitments.some((c) => mine.includes(c.agencyId));
        if (visible) views.push(callView(call, commitments, user, everything));
        if (views.length > limit) break;
      }
      return toPage(views, limit, (c) => c.id);
    });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One call: timeline in its legal time zone, state, each agency’s answer' })
  @ApiOkResponse({ type: CallViewDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal): Promise<CallView> {
    return this.uow.read(async (manager) => {
      const { call, commitments } = await this.access.visible(manager, user, id);
      return callView(call, commitments, user, this.access.seesEverything(user));
    });
  }

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/start-alignment')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Invite the agencies (one per region) and start the call workflow' })
  @ApiAcceptedResponse({ type: AlignmentStartedDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'ALIGNMENT_INVITATION_INVALID', 'CALL_ALREADY_STARTED')
  async startAlignment(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: StartAlignmentDto,
    @CurrentUser() user: Principal,
  ): Promise<{ callId: string; workflowId: string }> {
    const call = await this.uow.read((tx) => this.calls.find(tx, id));
    if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
    if (call.state !== 'DRAFT')
      throw new DomainError(
        'CALL_STATE_CONFLICT',
        `The call is ${call.state}; the alignment starts from DRAFT.`,
        'conflict',
        [],
        { state: call.state, allowed: ['DRAFT'] },
      );
    const { agencies, regions } = await this.uow.read(async (tx) => ({
      agencies: await this.reference.agencies(tx),
      regions: await this.reference.regions(tx),
    }));
    const violations: Violation[] = [];
    const seen = new Map<string, string>();
    for (const [index, agencyId] of body.agencyIds.entries()) {
      const agency = agencies.find((a) => a.id === agencyId);
      if (!agency) {
        violations.push({
          field: `agencyIds[${index}]`,
          code: 'UNKNOWN_AGENCY',
          message: `unknown agency ${agencyId}`,
          params: { agencyId },
        });
        continue;
      }
      if (seen.has(agency.regionCode)) {
        violations.push({
          field: `agencyIds[${index}]`,
          code: 'SECOND_AGENCY_FOR_REGION',
          message: `${agency.name} is a second agency for region ${agency.regionCode}`,
          params: { agencyName: agency.name, regionCode: agency.regionCode },
        });
      }
      seen.set(agency.regionCode, agencyId);
      const currency = regions.find((r) => r.code === agency.regionCode)?.currency;
      if (currency && currency !== 'EUR' && !call.configuration.referenceRates[currency]) {
        violations.push({
          field: `agencyIds[${index}]`,
          code: 'MISSING_REFERENCE_RATE',
          message: `region ${agency.regionCode} commits in ${currency}: the call needs a reference rate for it`,
          params: { regionCode: agency.regionCode, currency },
        });
      }
    }
    if (seen.size < call.configuration.minConfirmedRegions) {
      violations.push({
        field: 'agencyIds',
        code: 'TOO_FEW_REGIONS',
        message: `invite at least ${call.configuration.minConfirmedRegions} regions`,
        params: { min: call.configuration.minConfirmedRegions },
      });
    }
    if (violations.length)
      throw new DomainError(
        'ALIGNMENT_INVITATION_INVALID',
        `The invitation breaks ${violations.length} rule(s).`,
        'rule',
        violations,
        { count: violations.length },
      );
    const workflowId = await this.workflow.start(id, [...new Set(body.agencyIds)], actorOf(user));
    return { callId: id, workflowId };
  }

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/extend-deadline')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Extend a deadline of the whole call (audited; keeps the timeline in order)' })
  @ApiOkResponse({ type: DeadlineExtendedDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'INVALID_INSTANT', 'DEADLINE_NOT_LATER', 'TIMELINE_ORDER_BROKEN')
  async extendDeadline(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: ExtendDeadlineDto,
    @CurrentUser() user: Principal,
  ) {
    const call = await this.uow.read((tx) => this.calls.find(tx, id));
    if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
    return this.workflow.update(
      id,
      extendDeadlineUpdate,
      { field: body.field, newDeadline: body.newDeadline, reason: body.reason, actor: actorOf(user) },
      call.state,
    );
  }

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the call (any state before DECIDED), with a reason' })
  @ApiOkResponse({ type: CallCancelledDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT')
  async cancel(@Param('id', uuidParam('id')) id: string, @Body() body: CancelCallDto, @CurrentUser() user: Principal) {
    const call = await this.uow.read((tx) => this.calls.find(tx, id));
    if (!call) throw new DomainError('NOT_FOUND', `Call ${id} not found.`, 'not-found', [], { callId: id });
    if (call.state === 'DRAFT') {
      return this.cancelDraftCall.execute(user, id, body.reason);
    }
    return this.workflow.update(id, cancelCallUpdate, { reason: body.reason, actor: actorOf(user) }, call.state);
  }

  @Get(':id/budget')
  @ApiOperation({
    summary:
      'Per region and currency: committed, flexibility, proposed (a decision awaiting approval), allocated, ' +
      'released, paid; EUR reference totals',
  })
  @ApiOkResponse({ type: CallBudgetDto })
  @ApiErrorCodes('NOT_FOUND')
  async budget(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (manager) => {
      const { call, commitments } = await this.access.budgetReader(manager, user, id);
      const flows = await this.ledger.flows(manager, id);
      const lines = commitments
        .filter((c) => c.status !== 'DECLINED' && c.status !== 'DROPPED_OUT')
        .map((c) => {
          const flow = flows.find((f) => f.commitmentId === c.id);
          return {
            regionCode: c.regionCode,
            agencyId: c.agencyId,
            currency: c.currency,
            committed: c.amount,
            flexibility: c.flexibility,
            proposed: c.proposedTotal,
            allocated: c.allocatedTotal,
            released: flow?.released ?? 0,
            paid: flow?.paid ?? 0,
          };
        });
      return { callId: call.id, state: call.state, ...summariseBudget(lines, call.configuration.referenceRates) };
    });
  }
}
