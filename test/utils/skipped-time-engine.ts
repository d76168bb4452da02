import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Clock } from '@app/common';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createApiApp } from './create-api-app';
import { SkippedClock } from './skipped-clock';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server';
import { testAppConfig } from './test-environment';
import { startTimeSkippingEnvironment } from './time-skipping-environment';

export interface SkippedTimeEngine {
  env: TestWorkflowEnvironment;
  app: INestApplication;
  worker: INestApplicationContext;
  smtp: SmtpTestServer;
  clock: SkippedClock;
  /** Skips `ms` of time for the workflows, the API and the worker alike. */
  skip(ms: number): Promise<void>;
  /** Skips to just after `at` (one minute past, so the timers due at `at` have fired). */
  skipPast(at: Date | string): Promise<void>;
  stop(): Promise<void>;
}

const MINUTE = 60_000;

/**
 * The whole engine on a time-skipping test server of its own: the worker exactly as its entry point builds it
 * (Temporal worker on the main task queue, signal relay, e-mail outbox to an SMTP test server, digests) and the
 * API, in this process, both reading one {@link SkippedClock}. Time moves only through `skip`.
 */
export async function startSkippedTimeEngine(extra: Record<string, string> = {}): Promise<SkippedTimeEngine> {
  const env = await startTimeSkippingEnvironment();
  const clock = new SkippedClock();
  clock.syncTo(await env.currentTimeMs());
  const smtp = await startSmtpTestServer();
  const config = testAppConfig({
    TEMPORAL_ADDRESS: env.address,
    MAIL_TRANSPORT: 'smtp',
    SMTP_URL: smtp.url,
    OUTBOX_POLL_INTERVAL_MS: '100',
    LOG_LEVEL: 'error',
    ...extra,
  });
  const workerModule = await Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const worker = await workerModule.init();
  const app = await createApiApp(config, { clock });
  const skip = async (ms: number): Promise<void> => {
    clock.skipAhead(ms);
    await env.sleep(ms);
    clock.syncTo(await env.currentTimeMs());
  };
  return {
    env,
    app,
    worker,
    smtp,
    clock,
    skip,
    skipPast: async (at) => {
      const target = new Date(at).getTime() + MINUTE;
      await skip(Math.max(0, target - (await env.currentTimeMs())));
    },
    stop: async () => {
      await app.close();
      await worker.close();
      await smtp.close();
      await env.teardown();
    },
  };
}
