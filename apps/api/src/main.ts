import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Logger } from '@nestjs/common';
import { closeOnSignals } from '@app/common';
import { ConfigError, loadAppConfig } from '@app/config';
import { AppModule } from './app.module';
import { API_PREFIX, configureApp, DOCS_PATH } from './configure-app';

async function bootstrap(): Promise<void> {
  const config = loadAppConfig();
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  configureApp(app);
  closeOnSignals(app, 'acie-api');
  await app.listen(config.PORT, '0.0.0.0');
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  const logger = new Logger('Bootstrap');
  logger.log(`API listening on ${url}/${API_PREFIX}, OpenAPI UI on ${url}/${DOCS_PATH}`);
  if (existsSync(path.join(config.WEB_DIST_DIR, 'index.html'))) {
    logger.log(`Web app on ${url}/ (from ${config.WEB_DIST_DIR})`);
  } else {
    logger.warn(
      `The web app is not built (no index.html in ${config.WEB_DIST_DIR}): run npm run build:web; ${url}/ answers 503`,
    );
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`acie-api: ${error.message}\n`);
  } else {
    process.stderr.write(
      `acie-api: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
