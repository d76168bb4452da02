import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { RuntimeConfig } from '@app/config';
import { ensurePostgresBinaries, startPostgres, type RunningPostgres } from './postgres-server';
import { freePort } from './process-tools';
import { ensureSharedDir, type RuntimeDirs } from './runtime-dirs';
import { locateTemporalCli, MISSING_TEMPORAL_MESSAGE } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

export type Log = (line: string) => void;

export interface StartedDatabase {
  url: string;
  /** What provides it: `DATABASE_URL` or the embedded server's data folder. */
  source: string;
  stop(): Promise<void>;
}

export interface StartedTemporal {
  address: string;
  uiUrl?: string;
  source: string;
  stop(): Promise<void>;
}

/** `npm start`: DATABASE_URL when set, else the embedded PostgreSQL with persistent data. */
export async function startDevDatabase(config: RuntimeConfig, dirs: RuntimeDirs, log: Log): Promise<StartedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, source: 'DATABASE_URL', stop: async () => undefined };
  const { version } = ensurePostgresBinaries(dirs.cacheDir);
  const major = version.split('.')[0];
  const dataDir = path.join(ensureSharedDir(dirs.dataDir), `postgres-${major}`);
  const pg = await startPostgres({ cacheDir: dirs.cacheDir, dataDir, port: config.ACIE_PG_PORT, detached: true, log });
  await pg.createDatabase('acie');
  return { url: pg.urlFor('acie'), source: `embedded PostgreSQL ${version}, data ${dataDir}`, stop: () => pg.stop() };
}

/**
 * `npm start`: TEMPORAL_ADDRESS when set, else the CLI dev server with its Web UI and a SQLite file
 * (workflows survive a restart), else the SDK's own download of the dev server.
 */
export async function startDevTemporal(config: RuntimeConfig, dirs: RuntimeDirs, log: Log): Promise<StartedTemporal> {
  if (config.TEMPORAL_ADDRESS)
    return { address: config.TEMPORAL_ADDRESS, source: 'TEMPORAL_ADDRESS', stop: async () => undefined };
  const temporalDir = path.join(ensureSharedDir(dirs.dataDir), 'temporal');
  mkdirSync(temporalDir, { recursive: true });
  const dbFile = path.join(temporalDir, 'dev.sqlite');
  const cli = await locateTemporalCli({
    cacheDir: dirs.cacheDir,
    explicitPath: config.TEMPORAL_CLI_PATH,
    pathVar: config.PATH,
    log,
  });
  if (cli) {
    const server = await startTemporalDevServer({
      cliPath: cli.path,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      dbFile,
      logFile: path.join(temporalDir, 'server.log'),
      pidFile: path.join(temporalDir, 'server.pid'),
      detached: true,
      log,
    });
    return {
      address: server.address,
      uiUrl: server.uiUrl,
      source: `temporal CLI (${cli.source}: ${cli.path}), data ${dbFile}`,
      stop: () => server.stop(),
    };
  }
  return startTemporalBySdkDownload({ port: config.TEMPORAL_PORT, uiPort: config.TEMPORAL_UI_PORT, dbFile }, log);
}

/** Last resort where the internet is reachable: the SDK downloads and runs the dev server itself. */
export async function startTemporalBySdkDownload(
  options: { port: number; uiPort?: number; dbFile?: string },
  log: Log,
): Promise<StartedTemporal> {
  log('no temporal CLI found and no Go toolchain: asking the Temporal SDK to download its dev server');
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: options.port,
        ui: options.uiPort !== undefined,
        uiPort: options.uiPort,
        dbFilename: options.dbFile,
      },
    });
    return {
      address: env.address,
      uiUrl: options.uiPort === undefined ? undefined : `http://localhost:${options.uiPort}`,
      source: 'Temporal SDK download',
      stop: () => env.teardown(),
    };
  } catch (error) {
    throw new Error(`${MISSING_TEMPORAL_MESSAGE}\n(The SDK download failed: ${(error as Error).message})`, {
      cause: error,
    });
  }
}

/** Tests: a fresh, throw-away PostgreSQL cluster on a free port (durability off for speed). */
export async function startTestDatabase(
  dirs: RuntimeDirs,
  log: Log,
): Promise<StartedDatabase & { server: RunningPostgres }> {
  const runsDir = ensureSharedDir(path.join(dirs.cacheDir, 'test-runs'));
  const dataDir = path.join(runsDir, `pg-${process.pid}-${Date.now()}`);
  const port = await freePort();
  const pg = await startPostgres({
    cacheDir: dirs.cacheDir,
    dataDir,
    port,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    log,
  });
  await pg.createDatabase('acie_test');
  return {
    url: pg.urlFor('acie_test'),
    source: `embedded PostgreSQL, data ${dataDir}`,
    server: pg,
    stop: async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(pg.logFile, { force: true });
    },
  };
}

/** Tests: an in-memory, headless Temporal dev server of their own on a free port. */
export async function startTestTemporal(config: RuntimeConfig, dirs: RuntimeDirs, log: Log): Promise<StartedTemporal> {
  const port = await freePort();
  const cli = await locateTemporalCli({
    cacheDir: dirs.cacheDir,
    explicitPath: config.TEMPORAL_CLI_PATH,
    pathVar: config.PATH,
    log,
  });
  if (!cli) return startTemporalBySdkDownload({ port }, log);
  const logFile = path.join(
    ensureSharedDir(path.join(dirs.cacheDir, 'test-runs')),
    `temporal-${process.pid}-${port}.log`,
  );
  const server = await startTemporalDevServer({ cliPath: cli.path, port, logFile, log });
  return {
    address: server.address,
    source: `temporal CLI (${cli.source})`,
    stop: async () => {
      await server.stop();
      rmSync(logFile, { force: true });
    },
  };
}
