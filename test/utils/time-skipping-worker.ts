import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { ApplicationModule } from '@app/application';
import { ClockModule } from '@app/common';
import { AppConfigModule } from '@app/config';
import { PersistenceModule } from '@app/persistence';
import { installWorkerRuntime, workerInterceptors, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';
import { ActivitiesRegistry } from '../../apps/worker/src/activities/activities.registry';
import { CallLifecycleActivities } from '../../apps/worker/src/activities/call-lifecycle.activities';
import { AutoAssignmentActivities } from '../../apps/worker/src/activities/auto-assignment.activities';
import { EligibilityPhaseActivities } from '../../apps/worker/src/activities/eligibility-phase.activities';
import { FundingDecisionActivitiesService } from '../../apps/worker/src/activities/funding-decision.activities';
import { ProjectAmendmentActivitiesService } from '../../apps/worker/src/activities/project-amendments.activities';
import { ProjectDecisionActivitiesService } from '../../apps/worker/src/activities/project-decisions.activities';
import { ProjectActivitiesService } from '../../apps/worker/src/activities/project.activities';
import { RankingActivities } from '../../apps/worker/src/activities/ranking.activities';
import { ReviewAssignmentActivities } from '../../apps/worker/src/activities/review-assignment.activities';
import { RuntimeProbeActivitiesService } from '../../apps/worker/src/activities/runtime-probe.activities';
import { testAppConfig } from './test-environment';
import { startTimeSkippingEnvironment } from './time-skipping-environment';

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  taskQueue: string;
  context: INestApplicationContext;
  stop(): Promise<void>;
}

/**
 * The time-skipping test server with a worker running every workflow and the worker's real
 * activities (Nest providers on the test PostgreSQL), on a task queue of its own.
 */
export async function startTimeSkippingWorker(name: string): Promise<TimeSkippingWorker> {
  installWorkerRuntime();
  const env = await startTimeSkippingEnvironment();
  @Module({
    imports: [AppConfigModule.forRoot(testAppConfig()), ClockModule, PersistenceModule, ApplicationModule],
    providers: [
      CallLifecycleActivities,
      EligibilityPhaseActivities,
      ReviewAssignmentActivities,
      AutoAssignmentActivities,
      RankingActivities,
      FundingDecisionActivitiesService,
      ProjectActivitiesService,
      ProjectDecisionActivitiesService,
      ProjectAmendmentActivitiesService,
      RuntimeProbeActivitiesService,
      ActivitiesRegistry,
    ],
  })
  class ActivitiesModule {}
  const context = await NestFactory.createApplicationContext(ActivitiesModule, { logger: ['error'] });
  const taskQueue = `${name}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: workflowBundlerOptions,
    activities: context.get(ActivitiesRegistry).activities(),
    interceptors: workerInterceptors,
  });
  const running = worker.run();
  return {
    env,
    taskQueue,
    context,
    stop: async () => {
      worker.shutdown();
      await running;
      await context.close();
      await env.teardown();
    },
  };
}
