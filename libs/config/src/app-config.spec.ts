import { ConfigError } from './config-error';
import path from 'node:path';
import { defaultWebDistDir, loadAppConfig } from './app-config';
import { loadRuntimeConfig } from './runtime-config';

const SECRET = { JWT_SECRET: 'x'.repeat(32) };

describe('loadAppConfig', () => {
  it('applies defaults and converts types', () => {
    const config = loadAppConfig({ ...SECRET, DATABASE_URL: 'postgres://u:p@localhost:5432/acie', PORT: '8080' });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://u:p@localhost:5432/acie',
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TEMPORAL_NAMESPACE: 'default',
      LOG_LEVEL: 'info',
      WORKER_SHUTDOWN_GRACE_MS: 30_000,
      NODE_ENV: 'development',
    });
  });

  it('keeps only its own keys, never the rest of the environment', () => {
    const config = loadAppConfig({
      ...SECRET,
      DATABASE_URL: 'postgres://localhost/acie',
      SECRET_OF_SOMETHING_ELSE: 'x',
    });
    expect(Object.keys(config)).not.toContain('SECRET_OF_SOMETHING_ELSE');
  });

  it('serves the web app from <repo root>/dist/web unless WEB_DIST_DIR says otherwise', () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const base = { ...SECRET, DATABASE_URL: 'postgres://localhost/acie' };
    expect(loadAppConfig(base).WEB_DIST_DIR).toBe(path.join(root, 'dist', 'web'));
    // The compiled build lives under dist/libs/config/src and finds the same root.
    expect(defaultWebDistDir(path.join(root, 'dist', 'libs', 'config', 'src'))).toBe(path.join(root, 'dist', 'web'));
    expect(loadAppConfig({ ...base, WEB_DIST_DIR: '/srv/acie/web' }).WEB_DIST_DIR).toBe('/srv/acie/web');
  });

  it('treats empty strings as unset', () => {
    expect(loadAppConfig({ ...SECRET, DATABASE_URL: 'postgres://localhost/acie', PORT: '' }).PORT).toBe(3000);
  });

  it('lists every bad or missing variable in one error', () => {
    let error: unknown;
    try {
      loadAppConfig({
        ...SECRET,
        PORT: '70000',
        NODE_ENV: 'staging',
        DATABASE_POOL_SIZE: 'many',
        MAIL_TRANSPORT: 'smtp',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'DATABASE_POOL_SIZE',
      'DATABASE_URL',
      'NODE_ENV',
      'PORT',
      'SMTP_URL',
    ]);
    expect(problems.find((p) => p.startsWith('PORT'))).toBe('PORT: must be between 0 and 65535 (got "70000")');
  });
});

describe('loadRuntimeConfig', () => {
  it('defaults the embedded servers to their usual ports and leaves external ones unset', () => {
    const config = loadRuntimeConfig({});
    expect(config).toMatchObject({ ACIE_PG_PORT: 5433, TEMPORAL_PORT: 7233, TEMPORAL_UI_PORT: 8233, PORT: 3000 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('refuses a malformed external address', () => {
    expect(() => loadRuntimeConfig({ TEMPORAL_ADDRESS: 'localhost', DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a postgres.*\n.*TEMPORAL_ADDRESS: must be host:port/,
    );
  });
});
