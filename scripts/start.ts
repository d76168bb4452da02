/**
 * `npm start`: the whole engine on one machine. Starts (or attaches to) PostgreSQL and Temporal,
 * applies migrations, runs the API and the worker, proves them with a runtime probe workflow, prints
 * the URLs, and on Ctrl-C stops everything in order: API and worker drain first, then Temporal, then
 * PostgreSQL. A second start reuses the data and the cached binaries.
 */
import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { ConfigError, loadRuntimeConfig } from '@app/config';
import { RUNTIME_PROBE_WORKFLOW_TYPE, TaskQueues, WorkflowIds, type RuntimeProbeResult } from '@app/contracts';
import { runMigrations } from '../migrations/run-migrations';
import { stopProcess, waitUntil } from './runtime/process-tools';
import { ensureDemoCall } from './demo-call';
import { seedDemoData } from './seed-demo';
import { resolveRuntimeDirs } from './runtime/runtime-dirs';
import { ensureWebBuild } from './runtime/web-build';
import {
  startDevDatabase,
  startDevTemporal,
  type StartedDatabase,
  type StartedTemporal,
} from './runtime/runtime-services';

const ROOT = path.resolve(__dirname, '..');
const log = (line: string): void => void process.stdout.write(`[acie] ${line}\n`);

function startApp(name: 'api' | 'worker', env: NodeJS.ProcessEnv): ChildProcess {
  const entry = path.join(ROOT, 'apps', name, 'src', 'main.ts');
  // Same process group as this runner: a terminal's Ctrl-C reaches the apps directly and they drain.
  return spawn(process.execPath, ['-r', '@swc-node/register', entry], { cwd: ROOT, env, stdio: 'inherit' });
}

/** A random access-token secret kept in the data folder, so tokens survive a restart of `npm start`. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function probeRuntime(address: string): Promise<RuntimeProbeResult> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const probeId = randomUUID();
    return await client.workflow.execute(RUNTIME_PROBE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.runtimeProbe(probeId),
      taskQueue: TaskQueues.main,
      args: [{ probeId, requestedBy: 'npm start' }],
      workflowExecutionTimeout: '2 minutes',
    });
  } finally {
    await connection.close();
  }
}

async function main(): Promise<void> {
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const apps: ChildProcess[] = [];
  let database: StartedDatabase | undefined;
  let temporal: StartedTemporal | undefined;
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string, exitCode: number): Promise<void> => {
    stopping ??= (async () => {
      log(`stopping (${reason})`);
      // The apps got the terminal's SIGINT too; SIGTERM reaches them when only this runner was signalled.
      await Promise.all(apps.map((child) => stopProcess(child, 'SIGTERM', 60_000)));
      await temporal?.stop().catch((error: unknown) => log(`Temporal stop: ${(error as Error).message}`));
      await database?.stop().catch((error: unknown) => log(`PostgreSQL stop: ${(error as Error).message}`));
      log('stopped');
      process.exit(exitCode);
    })();
    return stopping;
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

  try {
    log(`web app: http://localhost:${config.PORT}/ (starting; the full list follows when ready)`);
    log(`cache ${dirs.cacheDir}, data ${dirs.dataDir}`);
    // The web build runs beside the servers' start: the API serves dist/web once it listens.
    const webBuild = ensureWebBuild(ROOT, log).then((built) =>
      log(built ? 'web application built' : 'web application up to date'),
    );
    [database, temporal] = await Promise.all([
      startDevDatabase(config, dirs, log),
      startDevTemporal(config, dirs, log),
    ]);
    await webBuild;
    log(`database: ${database.source}`);
    log(`temporal: ${temporal.source}`);
    const { applied } = await runMigrations(database.url);
    log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'schema up to date');
    const demo = config.NODE_ENV === 'production' ? [] : await seedDemoData(database.url);

    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      PORT: String(config.PORT),
      JWT_SECRET: config.JWT_SECRET ?? developmentSecret(dirs.dataDir),
    };
    for (const name of ['api', 'worker'] as const) {
      const child = startApp(name, env);
      child.on('exit', (code, signal) => {
        if (!stopping) void shutdown(`${name} exited with ${signal ?? code}`, 1);
      });
      apps.push(child);
    }
    const apiUrl = `http://localhost:${config.PORT}`;
    await waitUntil(async () => (await fetch(`${apiUrl}/api/v1/health`)).ok, {
      timeoutMs: 120_000,
      describe: 'API health',
    });
    const probe = await probeRuntime(temporal.address);
    log(`worker OK: runtime probe ${probe.probeId} recorded in PostgreSQL at ${probe.recordedAt}`);
    if (demo.length) {
      try {
        const call = await ensureDemoCall(apiUrl);
        log(
          `demo call ${call.callId}: ${call.state}` +
            `${call.state === 'FUND_ALIGNMENT' ? `, opens at ${call.opensAt}` : ''}` +
            `${call.steps.length ? ` (${call.steps.join('; ')})` : ''}`,
        );
      } catch (error) {
        // The engine is up either way; the demo call is a convenience and says why it is missing.
        log(`demo call not set up: ${(error as Error).message}`);
      }
    }
    log('ready:');
    log(`  Web app      ${apiUrl}/`);
    log(`  API          ${apiUrl}/api/v1   (health: ${apiUrl}/api/v1/health)`);
    log(`  OpenAPI UI   ${apiUrl}/api/docs`);
    log(`  Temporal UI  ${temporal.uiUrl ?? '(external Temporal: see its own UI)'}`);
    if (demo.length) {
      log('demo accounts (development passwords; never created with NODE_ENV=production):');
      const width = Math.max(...demo.map((account) => account.email.length));
      for (const account of demo)
        log(
          `  ${account.role.padEnd(18)} ${account.email.padEnd(width)} ` +
            `${account.password}${account.scope ? `   (${account.scope})` : ''}`,
        );
    }
    log('press Ctrl-C to stop');
  } catch (error) {
    log(error instanceof ConfigError ? error.message : `start failed: ${(error as Error).message}`);
    await shutdown('start failed', 1);
  }
}

main().catch((error: unknown) => {
  log(error instanceof ConfigError ? error.message : `start failed: ${(error as Error).message}`);
  process.exit(1);
});
