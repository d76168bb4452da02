import { Injectable } from '@nestjs/common';
import { hashPassword } from '@app/common';
import { DomainError, type Language, type RoleGrant } from '@app/domain';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { SingleUseTokens } from './single-use-tokens';

/** Accepting an invitation adds its grant to the account of the invited e-mail, creating it when needed. */
@Injectable()
export class AcceptInvitationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: {
    token: string;
    displayName?: string;
    password?: string;
    language?: Language;
  }): Promise<{ userId: string; grant: RoleGrant }> {
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return this.uow.run(async (tx) => {
      const consumed = await this.tokens.consume(tx, 'INVITATION', input.token);
      const grant = consumed.payload.grant as RoleGrant;
      const email = consumed.email as string;
      let user = await this.users.findByEmail(tx, email, true);
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
        user = await this.users.create(tx, {
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
        await this.users.transitionToActive(tx, user.id);
        if (passwordHash && user.status !== 'ACTIVE') await this.users.setPassword(tx, user.id, passwordHash);
      }
      await this.users.grant(tx, user.id, grant, 'ACTIVE');
      await this.audit.record(tx, {
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
