import { Injectable } from '@nestjs/common';
import { hashPassword } from '@app/common';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { SingleUseTokens } from './single-use-tokens';

/** A new password by the single-use reset link; every session of the account ends. */
@Injectable()
export class ResetPasswordUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { token: string; newPassword: string }): Promise<void> {
    const passwordHash = await hashPassword(input.newPassword);
    await this.uow.run(async (tx) => {
      const consumed = await this.tokens.consume(tx, 'PASSWORD_RESET', input.token);
      const userId = consumed.userId as string;
      await this.users.setPassword(tx, userId, passwordHash);
      // Following the e-mailed link proves the address, so an unverified account becomes active.
      await this.users.transitionToActive(tx, userId);
      await this.tokens.revokeAll(tx, userId, 'REFRESH');
      await this.tokens.revokeAll(tx, userId, 'PASSWORD_RESET');
      await this.audit.record(tx, {
        actor: { userId, role: 'USER' },
        action: 'user.password-reset',
        entityType: 'user',
        entityId: userId,
      });
    });
  }
}
