import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { AppConfigModule } from '@app/config';
import { installWorkerRuntime, workerInterceptors, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';
import { ActivitiesModule } from '../../apps/worker/src/activities/activities.module';
import { ActivitiesRegistry } from '../../apps/worker/src/activities/activities.registry';
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
  @Module({ imports: [AppConfigModule.forRoot(testAppConfig()), ActivitiesModule] })
  class HarnessModule {}
  const context = await NestFactory.createApplicationContext(HarnessModule, { logger: ['error'] });
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
