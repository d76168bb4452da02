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
  CurrentUser,
  decodeIdCursor,
  definedOnly,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { summariseBudget, type CallConfigurationInput } from '@app/domain';
import {
  CreateCallUseCase,
  EditCallUseCase,
  RequestCallCancellationUseCase,
  RequestDeadlineExtensionUseCase,
  StartAlignmentUseCase,
} from '@app/application';
import { BudgetLedgerRepository, CallRepository, UnitOfWork } from '@app/persistence';
import { CallAccess, PUBLIC_CALL_STATES } from './call-access';
import { callView, type CallView } from './call-view';
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

@ApiTags('calls')
@ApiBearerAuth()
@Controller('calls')
export class CallsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly access: CallAccess,
    private readonly ledger: BudgetLedgerRepository,
    private readonly createCall: CreateCallUseCase,
    private readonly editCall: EditCallUseCase,
    private readonly startAlignmentUseCase: StartAlignmentUseCase,
    private readonly requestDeadlineExtension: RequestDeadlineExtensionUseCase,
    private readonly requestCancellation: RequestCallCancellationUseCase,
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
        afterId: decodeIdCursor(query.cursor),
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
  @ApiOperation({
    summary:
      'Invite the agencies (one per region) and start the call workflow: answers with the call in FUND_ALIGNMENT ' +
      '(its configuration frozen, every invited agency able to answer)',
  })
  @ApiAcceptedResponse({ type: AlignmentStartedDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'ALIGNMENT_INVITATION_INVALID', 'CALL_ALREADY_STARTED')
  async startAlignment(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: StartAlignmentDto,
    @CurrentUser() user: Principal,
  ): Promise<{ callId: string; workflowId: string; state: 'FUND_ALIGNMENT' }> {
    return this.startAlignmentUseCase.execute(user, id, body.agencyIds);
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
    return this.requestDeadlineExtension.execute(user, id, {
      field: body.field,
      newDeadline: body.newDeadline,
      reason: body.reason,
    });
  }

  @Roles('PROGRAMME_MANAGER')
  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel the call (any state before DECIDED), with a reason' })
  @ApiOkResponse({ type: CallCancelledDto })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT')
  async cancel(@Param('id', uuidParam('id')) id: string, @Body() body: CancelCallDto, @CurrentUser() user: Principal) {
    return this.requestCancellation.execute(user, id, body.reason);
  }

  @Get(':id/budget')
  @ApiOperation({
    summary:
      'Per region and currency: committed, flexibility, proposed (a decision awaiting approval), allocated, ' +
      'released, paid; EUR reference totals. An agency officer sees its own agency’s region(s) only, with totals ' +
      'over those (as on the dashboard).',
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
