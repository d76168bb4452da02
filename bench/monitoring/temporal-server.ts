/**
 * A fresh, headless Temporal CLI dev server for the monitoring benchmark — `startTestTemporal`'s way,
 * but keeping the server's pid (its memory is one of the figures). SQLite in memory by default, or in a
 * file of the benchmark's temporary folder (`--temporal-db file`). Falls back to the SDK's download of
 * the dev server when no CLI is found (then the pid is unknown).
 */
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { RuntimeConfig } from '@app/config';
import { freePort } from '../../scripts/runtime/process-tools';
import type { RuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { startTemporalBySdkDownload, type Log } from '../../scripts/runtime/runtime-services';
import { locateTemporalCli } from '../../scripts/runtime/temporal-cli';
import { startTemporalDevServer } from '../../scripts/runtime/temporal-dev-server';

export type TemporalStore = 'memory' | 'file';

export interface BenchTemporal {
  address: string;
  /** The server process (the CLI runs the whole dev server in one process), when known. */
  pid?: number;
  /** For the backend line: which server, which store. */
  backend: string;
  stop(): Promise<void>;
}

export async function startBenchTemporal(
  config: RuntimeConfig,
  dirs: RuntimeDirs,
  workDir: string,
  store: TemporalStore,
  log: Log,
): Promise<BenchTemporal> {
  const port = await freePort();
  const dbFile = store === 'file' ? path.join(workDir, 'temporal.sqlite') : undefined;
  const storeText = dbFile ? `SQLite file ${dbFile}` : 'SQLite in memory';
  const cli = await locateTemporalCli({
    cacheDir: dirs.cacheDir,
    explicitPath: config.TEMPORAL_CLI_PATH,
    pathVar: config.PATH,
    log,
  });
  if (!cli) {
    const env = await startTemporalBySdkDownload({ port, dbFile }, log);
    return { address: env.address, backend: `Temporal dev server downloaded by the SDK, ${storeText}`, stop: env.stop };
  }
  const logFile = path.join(workDir, 'temporal.log');
  const server = await startTemporalDevServer({ cliPath: cli.path, port, dbFile, logFile, log });
  return {
    address: server.address,
    pid: server.process.pid,
    backend: `temporal CLI dev server (${cli.source}: ${cli.path}), ${storeText}`,
    stop: async () => {
      await server.stop();
      rmSync(logFile, { force: true });
    },
  };
}
