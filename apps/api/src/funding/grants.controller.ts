import { Body, Controller, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { agencyIdsOf, auditRoleOf, CurrentUser, hasRole, Roles, uuidParam, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { DomainError } from '@app/domain';
import { activeProgrammeManagers, AuditWriter, BudgetLedgerRepository, OutboxWriter } from '@app/persistence';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { GrantWithdrawnDto } from './funding.response.dto';

export class WithdrawGrantDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}

/**
 * A partner's grant fails before signature (SPEC F5): the partner's agency or a programme manager
 * withdraws it, with a reason, while no instalment has been released. Its allocation leaves the ledger
 * in the same transaction (under the commitments' locks), so the freed budget can fund the next reserve
 * proposal: the programme managers are told and propose the promotion (`POST …/funding-decision`).
 */
@ApiTags('funding decision')
@ApiBearerAuth()
@Controller('grants')
export class GrantsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: BudgetLedgerRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  @Roles('PROGRAMME_MANAGER', 'AGENCY_OFFICER')
  @Post(':id/withdraw')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Withdraw a grant before signature (its agency or a programme manager), freeing its budget for the reserve list (F5)',
  })
  @ApiOkResponse({ type: GrantWithdrawnDto })
  @ApiErrorCodes('NOT_FOUND', 'GRANT_STATE_CONFLICT', 'GRANT_ALREADY_RUNNING')
  async withdraw(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: WithdrawGrantDto,
    @CurrentUser() user: Principal,
  ) {
    return this.dataSource.transaction(async (manager) => {
      const [grant]: Array<{
        id: string;
        callId: string;
        proposalId: string;
        organisationId: string;
        agencyId: string;
        status: string;
        acronym: string;
        callTitle: string;
      }> = await manager.query(
        `SELECT g.id, g.call_id AS "callId", g.proposal_id AS "proposalId", g.organisation_id AS "organisationId", g.agency_id AS "agencyId", g.status, p.acronym, c.title AS "callTitle"
           FROM funding_grant g JOIN proposal p ON p.id = g.proposal_id JOIN joint_call c ON c.id = g.call_id WHERE g.id = $1`,
        [id],
      );
      if (!grant || (!hasRole(user, 'PROGRAMME_MANAGER') && !agencyIdsOf(user).includes(grant.agencyId)))
        throw new NotFoundException(`Grant ${id} not found.`);
      // The ledger's lock order: the call's commitments first, then the grant.
      await this.ledger.lockCommitments(manager, grant.callId);
      const [locked]: Array<{ status: string }> = await manager.query(
        'SELECT status FROM funding_grant WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (locked.status !== 'AWARDED')
        throw new DomainError('GRANT_STATE_CONFLICT', `The grant is ${locked.status}.`, 'conflict', [], {
          state: locked.status,
        });
      const moved: unknown[] = await manager.query(
        "SELECT 1 FROM instalment WHERE grant_id = $1 AND status <> 'SCHEDULED'",
        [id],
      );
      if (moved.length > 0)
        throw new DomainError(
          'GRANT_ALREADY_RUNNING',
          'Money has been released on this grant; it can no longer be withdrawn before signature.',
          'conflict',
        );
      const freed = await this.ledger.failGrant(manager, grant, body.reason.trim());
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'grant.withdrawn',
        entityType: 'grant',
        entityId: id,
        before: { status: 'AWARDED' },
        after: { status: 'FAILED', reason: body.reason.trim(), freed },
      });
      const managers = await activeProgrammeManagers(manager);
      for (const pm of managers) {
        await this.outbox.enqueue(manager, {
          kind: 'GRANT_WITHDRAWN',
          recipient: pm,
          data: {
            callTitle: grant.callTitle,
            proposalAcronym: grant.acronym,
            reason: body.reason.trim(),
            page: webLinks.call(grant.callId),
          },
          idempotencyKey: `grant-withdrawn:${id}:${pm.userId}`,
        });
      }
      return { grantId: id, status: 'FAILED', freed };
    });
  }
}
