import { Injectable } from '@nestjs/common';
import { AuditWriter, ReferenceDataRepository, UnitOfWork, type AgencyRecord } from '@app/persistence';

/** An admin adds a funding agency. */
@Injectable()
export class CreateAgencyUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { agency: Omit<AgencyRecord, 'id'>; actor: { userId: string; role: string } }): Promise<AgencyRecord> {
    return this.uow.run(async (tx) => {
      const agency = await this.reference.createAgency(tx, input.agency);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'agency.created',
        entityType: 'agency',
        entityId: agency.id,
        after: { ...agency },
      });
      return agency;
    });
  }
}
