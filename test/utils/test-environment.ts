import { loadAppConfig, type AppConfig } from '@app/config';

import { TEST_ENV_KEYS } from './test-env-keys';

export { TEST_ENV_KEYS };

export const TEST_JWT_SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface TestEnvironment {
  databaseUrl: string;
  temporalAddress: string;
  timeSkippingServerPath: string;
}

export function testEnvironment(): TestEnvironment {
  const read = (key: string): string => {
    const value = process.env[key];
    if (!value) throw new Error(`${key} is not set: integration suites run under test/utils/global-setup.ts`);
    return value;
  };
  return {
    databaseUrl: read(TEST_ENV_KEYS.databaseUrl),
    temporalAddress: read(TEST_ENV_KEYS.temporalAddress),
    timeSkippingServerPath: read(TEST_ENV_KEYS.timeSkippingServer),
  };
}

/** The apps' configuration pointed at the test servers. */
export function testAppConfig(overrides: Record<string, string> = {}): AppConfig {
  const env = testEnvironment();
  return loadAppConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    LOG_LEVEL: 'warn',
    WORKER_SHUTDOWN_GRACE_MS: '30000',
    JWT_SECRET: TEST_JWT_SECRET,
    ...overrides,
  });
}

/** Environment for spawning the apps' real entry points as child processes. */
export function appProcessEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = testEnvironment();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'test',
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    LOG_LEVEL: 'info',
    JWT_SECRET: TEST_JWT_SECRET,
    ...overrides,
  };
}
