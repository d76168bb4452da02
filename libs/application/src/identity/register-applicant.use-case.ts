import { Injectable } from '@nestjs/common';
import { hashPassword } from '@app/common';
import { DomainError, type Language, type OrganisationType } from '@app/domain';
import { AuditWriter, OrganisationRepository, OutboxWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { Links, TOKEN_TTL_MS } from './links';
import { SingleUseTokens } from './single-use-tokens';

export interface RegisterApplicantInput {
  email: string;
  password: string;
  displayName: string;
  language?: Language;
  organisationId?: string;
  organisation?: { legalName: string; type: OrganisationType; regionCode: string; registrationId: string };
}

/**
 * Applicant self-registration (SPEC §2): with a new organisation (the registrant becomes its first
 * member) or an existing one (membership pending until a member approves). The account stays
 * unverified until the e-mailed link is followed. A taken e-mail answers exactly like a new one, so
 * registration cannot be used to find out who has an account; no second account is created.
 */
@Injectable()
export class RegisterApplicantUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly organisations: OrganisationRepository,
    private readonly tokens: SingleUseTokens,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly links: Links,
  ) {}

  async execute(input: RegisterApplicantInput): Promise<void> {
    const passwordHash = await hashPassword(input.password);
    await this.uow.run(async (tx) => {
      if (input.organisationId) {
        const existing = await this.organisations.findById(tx, input.organisationId);
        if (!existing) {
          throw new DomainError('UNKNOWN_ORGANISATION', 'There is no such organisation.', 'rule', [
            { field: 'organisationId', code: 'UNKNOWN_ORGANISATION', message: 'unknown organisation' },
          ]);
        }
      }
      const user = await this.users.create(tx, {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        status: 'PENDING_VERIFICATION',
        verified: false,
        language: input.language,
      });
      if (!user) return;
      const organisation = input.organisation
        ? await this.organisations.create(tx, input.organisation)
        : await this.organisations.findById(tx, input.organisationId as string);
      const joining = !input.organisation;
      await this.users.grant(
        tx,
        user.id,
        { role: 'APPLICANT', organisationId: organisation!.id },
        joining ? 'PENDING_APPROVAL' : 'ACTIVE',
      );
      const token = await this.tokens.issue(tx, {
        purpose: 'EMAIL_VERIFICATION',
        userId: user.id,
        email: user.email,
        ttlMs: TOKEN_TTL_MS.EMAIL_VERIFICATION,
      });
      await this.outbox.enqueue(tx, {
        kind: 'EMAIL_VERIFICATION',
        recipient: { userId: user.id, email: user.email, displayName: user.displayName },
        data: { link: this.links.verifyEmail(token.token), expiresAt: token.expiresAt.toISOString() },
        idempotencyKey: `email-verification:${token.id}`,
      });
      if (joining) {
        for (const member of await this.users.activeMembersOf(tx, organisation!.id)) {
          await this.outbox.enqueue(tx, {
            kind: 'MEMBERSHIP_REQUESTED',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: { applicantName: user.displayName, organisationName: organisation!.legalName },
            idempotencyKey: `membership-requested:${user.id}:${organisation!.id}:${member.id}`,
          });
        }
      }
      await this.audit.record(tx, {
        actor: { userId: user.id, role: 'APPLICANT' },
        action: joining ? 'user.registered-joining-organisation' : 'user.registered-with-organisation',
        entityType: 'user',
        entityId: user.id,
        after: {
          status: 'PENDING_VERIFICATION',
          organisationId: organisation!.id,
          membership: joining ? 'PENDING_APPROVAL' : 'ACTIVE',
        },
      });
      if (!joining) {
        await this.audit.record(tx, {
          actor: { userId: user.id, role: 'APPLICANT' },
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: organisation!.id,
          after: {
            legalName: organisation!.legalName,
            type: organisation!.type,
            regionCode: organisation!.regionCode,
            registrationId: organisation!.registrationId,
          },
        });
      }
    });
  }
}
