import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BootstrapAdminUseCase } from '@app/application';
import { AppConfig } from '@app/config';

/** ACIE_ADMIN_EMAIL / ACIE_ADMIN_PASSWORD create or update the first admin at boot (idempotent). */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly bootstrapAdmin: BootstrapAdminUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.ACIE_ADMIN_EMAIL;
    const password = this.config.ACIE_ADMIN_PASSWORD;
    if (!email || !password) return;
    await this.bootstrapAdmin.execute({ email, password });
    this.logger.log(`Admin account ${email} is ready`);
  }
}
