import { Controller, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { agencyIdsOf, auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { AuditWriter, InstalmentLedgerRepository } from '@app/persistence';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { InstalmentPaidDto } from './project.response.dto';

/**
 * SPEC M4, §9 `POST /instalments/{id}/confirm-payment`: the agency of the grant confirms it paid a RELEASED
 * instalment — PAID with its ledger entry, under the commitment's row lock (paid ≤ released per region, a
 * CHECK in the database); a second confirmation is refused with 409 naming the state. An officer of any
 * other agency gets 404.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('instalments')
export class InstalmentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly instalments: InstalmentLedgerRepository,
    private readonly audit: AuditWriter,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  @Roles('AGENCY_OFFICER')
  @Post(':id/confirm-payment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm that your agency paid a released instalment (RELEASED → PAID)' })
  @ApiOkResponse({ type: InstalmentPaidDto })
  @ApiErrorCodes('NOT_FOUND', 'ILLEGAL_INSTALMENT_TRANSITION')
  async confirmPayment(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.dataSource.transaction(async (manager) => {
      const mine = agencyIdsOf(user);
      const paid = await this.instalments.confirmPayment(manager, id, (agencyId) => mine.includes(agencyId));
      if (!paid) throw new NotFoundException(`Instalment ${id} not found.`);
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'instalment.paid',
        entityType: 'instalment',
        entityId: id,
        before: { state: 'RELEASED' },
        after: { state: 'PAID', amount: paid.amount, currency: paid.currency, regionCode: paid.regionCode },
      });
      const [project]: Array<{ id: string }> = await manager.query('SELECT id FROM project WHERE proposal_id = $1', [
        paid.proposalId,
      ]);
      // The last payment may complete the project: its workflow checks.
      if (project) await this.workflow.wake(manager, project.id, 'instalment-paid', `instalment-paid:${id}`);
      return { ...paid, state: 'PAID', projectId: project?.id ?? null };
    });
  }
}
