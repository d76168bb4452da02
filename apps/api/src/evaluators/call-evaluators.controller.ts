import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, PageQueryDto, toPage, uuidParam, type Principal } from '@app/common';
import { AddPoolEvaluatorUseCase, EvaluatorAccess, RemovePoolEvaluatorUseCase } from '@app/application';
import { EvaluatorPoolRepository, UnitOfWork } from '@app/persistence';
import { poolMemberView, uuidCursor } from './evaluator-view';
import { PoolMemberDto, PoolMemberPageDto } from './evaluator.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

interface StatusResponse {
  status(code: number): unknown;
}

/** The evaluators of a call (SPEC §2: programme managers assign evaluators). */
@ApiTags('evaluators')
@ApiBearerAuth()
@Controller('calls/:id/evaluators')
export class CallEvaluatorsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly addEvaluator: AddPoolEvaluatorUseCase,
    private readonly removeEvaluator: RemovePoolEvaluatorUseCase,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The call’s evaluators with profile summary, declaration status and conflict count (programme managers; 404 ' +
      'for anyone else)',
  })
  @ApiOkResponse({ type: PoolMemberPageDto })
  @ApiErrorCodes('NOT_FOUND')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<PoolMemberPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.uow.read(async (tx) => {
      await this.access.managedCall(tx, user, callId);
      return this.pool.members(tx, callId, { afterId: uuidCursor(query.cursor), limit: limit + 1 });
    });
    const page = toPage(rows, limit, (m) => m.userId);
    return { items: page.items.map(poolMemberView), nextCursor: page.nextCursor };
  }

  @Put(':userId')
  @ApiOperation({
    summary: 'Add an evaluator to the call’s pool (programme managers): 201 when added, 200 when already there',
    description:
      'The user must hold the EVALUATOR role and have a profile (422 NOT_AN_EVALUATOR, EVALUATOR_PROFILE_MISSING). ' +
      'The evaluator is told by e-mail to sign the call’s declaration.',
  })
  @ApiCreatedResponse({ type: PoolMemberDto })
  @ApiOkResponse({ type: PoolMemberDto })
  @ApiUnprocessableEntityResponse({ description: 'NOT_AN_EVALUATOR or EVALUATOR_PROFILE_MISSING' })
  @ApiErrorCodes('NOT_FOUND', 'NOT_AN_EVALUATOR', 'EVALUATOR_PROFILE_MISSING')
  async add(
    @Param('id', uuidParam('id')) callId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: StatusResponse,
  ): Promise<PoolMemberDto> {
    const { added, member } = await this.addEvaluator.execute({ callId, userId, user });
    res.status(added ? HttpStatus.CREATED : HttpStatus.OK);
    return poolMemberView(member);
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Remove an evaluator from the call’s pool (programme managers); its signature and declared conflicts go with it',
    description:
      'Idempotent: 204 also when the evaluator was not in the pool. Refused with 409 EVALUATOR_REMOVAL_REFUSED ' +
      'when the evaluator has work in the call.',
  })
  @ApiNoContentResponse()
  @ApiErrorCodes('NOT_FOUND', 'EVALUATOR_REMOVAL_REFUSED', 'CALL_STATE_CONFLICT')
  async remove(
    @Param('id', uuidParam('id')) callId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.removeEvaluator.execute({ callId, userId, user });
  }
}
