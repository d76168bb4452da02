import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/persistence';
import { CallsModule } from '../calls/calls.module';
import { ProjectAccess } from './project-access';
import { ProjectsController } from './projects.controller';

/** Funded projects (SPEC §3 Project, §9): reads; reports, payments and amendments come with the monitoring work. */
@Module({
  imports: [PersistenceModule, CallsModule],
  controllers: [ProjectsController],
  providers: [ProjectAccess],
})
export class ProjectsModule {}
