import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '@app/common';
import { AppConfig } from '@app/config';
import { AuditWriter, UserRepository } from '@app/persistence';

/** ACIE_ADMIN_EMAIL / ACIE_ADMIN_PASSWORD create or update the first admin at boot (idempotent). */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ACIE_ADMIN_EMAIL;
    const password = this.config.ACIE_ADMIN_PASSWORD;
    if (!email || !password) return;
    const passwordHash = await hashPassword(password);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`admin-bootstrap:${email.toLowerCase()}`]);
      const existing = await this.users.findByEmail(manager, email, true);
      const user =
        existing ??
        (await this.users.create(manager, {
          email,
          displayName: 'Administrator',
          passwordHash,
          status: 'ACTIVE',
          verified: true,
        }));
      if (existing) {
        await this.users.setPassword(manager, existing.id, passwordHash);
        await this.users.activate(manager, existing.id);
      }
      await this.users.grant(manager, user!.id, { role: 'ADMIN' }, 'ACTIVE');
      await this.audit.record(manager, {
        actor: null,
        action: existing ? 'user.admin-bootstrap-updated' : 'user.admin-bootstrap-created',
        entityType: 'user',
        entityId: user!.id,
      });
    });
    this.logger.log(`Admin account ${email} is ready`);
  }
}
