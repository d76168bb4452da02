import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { UnitOfWork } from '@app/persistence';
import { Invitations, type InvitationSent } from './invitations';
import { OrganisationAccess } from './organisation-access';

/** A member (or an admin) invites a colleague by e-mail to join the organisation. */
@Injectable()
export class InviteToOrganisationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: OrganisationAccess,
    private readonly invitations: Invitations,
  ) {}

  execute(input: {
    organisationId: string;
    email: string;
    displayName?: string;
    principal: Principal;
  }): Promise<InvitationSent> {
    const { principal } = input;
    return this.uow.run(async (tx) => {
      const organisation = await this.access.actingFor(tx, principal, input.organisationId);
      return this.invitations.send(tx, {
        email: input.email,
        displayName: input.displayName,
        grant: { role: 'APPLICANT', organisationId: organisation.id },
        kind: 'ORGANISATION_INVITATION',
        inviter: { userId: principal.userId, role: auditRoleOf(principal), displayName: principal.displayName },
        scopeName: organisation.legalName,
      });
    });
  }
}
