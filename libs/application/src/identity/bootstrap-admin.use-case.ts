import { Injectable } from '@nestjs/common';
import { hashPassword } from '@app/common';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';

/** Creates or updates the first admin from the configuration (idempotent, safe on concurrent boots). */
@Injectable()
export class BootstrapAdminUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { email: string; password: string }): Promise<void> {
    const { email } = input;
    const passwordHash = await hashPassword(input.password);
    await this.uow.run(async (tx) => {
      await this.users.lockKey(tx, `admin-bootstrap:${email.toLowerCase()}`);
      const existing = await this.users.findByEmail(tx, email, true);
      const user =
        existing ??
        (await this.users.create(tx, {
          email,
          displayName: 'Administrator',
          passwordHash,
          status: 'ACTIVE',
          verified: true,
        }));
      if (existing) {
        await this.users.setPassword(tx, existing.id, passwordHash);
        await this.users.transitionToActive(tx, existing.id);
      }
      await this.users.grant(tx, user!.id, { role: 'ADMIN' }, 'ACTIVE');
      await this.audit.record(tx, {
        actor: null,
        action: existing ? 'user.admin-bootstrap-updated' : 'user.admin-bootstrap-created',
        entityType: 'user',
        entityId: user!.id,
      });
    });
  }
}
