/**
 * The API of the deadline rush, started by the benchmark as a child process: built exactly as
 * `apps/api/src/main.ts` builds it (AppModule.forRoot + configureApp) plus the benchmark-only
 * bare-insert module. Configuration comes from the environment like production; tells its parent
 * (IPC) when it listens, stops on SIGTERM/SIGINT or when the parent goes away.
 */
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/common';
import { loadAppConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';
import { BenchInsertModule } from './bench-insert.module';

async function main(): Promise<void> {
  const config = loadAppConfig();

  @Module({ imports: [AppModule.forRoot(config), BenchInsertModule] })
  class BenchApiModule {}

  const app = await NestFactory.create(BenchApiModule, { bufferLogs: true });
  configureApp(app);
  closeOnSignals(app, 'deadline-rush server');
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  await app.listen(config.PORT, '127.0.0.1');
  process.send?.({ ready: true, port: config.PORT });
}

main().catch((error: unknown) => {
  process.stderr.write(
    'deadline-rush server: failed to start: ' +
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
