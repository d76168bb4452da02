/**
 * The real engine for the browser tests, in one child process of Playwright's global setup: a fresh
 * PostgreSQL and an in-memory Temporal dev server on free ports, migrations, the demo accounts, the API
 * (serving the built web app from dist/web) and the worker, whose e-mails land as .eml files in a
 * temporary folder the tests read. Prints one line `ACIE_BROWSER_ENGINE {json}` when ready and stops
 * everything in order on SIGTERM/SIGINT.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadRuntimeConfig } from '@app/config';
import { runMigrations } from '../../../migrations/run-migrations';
import { resolveRuntimeDirs } from '../../../scripts/runtime/runtime-dirs';
import { freePort, waitUntil } from '../../../scripts/runtime/process-tools';
import {
  startTestDatabase,
  startTestTemporal,
  type StartedDatabase,
  type StartedTemporal,
} from '../../../scripts/runtime/runtime-services';
import { seedDemoData } from '../../../scripts/seed-demo';
import { spawnEntry, type AppProcess } from '../../utils/app-process';
import { startStaticFront, type StaticFront } from './static-front';

export const ENGINE_READY_PREFIX = 'ACIE_BROWSER_ENGINE ';

export interface BrowserEngine {
  /** Where the pages are served (the API itself once it serves dist/web). */
  baseURL: string;
  apiURL: string;
  mailDir: string;
  /** For fixtures that write what no API makes (a ranked call) and start its workflow. */
  databaseURL: string;
  temporalAddress: string;
}

const log = (line: string): void => void process.stderr.write(`[browser-engine] ${line}\n`);

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const mailDir = mkdtempSync(path.join(os.tmpdir(), 'acie-browser-mail-'));
  let database: StartedDatabase | undefined;
  let temporal: StartedTemporal | undefined;
  let front: StaticFront | undefined;
  const apps: AppProcess[] = [];
  let stopping: Promise<void> | undefined;
  const stop = (code: number): Promise<void> =>
    (stopping ??= (async () => {
      for (const app of apps) app.kill('SIGTERM');
      await Promise.all(apps.map((app) => app.exited));
      await front?.close();
      await temporal?.stop().catch(() => undefined);
      await database?.stop().catch(() => undefined);
      rmSync(mailDir, { recursive: true, force: true });
      process.exit(code);
    })());
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));

  try {
    [database, temporal] = await Promise.all([startTestDatabase(dirs, log), startTestTemporal(config, dirs, log)]);
    await runMigrations(database.url);
    await seedDemoData(database.url);
    const port = await freePort();
    const apiURL = `http://localhost:${port}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // development: the refresh cookie is not Secure, so it travels over the tests' plain http.
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      JWT_SECRET: 'browser-tests-secret-0123456789abcdef0123456789',
      PORT: String(port),
      PUBLIC_APP_URL: apiURL,
      MAIL_TRANSPORT: 'file',
      MAIL_FILE_DIR: mailDir,
      OUTBOX_POLL_INTERVAL_MS: '100',
    };
    const api = spawnEntry('apps/api/src/main.ts', env);
    apps.push(api);
    const worker = spawnEntry('apps/worker/src/main.ts', env);
    apps.push(worker);
    await Promise.all([
      worker.waitForOutput(/Temporal worker polling task queue/, 180_000),
      waitUntil(async () => (await fetch(`${apiURL}/api/v1/health`).catch(() => undefined))?.ok === true, {
        timeoutMs: 180_000,
        describe: 'API health',
      }),
    ]);
    let baseURL = apiURL;
    const index = await fetch(`${apiURL}/`).catch(() => undefined);
    if (!index?.ok || !(index.headers.get('content-type') ?? '').includes('text/html')) {
      // An API without the static web app (older build): serve dist/web in front of it, same origin.
      front = await startStaticFront(apiURL);
      baseURL = front.url;
      log(`the API does not serve dist/web: pages served by a static front at ${baseURL}`);
    }
    const engine: BrowserEngine = {
      baseURL,
      apiURL,
      mailDir,
      databaseURL: database.url,
      temporalAddress: temporal.address,
    };
    process.stdout.write(`${ENGINE_READY_PREFIX}${JSON.stringify(engine)}\n`);
  } catch (error) {
    log(`start failed: ${(error as Error).stack ?? String(error)}`);
    for (const app of apps) log(app.output().slice(-3000));
    await stop(1);
  }
}

void main();
