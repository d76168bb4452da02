import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, hasRole, organisationIdsOf, toPage, uuidParam, type Principal } from '@app/common';
import { DecideRedressUseCase, FileRedressUseCase, ProposalAccess } from '@app/application';
import { CallRepository, RedressRepository, UnitOfWork } from '@app/persistence';
import { uuidCursor } from '../evaluators/evaluator-view';
import {
  FileRedressRequestDto,
  RedressListQueryDto,
  RedressOutcomeRequestDto,
  RedressRequestDto,
  RedressRequestListDto,
  RedressRequestPageDto,
} from './redress.dto';
import { redressView } from './redress-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

/**
 * Redress (SPEC V9). No `@Roles`: like the evaluator pool, everything is 404 outside the boundary —
 * agency officers and evaluators never learn that a request exists.
 */
@ApiTags('redress')
@ApiBearerAuth()
@Controller()
export class RedressController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProposalAccess,
    private readonly calls: CallRepository,
    private readonly redress: RedressRepository,
    private readonly file: FileRedressUseCase,
    private readonly decide: DecideRedressUseCase,
  ) {}

  @Post('proposals/:id/redress')
  @ApiOperation({
    summary: 'File a redress request on procedural grounds (the coordinator’s members; 404 for anyone else)',
    description:
      'Within 30 days of the stage’s result, one per stage (V9). Every broken rule is listed at once: 422 ' +
      'REDRESS_REQUEST_REFUSED with RESULT_NOT_YET_ISSUED, REDRESS_WINDOW_CLOSED, REDRESS_ALREADY_FILED, ' +
      'INVALID_STAGE, GROUNDS_REQUIRED, GROUNDS_TOO_LONG.',
  })
  @ApiCreatedResponse({ type: RedressRequestDto })
  @ApiUnprocessableEntityResponse({ description: 'REDRESS_REQUEST_REFUSED with every violation' })
  @ApiErrorCodes('NOT_FOUND', 'REDRESS_REQUEST_REFUSED')
  async fileRequest(
    @Param('id', uuidParam('id')) proposalId: string,
    @Body() body: FileRedressRequestDto,
    @CurrentUser() user: Principal,
  ): Promise<RedressRequestDto> {
    const { request, timeZone } = await this.file.execute(user, proposalId, body);
    return redressView(request, timeZone);
  }

  @Get('proposals/:id/redress')
  @ApiOperation({
    summary: 'The proposal’s redress requests (its applicants and programme managers; 404 for anyone else)',
  })
  @ApiOkResponse({ type: RedressRequestListDto })
  @ApiErrorCodes('NOT_FOUND')
  async ofProposal(
    @Param('id', uuidParam('id')) proposalId: string,
    @CurrentUser() user: Principal,
  ): Promise<RedressRequestListDto> {
    return this.uow.read(async (tx) => {
      const { proposal, partners } = await this.access.visible(tx, user, proposalId);
      const member = partners.some((p) => organisationIdsOf(user).includes(p.organisationId));
      if (!member && !hasRole(user, 'PROGRAMME_MANAGER'))
        throw new NotFoundException(`Proposal ${proposalId} not found.`);
      const call = (await this.calls.find(tx, proposal.callId))!;
      return {
        items: (await this.redress.ofProposal(tx, proposalId)).map((r) => redressView(r, call.configuration.timeZone)),
      };
    });
  }

  @Get('calls/:id/redress')
  @ApiOperation({
    summary: 'The call’s redress requests, filtered by status (programme managers; 404 for anyone else)',
  })
  @ApiOkResponse({ type: RedressRequestPageDto })
  @ApiErrorCodes('NOT_FOUND')
  async ofCall(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: RedressListQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<RedressRequestPageDto> {
    const limit = query.limit ?? 50;
    const { call, rows } = await this.uow.read(async (tx) => {
      const found = hasRole(user, 'PROGRAMME_MANAGER') ? await this.calls.find(tx, callId) : null;
      if (!found) throw new NotFoundException(`Call ${callId} not found.`);
      const listed = await this.redress.listOfCall(tx, callId, {
        status: query.status,
        afterId: uuidCursor(query.cursor),
        limit: limit + 1,
      });
      return { call: found, rows: listed };
    });
    const page = toPage(rows, limit, (r) => r.id);
    return { items: page.items.map((r) => redressView(r, call.configuration.timeZone)), nextCursor: page.nextCursor };
  }

  @Post('redress/:id/outcome')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Record the outcome of a redress request (programme managers; 404 for anyone else)',
    description:
      'Once (409 REDRESS_ALREADY_DECIDED), while the call is IN_EVALUATION or RANKED (409 CALL_STATE_CONFLICT). ' +
      'UPHELD_REOPEN_ELIGIBILITY re-opens the regional eligibility check; UPHELD_REOPEN_EVALUATION puts the ' +
      'proposal back to ELIGIBLE for a new assignment; REJECTED changes nothing. The coordinator is told.',
  })
  @ApiOkResponse({ type: RedressRequestDto })
  @ApiConflictResponse({ description: 'REDRESS_ALREADY_DECIDED or CALL_STATE_CONFLICT' })
  @ApiErrorCodes('NOT_FOUND', 'REDRESS_ALREADY_DECIDED', 'CALL_STATE_CONFLICT', 'INVALID_REDRESS_OUTCOME')
  async recordOutcome(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: RedressOutcomeRequestDto,
    @CurrentUser() user: Principal,
  ): Promise<RedressRequestDto> {
    const { request, timeZone } = await this.decide.execute(user, id, body);
    return redressView(request, timeZone);
  }
}
