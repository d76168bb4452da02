import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { CallsModule } from '../calls/calls.module';
import { ConsortiumAgreementController } from './consortium-agreement.controller';
import { InstalmentsController } from './instalments.controller';
import { ProjectAmendmentsController } from './project-amendments.controller';
import { ProjectLifecycleController } from './project-lifecycle.controller';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ProjectsController } from './projects.controller';

/**
 * Funded projects (SPEC §3 Project, §9, M2–M6): reads, the consortium agreement, joint reports, payments,
 * amendments, the lifecycle.
 */
@Module({
  imports: [PersistenceModule, ApplicationModule, TemporalClientModule, CallsModule],
  controllers: [
    ProjectsController,
    ConsortiumAgreementController,
    ProjectReportsController,
    ProjectLifecycleController,
    ProjectAmendmentsController,
    InstalmentsController,
  ],
  providers: [ProjectReportsService, ProjectWorkflowClient],
})
export class ProjectsModule {}
