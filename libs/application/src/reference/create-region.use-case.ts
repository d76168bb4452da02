import { Injectable } from '@nestjs/common';
import { AuditWriter, ReferenceDataRepository, UnitOfWork, type RegionRecord } from '@app/persistence';

/** An admin adds a region. */
@Injectable()
export class CreateRegionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { region: RegionRecord; actor: { userId: string; role: string } }): Promise<RegionRecord> {
    return this.uow.run(async (tx) => {
      const region = await this.reference.createRegion(tx, input.region);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'region.created',
        entityType: 'region',
        entityId: region.code,
        after: { ...region },
      });
      return region;
    });
  }
}
