import { Injectable } from '@nestjs/common';
import type { OrganisationType } from '@app/domain';
import { AuditWriter, OrganisationRepository, UnitOfWork, type OrganisationRecord } from '@app/persistence';

/** `POST /organisations`: a duplicate registration id is refused naming the existing organisation. */
@Injectable()
export class CreateOrganisationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly organisations: OrganisationRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    organisation: { legalName: string; type: OrganisationType; regionCode: string; registrationId: string };
    actor: { userId: string; role: string };
  }): Promise<OrganisationRecord> {
    return this.uow.run(async (tx) => {
      const organisation = await this.organisations.create(tx, input.organisation);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'organisation.created',
        entityType: 'organisation',
        entityId: organisation.id,
        after: {
          legalName: organisation.legalName,
          type: organisation.type,
          regionCode: organisation.regionCode,
          registrationId: organisation.registrationId,
        },
      });
      return organisation;
    });
  }
}
