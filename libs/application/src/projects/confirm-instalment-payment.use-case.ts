import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, auditRoleOf, type Principal } from '@app/common';
import {
  AuditWriter,
  GrantRepository,
  ProjectRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { wakeProject } from './project-signals';

/**
 * SPEC M4: the agency of the grant confirms it paid a RELEASED instalment — PAID with its ledger entry,
 * under the commitment's row lock; an officer of any other agency gets 404. The last payment may complete
 * the project: its workflow is told.
 */
@Injectable()
export class ConfirmInstalmentPaymentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly instalments: GrantRepository,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: { user: Principal; instalmentId: string }) {
    const { user, instalmentId: id } = input;
    return this.uow.run(async (tx) => {
      const mine = agencyIdsOf(user);
      const paid = await this.instalments.confirmPayment(tx, id, (agencyId) => mine.includes(agencyId));
      if (!paid) throw new NotFoundException(`Instalment ${id} not found.`);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'instalment.paid',
        entityType: 'instalment',
        entityId: id,
        before: { state: 'RELEASED' },
        after: { state: 'PAID', amount: paid.amount, currency: paid.currency, regionCode: paid.regionCode },
      });
      const projectId = await this.projects.idOfProposal(tx, paid.proposalId);
      if (projectId) await wakeProject(this.signals, tx, projectId, 'instalment-paid', `instalment-paid:${id}`);
      return { ...paid, state: 'PAID' as const, projectId: projectId ?? null };
    });
  }
}
