import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppProcess } from './app-process';
import { createApiApp } from './create-api-app';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server';
import { testAppConfig, testEnvironment } from './test-environment';
import { startWorkerProcess, stopWorkerProcess } from './worker-process';

export interface WorkerAndApi {
  app: INestApplication;
  smtp: SmtpTestServer;
  worker: AppProcess;
  /** A Temporal client on the test server, for starting fixture workflows and queries. */
  client: Client;
}

/**
 * The end-to-end setup of the suites that cross HTTP and workflows: the real worker process (its mail
 * to an SMTP test server), the API in-process, and a Temporal client — started in `beforeAll`, stopped
 * in `afterAll`. Use the returned getter inside tests.
 */
export function useWorkerAndApi(): () => WorkerAndApi {
  let smtp: SmtpTestServer | undefined;
  let worker: AppProcess | undefined;
  let app: INestApplication | undefined;
  let connection: Connection | undefined;
  let ready: WorkerAndApi | undefined;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    worker = await startWorkerProcess(smtp.url);
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    ready = { app, smtp, worker, client: new Client({ connection }) };
  }, 180_000);
  afterAll(async () => {
    await connection?.close();
    await app?.close();
    await stopWorkerProcess(worker);
    await smtp?.close();
  });
  return () => {
    if (!ready) throw new Error('the worker and API are not started (use inside a test)');
    return ready;
  };
}
