import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { loadRuntimeConfig } from '@app/config';
import { runMigrations } from '../../migrations/run-migrations';
import { startPostgres, type RunningPostgres } from '../../scripts/runtime/postgres-server';
import { freePort } from '../../scripts/runtime/process-tools';
import { ensureSharedDir, resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { locateTemporalCli } from '../../scripts/runtime/temporal-cli';
import { startTemporalDevServer, type RunningTemporal } from '../../scripts/runtime/temporal-dev-server';

/**
 * A PostgreSQL and a Temporal dev server set up as production runs them — every commit flushed to disk
 * (`fsync`, `synchronous_commit`, `full_page_writes` on) and Temporal's state in a SQLite file — for the
 * suites that SIGKILL them: the shared test servers trade durability for speed and lose data by design
 * when killed. Each can be killed (SIGKILL to its whole process group, as a crash) and restarted on the
 * same data and port.
 */
export interface DurableServer {
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface DurableDatabase extends DurableServer {
  url: string;
}

export interface DurableTemporal extends DurableServer {
  address: string;
}

const log = (line: string): void => void process.stderr.write(`[durable-servers] ${line}\n`);

function runsDir(): string {
  return ensureSharedDir(path.join(resolveRuntimeDirs(loadRuntimeConfig()).cacheDir, 'test-runs'));
}

async function killGroup(
  child: { pid?: number; exitCode: number | null; signalCode: string | null },
  exited: Promise<unknown>,
) {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    process.kill(child.pid, 'SIGKILL');
  }
  await exited;
}

const exitOf = (server: { process: { once(event: 'exit', listener: () => void): unknown } }): Promise<void> =>
  new Promise((resolve) => server.process.once('exit', () => resolve()));

/** A migrated database `acie_kill` on a fresh cluster of its own with durable commits. */
export async function startDurableDatabase(): Promise<DurableDatabase> {
  const cacheDir = resolveRuntimeDirs(loadRuntimeConfig()).cacheDir;
  const dataDir = path.join(runsDir(), `pg-durable-${process.pid}-${Date.now()}`);
  const port = await freePort();
  const start = () =>
    startPostgres({
      cacheDir,
      dataDir,
      port,
      settings: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
      detached: true,
      log,
    });
  let pg: RunningPostgres = await start();
  let exited = exitOf(pg);
  await pg.createDatabase('acie_kill');
  const url = pg.urlFor('acie_kill');
  await runMigrations(url);
  return {
    url,
    kill: () => killGroup(pg.process, exited),
    restart: async () => {
      pg = await start();
      exited = exitOf(pg);
    },
    stop: async () => {
      await pg.stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(pg.logFile, { force: true });
    },
  };
}

/** A headless Temporal dev server of its own keeping its state in a SQLite file. */
export async function startDurableTemporal(): Promise<DurableTemporal> {
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const cli = await locateTemporalCli({
    cacheDir: dirs.cacheDir,
    explicitPath: config.TEMPORAL_CLI_PATH,
    pathVar: config.PATH,
    log,
  });
  if (!cli) throw new Error('the durable Temporal server needs the temporal CLI (see scripts/runtime/temporal-cli.ts)');
  const port = await freePort();
  const base = path.join(runsDir(), `temporal-durable-${process.pid}-${port}`);
  const start = () =>
    startTemporalDevServer({
      cliPath: cli.path,
      port,
      dbFile: `${base}.sqlite`,
      logFile: `${base}.log`,
      detached: true,
      log,
    });
  let server: RunningTemporal = await start();
  let exited = exitOf(server);
  return {
    address: server.address,
    kill: () => killGroup(server.process, exited),
    restart: async () => {
      server = await start();
      exited = exitOf(server);
    },
    stop: async () => {
      await server.stop().catch(() => undefined);
      for (const suffix of ['.sqlite', '.sqlite-wal', '.sqlite-shm', '.log'])
        rmSync(`${base}${suffix}`, { force: true });
    },
  };
}
