import { Injectable } from '@nestjs/common';
import { DomainError, NOTIFICATION_KINDS, type DeliveryPreference, type NotificationKind } from '@app/domain';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';

/** Immediate, daily digest or off, per kind of message; critical kinds stay immediate. */
@Injectable()
export class SetNotificationPreferencesUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: {
    actor: { userId: string; role: string };
    preferences: Array<{ kind: NotificationKind; mode: DeliveryPreference }>;
  }): Promise<void> {
    const refused = input.preferences
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => NOTIFICATION_KINDS[p.kind].critical && p.mode !== 'IMMEDIATE')
      .map(({ p, i }) => ({
        field: `preferences[${i}].mode`,
        code: 'CRITICAL_KIND',
        message: `${p.kind} is deadline-critical or security-relevant and is always sent at once`,
        params: { kind: p.kind },
      }));
    if (refused.length)
      throw new DomainError(
        'CRITICAL_NOTIFICATION',
        'Critical messages cannot be turned off or postponed.',
        'rule',
        refused,
      );
    await this.uow.run(async (tx) => {
      for (const p of input.preferences)
        await this.users.setNotificationPreference(tx, input.actor.userId, p.kind, p.mode);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'user.notification-preferences-changed',
        entityType: 'user',
        entityId: input.actor.userId,
        after: { preferences: input.preferences },
      });
    });
  }
}
