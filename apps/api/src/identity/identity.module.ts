import { Module } from '@nestjs/common';
import { ReferenceApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { AuditController } from '../audit/audit.controller';
import { AuthModule } from '../auth/auth.module';
import { ReferenceController } from '../reference/reference.controller';
import { OrganisationsController } from './organisations.controller';
import { UsersController } from './users.controller';

@Module({
  imports: [PersistenceModule, AuthModule, ReferenceApplicationModule],
  controllers: [UsersController, OrganisationsController, ReferenceController, AuditController],
})
export class IdentityModule {}
