import { spawnEntry } from '../utils/app-process';

const BAD_ENV = {
  PATH: process.env.PATH,
  PORT: 'eighty',
  TEMPORAL_ADDRESS: 'not an address',
  LOG_LEVEL: 'loud',
  WORKER_SHUTDOWN_GRACE_MS: '-5',
  // DATABASE_URL deliberately missing
};

/** The real entry points refuse to boot on bad configuration, naming every bad or missing variable. */
describe.each([
  ['API', 'apps/api/src/main.ts', 'acie-api'],
  ['worker', 'apps/worker/src/main.ts', 'acie-worker'],
])('%s boot with bad configuration', (_name, entry, prefix) => {
  it('exits 1 with one clear line per bad or missing variable and no stack trace', async () => {
    const app = spawnEntry(entry, BAD_ENV);
    const code = await app.exited;
    const output = app.output();

    expect(code).toBe(1);
    expect(output).toContain(`${prefix}: Invalid configuration:`);
    expect(output).toMatch(
      /- DATABASE_URL: is required and must be a postgres:\/\/ or postgresql:\/\/ connection URL \(not set\)/,
    );
    expect(output).toMatch(/- PORT: .*integer port number.* \(got "eighty"\)/);
    expect(output).toMatch(/- TEMPORAL_ADDRESS: must be host:port .* \(got "not an address"\)/);
    expect(output).toMatch(/- LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/);
    expect(output).toMatch(/- WORKER_SHUTDOWN_GRACE_MS: must be between 0 and 600000 \(got "-5"\)/);
    expect(output).not.toMatch(/\n\s+at /);
  }, 60_000);
});
