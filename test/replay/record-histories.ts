/**
 * `npm run record:histories`: runs every replay scenario on a fresh dev server and PostgreSQL with
 * the real worker module, and writes each history to test/replay/histories/<name>.json.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { loadAppConfig, loadRuntimeConfig } from '@app/config';
import { TaskQueues } from '@app/contracts';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { runMigrations } from '../../migrations/run-migrations';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { startTestDatabase, startTestTemporal } from '../../scripts/runtime/runtime-services';
import { run } from '../../scripts/runtime/process-tools';
import { locateTemporalCli } from '../../scripts/runtime/temporal-cli';
import { REPLAY_SCENARIOS } from './replay-scenarios';

async function main(): Promise<void> {
  const runtime = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(runtime);
  const log = (line: string): void => console.log(`[record] ${line}`);
  const cli = await locateTemporalCli({ cacheDir: dirs.cacheDir, explicitPath: runtime.TEMPORAL_CLI_PATH, pathVar: runtime.PATH, log });
  if (!cli) throw new Error('recording histories needs the temporal CLI (see README, Temporal)');
  const [database, temporal] = await Promise.all([startTestDatabase(dirs, log), startTestTemporal(runtime, dirs, log)]);
  try {
    await runMigrations(database.url);
    const config = loadAppConfig({ DATABASE_URL: database.url, TEMPORAL_ADDRESS: temporal.address, LOG_LEVEL: 'warn' });
    const worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn'] });
    const connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection });
    try {
      for (const scenario of REPLAY_SCENARIOS) {
        const workflowId = `replay-${scenario.name}`;
        const handle = await client.workflow.start(scenario.workflowType, { workflowId, taskQueue: TaskQueues.main, args: [scenario.input] });
        await handle.result();
        // The CLI's JSON export is the format `historyFromJSON` reads (and what operators export from production).
        const { stdout } = await run(cli.path, ['workflow', 'show', '--address', temporal.address, '--workflow-id', workflowId, '--output', 'json']);
        const history = JSON.parse(stdout) as { events: unknown[] };
        const file = path.join(__dirname, 'histories', `${scenario.name}.json`);
        writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
        log(`${scenario.name}: ${history.events.length} events → ${path.relative(process.cwd(), file)}`);
      }
    } finally {
      await worker.close();
      await connection.close();
    }
  } finally {
    await temporal.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
