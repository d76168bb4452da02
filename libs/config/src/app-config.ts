import 'reflect-metadata';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { validateEnvironment } from './validate-environment';

/**
 * `<repo root>/dist/web`: the nearest folder above this file holding a package.json is the repository
 * root, both from the sources (libs/config/src) and from the compiled build (dist/libs/config/src).
 */
export function defaultWebDistDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(process.cwd(), 'dist', 'web');
    dir = parent;
  }
  return path.join(dir, 'dist', 'web');
}

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

  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, {
    message: 'is required and must be a postgres:// or postgresql:// connection URL',
  })
  DATABASE_URL = '';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  DATABASE_POOL_SIZE = 10;

  @Matches(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, {
    message: 'must be host:port of a Temporal frontend, e.g. 127.0.0.1:7233',
  })
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

  /**
   * Workflows the worker keeps cached (sticky) between tasks; unset = the SDK's default from the heap size
   * (≈ 600 per GiB of heap). Lower it to bound memory with many open workflows (bench/monitoring).
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be between 0 and 100000' })
  @Max(100_000, { message: 'must be between 0 and 100000' })
  WORKER_MAX_CACHED_WORKFLOWS?: number = undefined;

  /** HMAC secret of the access tokens (HS256); at least 32 characters. `npm start` generates one per data folder. */
  @IsString({ message: 'is required: a random secret of at least 32 characters' })
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET = '';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of seconds' })
  @Min(60, { message: 'must be between 60 and 86400' })
  @Max(86_400, { message: 'must be between 60 and 86400' })
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of days' })
  @Min(1, { message: 'must be between 1 and 365' })
  @Max(365, { message: 'must be between 1 and 365' })
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** The first admin, created or updated at API boot when both are set. */
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  ACIE_ADMIN_EMAIL?: string = undefined;

  @ValidateIf((c: AppConfig) => c.ACIE_ADMIN_EMAIL !== undefined || c.ACIE_ADMIN_PASSWORD !== undefined)
  @IsString({ message: 'is required with ACIE_ADMIN_EMAIL' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  ACIE_ADMIN_PASSWORD?: string = undefined;

  /** Base URL of the links in e-mails (verification, reset, invitations). */
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be an http(s) URL' })
  PUBLIC_APP_URL = 'http://localhost:3000';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 1000' })
  @Max(1000, { message: 'must be between 1 and 1000' })
  LOGIN_MAX_FAILURES_PER_EMAIL = 5;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 10000' })
  @Max(10_000, { message: 'must be between 1 and 10000' })
  LOGIN_MAX_FAILURES_PER_IP = 30;

  /** Requests per minute of one caller (a signed-in user, or else a client address); 0 = no limit. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be between 0 and 1000000' })
  @Max(1_000_000, { message: 'must be between 0 and 1000000' })
  RATE_LIMIT_PER_CALLER_PER_MINUTE = 1_200;

  /** Requests per second this API process takes from everyone together; 0 = no limit. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be between 0 and 1000000' })
  @Max(1_000_000, { message: 'must be between 0 and 1000000' })
  RATE_LIMIT_OVERALL_PER_SECOND = 2_000;

  /** `smtp` in production; `log` (the log) or `file` (.eml files in MAIL_FILE_DIR) in development. */
  @IsIn(['smtp', 'log', 'file'], { message: 'must be one of smtp, log, file' })
  MAIL_TRANSPORT: 'smtp' | 'log' | 'file' = 'log';

  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'smtp' || c.SMTP_URL !== undefined)
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'is required with MAIL_TRANSPORT=smtp: an smtp:// or smtps:// URL' })
  SMTP_URL?: string = undefined;

  @ValidateIf((c: AppConfig) => c.MAIL_TRANSPORT === 'file' || c.MAIL_FILE_DIR !== undefined)
  @IsString({ message: 'is required with MAIL_TRANSPORT=file: a folder for .eml files' })
  MAIL_FILE_DIR?: string = undefined;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'ACIE Joint Calls <no-reply@acie.local>';

  /** Right-hand side of the stable Message-ID of every e-mail (`<outbox-id@domain>`). */
  @Matches(/^[A-Za-z0-9.-]+$/, { message: 'must be a domain name' })
  MAIL_MESSAGE_ID_DOMAIN = 'acie.local';

  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(50, { message: 'must be between 50 and 600000' })
  @Max(600_000, { message: 'must be between 50 and 600000' })
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  /** How long a claimed message is reserved for one delivery attempt before another worker may retry it. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  @Min(1_000, { message: 'must be between 1000 and 3600000' })
  @Max(3_600_000, { message: 'must be between 1000 and 3600000' })
  OUTBOX_LEASE_MS = 60_000;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be between 1 and 100' })
  @Max(100, { message: 'must be between 1 and 100' })
  OUTBOX_MAX_ATTEMPTS = 10;

  /** Hour of the day (UTC) from which the daily digest of the previous messages is sent. */
  @Type(() => Number)
  @IsInt({ message: 'must be an integer hour' })
  @Min(0, { message: 'must be between 0 and 23' })
  @Max(23, { message: 'must be between 0 and 23' })
  DIGEST_HOUR_UTC = 6;

  /** The built web application (`npm run build:web`) that the API serves at `/`. */
  @IsString()
  @MinLength(1)
  WEB_DIST_DIR = defaultWebDistDir();

  /** Prebuilt workflow bundle (`npm run build` writes dist/workflow-bundle.js); bundled at start when unset. */
  @IsOptional()
  @IsString()
  WORKFLOW_BUNDLE_PATH?: string = undefined;
}

export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return validateEnvironment(AppConfig, env);
}
