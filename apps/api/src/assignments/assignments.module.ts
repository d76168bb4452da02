import { Module } from '@nestjs/common';
import { ApplicationModule } from '@app/application';
import { PersistenceModule } from '@app/persistence';
import { TemporalClientModule } from '@app/temporal';
import { CallsModule } from '../calls/calls.module';
import { AutoAssignmentController } from './auto-assignment.controller';
import { JobsController } from './jobs.controller';
import { ManualAssignmentController } from './manual-assignment.controller';
import { ReviewQueueController } from './review-queue.controller';
import { ReviewWorkflowClient } from './review-workflow.client';

/** Reviewer assignment and reviews (SPEC §5 V1–V6, §9): the auto-assignment job, jobs, the evaluator's queue. */
@Module({
  imports: [PersistenceModule, ApplicationModule, TemporalClientModule, CallsModule],
  controllers: [AutoAssignmentController, ManualAssignmentController, JobsController, ReviewQueueController],
  providers: [ReviewWorkflowClient],
})
export class AssignmentsModule {}
