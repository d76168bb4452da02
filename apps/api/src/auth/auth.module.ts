import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdentityApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { AccessGuard } from './access.guard';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { AuthController } from './auth.controller';
import { PrincipalLoader } from './principal.loader';

@Module({
  imports: [PersistenceModule, IdentityApplicationModule],
  controllers: [AuthController],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }, PrincipalLoader, AdminBootstrapService],
  exports: [IdentityApplicationModule, PrincipalLoader],
})
export class AuthModule {}
