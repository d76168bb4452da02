import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validateEnvironment } from './validate-environment';

/**
 * The environment of the local runtime (`npm start`, the test harness, CI preparation): where the
 * embedded servers keep their binaries and data, and which ports they use. Absent DATABASE_URL and
 * TEMPORAL_ADDRESS mean "start the embedded ones".
 */
export class RuntimeConfig {
  /** Built and downloaded binaries (PostgreSQL copy, Temporal CLI, Java test server). Outside the clone. */
  @IsOptional()
  @IsString()
  ACIE_CACHE_DIR?: string = undefined;

  /** Persistent data of the embedded servers (PostgreSQL cluster, Temporal's SQLite file). Outside the clone. */
  @IsOptional()
  @IsString()
  ACIE_DATA_DIR?: string = undefined;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'must be a postgres:// or postgresql:// connection URL' })
  DATABASE_URL?: string = undefined;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer port number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  ACIE_PG_PORT = 5433;

  @IsOptional()
  @Matches(/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/, {
    message: 'must be host:port of a Temporal frontend, e.g. 127.0.0.1:7233',
  })
  TEMPORAL_ADDRESS?: string = undefined;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer port number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  TEMPORAL_PORT = 7233;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer port number' })
  @Min(1, { message: 'must be between 1 and 65535' })
  @Max(65535, { message: 'must be between 1 and 65535' })
  TEMPORAL_UI_PORT = 8233;

  /** An existing `temporal` CLI binary; otherwise PATH, then the cache, then a Go build, then the SDK download. */
  @IsOptional()
  @IsString()
  TEMPORAL_CLI_PATH?: string = undefined;

  /** An existing time-skipping test server launcher (`<path> <port> --enable-time-skipping`). */
  @IsOptional()
  @IsString()
  TEMPORAL_TEST_SERVER_PATH?: string = undefined;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer port number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  PORT = 3000;

  /** `production` skips the demo data of `npm start`. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string = undefined;

  /** Access-token secret; `npm start` generates and keeps one in the data folder when unset. */
  @IsOptional()
  @IsString()
  JWT_SECRET?: string = undefined;

  @IsOptional()
  @IsString()
  HOME?: string = undefined;

  @IsOptional()
  @IsString()
  XDG_CACHE_HOME?: string = undefined;

  @IsOptional()
  @IsString()
  XDG_DATA_HOME?: string = undefined;

  @IsOptional()
  @IsString()
  PATH?: string = undefined;

  @IsOptional()
  @IsString()
  CI?: string = undefined;
}

export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  return validateEnvironment(RuntimeConfig, env);
}
