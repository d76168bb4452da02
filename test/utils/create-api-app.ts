import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Clock } from '@app/common';
import type { AppConfig } from '@app/config';
import { AppModule } from '../../apps/api/src/app.module';
import { configureApp } from '../../apps/api/src/configure-app';

export interface CapturedLog {
  lines: Array<Record<string, unknown>>;
  write(chunk: string): void;
}

export function captureLog(): CapturedLog {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    write(chunk: string) {
      for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
}

/**
 * The API exactly as `main.ts` builds it (AppModule + configureApp), with optional extra modules
 * (test-only controllers), a captured request log and an adjustable clock.
 */
export async function createApiApp(
  config: AppConfig,
  options: { extraModules?: Type[]; log?: CapturedLog; clock?: Clock } = {},
): Promise<INestApplication> {
  @Module({ imports: [AppModule.forRoot(config, { logDestination: options.log }), ...(options.extraModules ?? [])] })
  class TestRootModule {}
  let builder = Test.createTestingModule({ imports: [TestRootModule] });
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, abortOnError: false });
  configureApp(app);
  await app.init();
  return app;
}
