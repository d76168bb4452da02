/**
 * Starts what the integration and e2e suites need: a fresh PostgreSQL cluster (migrated), an in-memory
 * Temporal dev server, and the time-skipping test server's launcher — each on free ports, built or
 * fetched into the shared cache when missing. Any failure fails the run: nothing is skipped.
 */
import 'reflect-metadata';
// Jest runs global setup outside its module system: no path aliases here, relative imports only.
import { loadRuntimeConfig } from '../../libs/config/src/runtime-config';
import { runMigrations } from '../../migrations/run-migrations';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import {
  startTestDatabase,
  startTestTemporal,
  type StartedDatabase,
  type StartedTemporal,
} from '../../scripts/runtime/runtime-services';
import { locateTemporalTestServer } from '../../scripts/runtime/temporal-test-server';
import { TEST_ENV_KEYS } from './test-env-keys';

declare global {
  var __ACIE_TEST_SERVICES__: { database?: StartedDatabase; temporal?: StartedTemporal } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string): void => void process.stderr.write(`[test-setup] ${line}\n`);
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const services: { database?: StartedDatabase; temporal?: StartedTemporal } = {};
  globalThis.__ACIE_TEST_SERVICES__ = services;
  try {
    const [database, temporal, timeSkippingServer] = await Promise.all([
      startTestDatabase(dirs, log).then((db) => (services.database = db)),
      startTestTemporal(config, dirs, log).then((t) => (services.temporal = t)),
      locateTemporalTestServer({
        cacheDir: dirs.cacheDir,
        explicitPath: config.TEMPORAL_TEST_SERVER_PATH,
        pathVar: config.PATH,
        log,
      }),
    ]);
    await runMigrations(database.url);
    process.env[TEST_ENV_KEYS.databaseUrl] = database.url;
    process.env[TEST_ENV_KEYS.temporalAddress] = temporal.address;
    process.env[TEST_ENV_KEYS.timeSkippingServer] = timeSkippingServer;
    log(
      `ready in ${Date.now() - started} ms: ${database.source}; ` +
        `Temporal ${temporal.address} (${temporal.source}); time-skipping server ${timeSkippingServer}`,
    );
  } catch (error) {
    await Promise.allSettled([services.database?.stop(), services.temporal?.stop()]);
    throw error;
  }
}
