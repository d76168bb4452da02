import { Injectable } from '@nestjs/common';
import { AuditWriter, ReferenceDataRepository, UnitOfWork, type TransformativeActivityRecord } from '@app/persistence';

/** An admin or programme manager adds a transformative activity (S3-Innovation model). */
@Injectable()
export class CreateTransformativeActivityUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceDataRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    activity: TransformativeActivityRecord;
    actor: { userId: string; role: string };
  }): Promise<TransformativeActivityRecord> {
    return this.uow.run(async (tx) => {
      const ta = await this.reference.createTransformativeActivity(tx, input.activity);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'transformative-activity.created',
        entityType: 'transformative-activity',
        entityId: ta.code,
        after: { ...ta },
      });
      return ta;
    });
  }
}
