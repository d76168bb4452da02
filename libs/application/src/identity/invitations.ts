import { Injectable } from '@nestjs/common';
import type { NotificationKind, RoleGrant } from '@app/domain';
import { AuditWriter, OutboxWriter, type Tx } from '@app/persistence';
import { Links, TOKEN_TTL_MS } from './links';
import { SingleUseTokens } from './single-use-tokens';

export interface InvitationInput {
  email: string;
  displayName?: string;
  grant: RoleGrant;
  kind: Extract<NotificationKind, 'ORGANISATION_INVITATION' | 'EVALUATOR_INVITATION' | 'STAFF_INVITATION'>;
  inviter: { userId: string; role: string; displayName: string };
  /** Shown in the message (organisation or agency name). */
  scopeName?: string;
}

export interface InvitationSent {
  invitationId: string;
  expiresAt: Date;
}

/**
 * Invitations by e-mail: a colleague to an organisation, an evaluator to the pool, a staff member
 * created by an admin. The link is single-use and expires after 14 days; accepting it adds the grant to
 * the account of that e-mail, creating the account (already verified: the link proves the address).
 * Sending is part of the inviting use case's unit of work.
 */
@Injectable()
export class Invitations {
  constructor(
    private readonly tokens: SingleUseTokens,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly links: Links,
  ) {}

  async send(tx: Tx, input: InvitationInput): Promise<InvitationSent> {
    const token = await this.tokens.issue(tx, {
      purpose: 'INVITATION',
      email: input.email.trim(),
      payload: { grant: input.grant, invitedBy: input.inviter.userId, displayName: input.displayName ?? null },
      ttlMs: TOKEN_TTL_MS.INVITATION,
    });
    await this.outbox.enqueue(tx, {
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
    await this.audit.record(tx, {
      actor: { userId: input.inviter.userId, role: input.inviter.role },
      action: 'invitation.sent',
      entityType: 'invitation',
      entityId: token.id,
      after: { grant: input.grant },
    });
    return { invitationId: token.id, expiresAt: token.expiresAt };
  }
}
