import { Injectable } from '@nestjs/common';
import type { Language } from '@app/domain';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';

/** The language of the web app and of the e-mails sent to the user. */
@Injectable()
export class SetLanguageUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { actor: { userId: string; role: string }; language: Language }): Promise<void> {
    await this.uow.run(async (tx) => {
      await this.users.setLanguage(tx, input.actor.userId, input.language);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'user.language-changed',
        entityType: 'user',
        entityId: input.actor.userId,
        after: { language: input.language },
      });
    });
  }
}
