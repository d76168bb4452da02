/**
 * Builds or fetches every binary the engine and its tests run into the shared cache (outside the
 * clone), so that later starts and CI's fresh clones reuse them: the Temporal CLI (Go) and the
 * time-skipping test server (Maven). `npm start` and the test harness do the same on demand.
 */
import 'reflect-metadata';
import { loadRuntimeConfig } from '../libs/config/src/runtime-config';
import { resolveRuntimeDirs } from './runtime/runtime-dirs';
import { locateTemporalCli } from './runtime/temporal-cli';
import { locateTemporalTestServer } from './runtime/temporal-test-server';

async function main(): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`[prepare] ${line}\n`);
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const [cli, testServer] = await Promise.all([
    locateTemporalCli({ cacheDir: dirs.cacheDir, explicitPath: config.TEMPORAL_CLI_PATH, pathVar: config.PATH, log }),
    locateTemporalTestServer({
      cacheDir: dirs.cacheDir,
      explicitPath: config.TEMPORAL_TEST_SERVER_PATH,
      pathVar: config.PATH,
      log,
    }),
  ]);
  log(`Temporal CLI: ${cli ? `${cli.path} (${cli.source})` : 'not available (Go missing)'}`);
  log(`time-skipping test server: ${testServer}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[prepare] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
