import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { AuditController } from '../audit/audit.controller';
import { AuthModule } from '../auth/auth.module';
import { ReferenceController } from '../reference/reference.controller';
import { OrganisationAccess } from './organisation-access';
import { OrganisationsController } from './organisations.controller';
import { UserView } from './user-view';
import { UsersController } from './users.controller';

@Module({
  imports: [PersistenceModule, AuthModule],
  controllers: [UsersController, OrganisationsController, ReferenceController, AuditController],
  providers: [OrganisationAccess, UserView],
})
export class IdentityModule {}
