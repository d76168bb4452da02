import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditWriter, UserRepository } from '@app/persistence';
import { SingleUseTokens } from '../single-use-tokens';

/** `POST /auth/verify-email`: the link works once; the account becomes active. */
@Injectable()
export class VerifyEmailUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(token: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const consumed = await this.tokens.consume(manager, 'EMAIL_VERIFICATION', token);
      const userId = consumed.userId as string;
      await this.users.activate(manager, userId);
      await this.audit.record(manager, {
        actor: { userId, role: 'APPLICANT' },
        action: 'user.email-verified',
        entityType: 'user',
        entityId: userId,
        after: { status: 'ACTIVE' },
      });
    });
  }
}
