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
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { auditRoleOf, CurrentUser, PageQueryDto, toPage, uuidParam, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { DomainError, type Violation } from '@app/domain';
import {
  AuditWriter,
  EvaluatorPoolRepository,
  OutboxWriter,
  type CallRecord,
  type PoolMemberRecord,
} from '@app/persistence';
import { EvaluatorAccess } from './evaluator-access';
import { poolMemberView, uuidCursor } from './evaluator-view';
import { PoolMemberDto, PoolMemberPageDto } from './evaluator.dto';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

interface StatusResponse {
  status(code: number): unknown;
}

/** Calls whose pool no longer changes: nothing is left to evaluate. */
const POOL_CLOSED_STATES = ['CANCELLED', 'CLOSED'];

/** The evaluators of a call (SPEC §2: programme managers assign evaluators). */
@ApiTags('evaluators')
@ApiBearerAuth()
@Controller('calls/:id/evaluators')
export class CallEvaluatorsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  private assertPoolOpen(call: CallRecord): void {
    if (POOL_CLOSED_STATES.includes(call.state)) {
      throw new DomainError(
        'CALL_STATE_CONFLICT',
        `The call is ${call.state}; its evaluators no longer change.`,
        'conflict',
        [],
        { state: call.state },
      );
    }
  }

  /**
   * Why the evaluator cannot leave the pool now; empty = it can. Each rule is one line here (the review
   * issue adds: offers or assignments of this evaluator in this call).
   */
  private async removalRefusals(_manager: EntityManager, _member: PoolMemberRecord): Promise<Violation[]> {
    const refusals: Violation[] = [];
    return refusals;
  }

  @Get()
  @ApiOperation({
    summary:
      'The call’s evaluators with profile summary, declaration status and conflict count (programme managers; 404 for anyone else)',
  })
  @ApiOkResponse({ type: PoolMemberPageDto })
  @ApiErrorCodes('NOT_FOUND')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: PageQueryDto,
    @CurrentUser() user: Principal,
  ): Promise<PoolMemberPageDto> {
    const manager = this.dataSource.manager;
    await this.access.managedCall(manager, user, callId);
    const limit = query.limit ?? 50;
    const rows = await this.pool.members(manager, callId, { afterId: uuidCursor(query.cursor), limit: limit + 1 });
    const page = toPage(rows, limit, (m) => m.userId);
    return { items: page.items.map(poolMemberView), nextCursor: page.nextCursor };
  }

  @Put(':userId')
  @ApiOperation({
    summary: 'Add an evaluator to the call’s pool (programme managers): 201 when added, 200 when already there',
    description:
      'The user must hold the EVALUATOR role and have a profile (422 NOT_AN_EVALUATOR, EVALUATOR_PROFILE_MISSING). The evaluator is told by e-mail to sign the call’s declaration.',
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
    return this.dataSource.transaction(async (manager) => {
      const call = await this.access.managedCall(manager, user, callId);
      this.assertPoolOpen(call);
      if (!(await this.pool.isActiveEvaluator(manager, userId))) {
        throw new DomainError(
          'NOT_AN_EVALUATOR',
          'Only active users with the EVALUATOR role join a call’s pool.',
          'rule',
          [
            {
              field: 'userId',
              code: 'NOT_AN_EVALUATOR',
              message: `user ${userId} is not an active evaluator`,
              params: { userId },
            },
          ],
        );
      }
      const profile = await this.pool.profile(manager, userId);
      if (!profile) {
        throw new DomainError(
          'EVALUATOR_PROFILE_MISSING',
          'The evaluator has not completed its profile (expertise, country) yet.',
          'rule',
          [
            {
              field: 'userId',
              code: 'EVALUATOR_PROFILE_MISSING',
              message: `evaluator ${userId} has no profile`,
              params: { userId },
            },
          ],
        );
      }
      const { added, addedAt } = await this.pool.addToPool(manager, callId, userId, user.userId);
      if (added) {
        await this.outbox.enqueue(manager, {
          kind: 'EVALUATOR_ADDED_TO_CALL',
          recipient: { userId, email: profile.email, displayName: profile.displayName },
          data: { callTitle: call.configuration.title, inviterName: user.displayName, page: webLinks.tasks() },
          idempotencyKey: `evaluator-added:${callId}:${userId}:${new Date(addedAt).toISOString()}`,
        });
        await this.audit.record(manager, {
          actor: { userId: user.userId, role: auditRoleOf(user) },
          action: 'call.evaluator-added',
          entityType: 'call',
          entityId: callId,
          after: { evaluatorId: userId },
        });
      }
      res.status(added ? HttpStatus.CREATED : HttpStatus.OK);
      return poolMemberView((await this.pool.member(manager, callId, userId))!);
    });
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Remove an evaluator from the call’s pool (programme managers); its signature and declared conflicts go with it',
    description:
      'Idempotent: 204 also when the evaluator was not in the pool. Refused with 409 EVALUATOR_REMOVAL_REFUSED when the evaluator has work in the call (from the review issue on).',
  })
  @ApiNoContentResponse()
  @ApiErrorCodes('NOT_FOUND', 'EVALUATOR_REMOVAL_REFUSED', 'CALL_STATE_CONFLICT')
  async remove(
    @Param('id', uuidParam('id')) callId: string,
    @Param('userId', uuidParam('userId')) userId: string,
    @CurrentUser() user: Principal,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.access.managedCall(manager, user, callId);
      const member = await this.pool.member(manager, callId, userId, true);
      if (!member) return;
      const refusals = await this.removalRefusals(manager, member);
      if (refusals.length)
        throw new DomainError(
          'EVALUATOR_REMOVAL_REFUSED',
          'The evaluator cannot leave this call’s pool now.',
          'conflict',
          refusals,
        );
      await this.pool.removeFromPool(manager, callId, userId);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-removed',
        entityType: 'call',
        entityId: callId,
        before: {
          evaluatorId: userId,
          declarationSigned: member.declarationSignedAt !== null,
          conflictCount: member.conflictCount,
        },
      });
    });
  }
}
