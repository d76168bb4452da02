import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hashPassword } from '@app/common';
import { DomainError, type Language, type NotificationKind, type RoleGrant } from '@app/domain';
import { AuditWriter, OutboxWriter, UserRepository } from '@app/persistence';
import { Links, TOKEN_TTL_MS } from '../links';
import { SingleUseTokens } from '../single-use-tokens';

export interface InvitationInput {
  email: string;
  displayName?: string;
  grant: RoleGrant;
  kind: Extract<NotificationKind, 'ORGANISATION_INVITATION' | 'EVALUATOR_INVITATION' | 'STAFF_INVITATION'>;
  inviter: { userId: string; role: string; displayName: string };
  /** Shown in the message (organisation or agency name). */
  scopeName?: string;
}

/**
 * Invitations by e-mail: a colleague to an organisation, an evaluator to the pool, a staff member
 * created by an admin. The link is single-use and expires after 14 days; accepting it adds the grant to
 * the account of that e-mail, creating the account (already verified: the link proves the address).
 */
@Injectable()
export class InvitationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly links: Links,
  ) {}

  async invite(input: InvitationInput, manager?: EntityManager): Promise<{ invitationId: string; expiresAt: Date }> {
    const run = async (m: EntityManager): Promise<{ invitationId: string; expiresAt: Date }> => {
      const token = await this.tokens.issue(m, {
        purpose: 'INVITATION',
        email: input.email.trim(),
        payload: { grant: input.grant, invitedBy: input.inviter.userId, displayName: input.displayName ?? null },
        ttlMs: TOKEN_TTL_MS.INVITATION,
      });
      await this.outbox.enqueue(m, {
        kind: input.kind,
        recipient: { email: input.email.trim(), displayName: input.displayName },
        data: {
          link: this.links.acceptInvitation(token.token),
          expiresAt: token.expiresAt.toISOString(),
          inviterName: input.inviter.displayName,
          organisationName: input.scopeName,
        },
        idempotencyKey: `invitation:${token.id}`,
      });
      await this.audit.record(m, {
        actor: { userId: input.inviter.userId, role: input.inviter.role },
        action: 'invitation.sent',
        entityType: 'invitation',
        entityId: token.id,
        after: { grant: input.grant },
      });
      return { invitationId: token.id, expiresAt: token.expiresAt };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  async accept(input: {
    token: string;
    displayName?: string;
    password?: string;
    language?: Language;
  }): Promise<{ userId: string; grant: RoleGrant }> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.dataSource.transaction(async (manager) => {
      const consumed = await this.tokens.consume(manager, 'INVITATION', input.token);
      const grant = consumed.payload.grant as RoleGrant;
      const email = consumed.email as string;
      let user = await this.users.findByEmail(manager, email, true);
      if (!user) {
        const displayName = input.displayName ?? (consumed.payload.displayName as string | null) ?? undefined;
        const missing = [
          ...(displayName ? [] : [{ field: 'displayName', code: 'REQUIRED', message: 'required for a new account' }]),
          ...(passwordHash ? [] : [{ field: 'password', code: 'REQUIRED', message: 'required for a new account' }]),
        ];
        if (missing.length > 0)
          throw new DomainError(
            'ACCOUNT_DETAILS_REQUIRED',
            'Choose a name and a password for your new account.',
            'rule',
            missing,
          );
        user = await this.users.create(manager, {
          email,
          displayName: displayName as string,
          passwordHash,
          status: 'ACTIVE',
          verified: true,
          language: input.language,
        });
        if (!user) throw new Error(`user ${email} appeared concurrently`);
      } else {
        if (user.status === 'DISABLED') throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled.', 'rule');
        await this.users.activate(manager, user.id);
        if (passwordHash && user.status !== 'ACTIVE') await this.users.setPassword(manager, user.id, passwordHash);
      }
      await this.users.grant(manager, user.id, grant, 'ACTIVE');
      await this.audit.record(manager, {
        actor: { userId: user.id, role: grant.role },
        action: 'invitation.accepted',
        entityType: 'invitation',
        entityId: consumed.id,
        after: { userId: user.id, grant },
      });
      return { userId: user.id, grant };
    });
  }
}
