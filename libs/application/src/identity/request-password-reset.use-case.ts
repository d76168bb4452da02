import { Injectable } from '@nestjs/common';
import { AuditWriter, OutboxWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { Links, TOKEN_TTL_MS } from './links';
import { SingleUseTokens } from './single-use-tokens';

/** A password reset link that expires after an hour; answers the same for unknown e-mails. */
@Injectable()
export class RequestPasswordResetUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly links: Links,
  ) {}

  async execute(email: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const user = await this.users.findByEmail(tx, email);
      if (!user || user.status === 'DISABLED') return;
      const token = await this.tokens.issue(tx, {
        purpose: 'PASSWORD_RESET',
        userId: user.id,
        email: user.email,
        ttlMs: TOKEN_TTL_MS.PASSWORD_RESET,
      });
      await this.outbox.enqueue(tx, {
        kind: 'PASSWORD_RESET',
        recipient: { userId: user.id, email: user.email, displayName: user.displayName },
        data: { link: this.links.resetPassword(token.token), expiresAt: token.expiresAt.toISOString() },
        idempotencyKey: `password-reset:${token.id}`,
      });
      await this.audit.record(tx, {
        actor: null,
        action: 'user.password-reset-requested',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }
}
