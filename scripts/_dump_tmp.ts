import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadAppConfig } from '@app/config';
import { AppModule } from '../apps/api/src/app.module';
import { buildOpenApiDocument, API_PREFIX } from '../apps/api/src/configure-app';
async function main() {
  const config = loadAppConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: 'postgres://x:y@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1', LOG_LEVEL: 'warn', WORKER_SHUTDOWN_GRACE_MS: '30000', JWT_SECRET: 'test-secret-0123456789abcdef0123456789abcdef' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix(API_PREFIX);
  const doc = buildOpenApiDocument(app);
  writeFileSync(process.argv[2], JSON.stringify(doc, null, 2));
  await app.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
