import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '@app/common';
import { AuditWriter, OutboxWriter, UserRepository } from '@app/persistence';
import { Links, TOKEN_TTL_MS } from '../links';
import { SingleUseTokens } from '../single-use-tokens';

/** Password reset by a single-use link that expires after an hour; answers the same for unknown e-mails. */
@Injectable()
export class PasswordResetUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly links: Links,
  ) {}

  async request(email: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.users.findByEmail(manager, email);
      if (!user || user.status === 'DISABLED') return;
      const token = await this.tokens.issue(manager, {
        purpose: 'PASSWORD_RESET',
        userId: user.id,
        email: user.email,
        ttlMs: TOKEN_TTL_MS.PASSWORD_RESET,
      });
      await this.outbox.enqueue(manager, {
        kind: 'PASSWORD_RESET',
        recipient: { userId: user.id, email: user.email, displayName: user.displayName },
        data: { link: this.links.resetPassword(token.token), expiresAt: token.expiresAt.toISOString() },
        idempotencyKey: `password-reset:${token.id}`,
      });
      await this.audit.record(manager, {
        actor: null,
        action: 'user.password-reset-requested',
        entityType: 'user',
        entityId: user.id,
      });
    });
  }

  async confirm(token: string, newPassword: string): Promise<void> {
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const consumed = await this.tokens.consume(manager, 'PASSWORD_RESET', token);
      const userId = consumed.userId as string;
      await this.users.setPassword(manager, userId, passwordHash);
      // Following the e-mailed link proves the address, so an unverified account becomes active.
      await this.users.activate(manager, userId);
      await this.tokens.revokeAll(manager, userId, 'REFRESH');
      await this.tokens.revokeAll(manager, userId, 'PASSWORD_RESET');
      await this.audit.record(manager, {
        actor: { userId, role: 'USER' },
        action: 'user.password-reset',
        entityType: 'user',
        entityId: userId,
      });
    });
  }
}
