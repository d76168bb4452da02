import { Injectable, NotFoundException } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { AuditWriter, OutboxWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { OrganisationAccess } from './organisation-access';

/** A member (or an admin) approves a pending request to join the organisation. */
@Injectable()
export class ApproveMembershipUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: OrganisationAccess,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { organisationId: string; userId: string; principal: Principal }): Promise<void> {
    const { organisationId: id, userId, principal } = input;
    await this.uow.run(async (tx) => {
      const organisation = await this.access.actingFor(tx, principal, id);
      if (!(await this.users.transitionPendingMembershipToActive(tx, id, userId)))
        throw new NotFoundException('No pending request of this user for this organisation.');
      const member = await this.users.findById(tx, userId);
      await this.outbox.enqueue(tx, {
        kind: 'MEMBERSHIP_APPROVED',
        recipient: { userId, email: member!.email, displayName: member!.displayName },
        data: { organisationName: organisation.legalName, page: webLinks.myProposals() },
        idempotencyKey: `membership-approved:${userId}:${id}`,
      });
      await this.audit.record(tx, {
        actor: { userId: principal.userId, role: auditRoleOf(principal) },
        action: 'organisation.member-approved',
        entityType: 'organisation',
        entityId: id,
        after: { userId, status: 'ACTIVE' },
        businessKey: `membership-approved:${userId}:${id}`,
      });
    });
  }
}
