import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { validateEnvironment } from './validate-environment';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The environment of the production processes (`apps/api`, `apps/worker`). `npm start` fills
 * DATABASE_URL and TEMPORAL_ADDRESS from the embedded servers it starts; in production they are set.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'], { message: 'must be one of development, production, test' })
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer port number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  PORT = 3000;

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'is required and must be a postgres:// or postgresql:// connection URL' })
  DATABASE_URL = '';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @Matches(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, { message: 'must be host:port of a Temporal frontend, e.g. 127.0.0.1:7233' })
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  @MinLength(1)
  TEMPORAL_NAMESPACE = 'default';

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(0, { message: 'must be between 0 and 600000' })
  @Max(600_000, { message: 'must be between 0 and 600000' })
  WORKER_SHUTDOWN_GRACE_MS = 30_000;

  /** Prebuilt workflow bundle (`npm run build` writes dist/workflow-bundle.js); bundled at start when unset. */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string = undefined;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return validateEnvironment(AppConfig, env);
}
