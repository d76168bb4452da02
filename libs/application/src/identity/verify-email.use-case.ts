import { Injectable } from '@nestjs/common';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { SingleUseTokens } from './single-use-tokens';

/** `POST /auth/verify-email`: the link works once; the account becomes active. */
@Injectable()
export class VerifyEmailUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(token: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const consumed = await this.tokens.consume(tx, 'EMAIL_VERIFICATION', token);
      const userId = consumed.userId as string;
      await this.users.transitionToActive(tx, userId);
      await this.audit.record(tx, {
        actor: { userId, role: 'APPLICANT' },
        action: 'user.email-verified',
        entityType: 'user',
        entityId: userId,
        after: { status: 'ACTIVE' },
      });
    });
  }
}
