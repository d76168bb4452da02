/** `npm run migrate`: applies pending migrations to DATABASE_URL (production deploys run this before the apps). */
import 'reflect-metadata';
import { ConfigError, loadAppConfig } from '@app/config';
import { revertLastMigration, runMigrations } from '../migrations/run-migrations';

async function main(): Promise<void> {
  const { DATABASE_URL } = loadAppConfig();
  if (process.argv.includes('--revert-last')) {
    await revertLastMigration(DATABASE_URL);
    process.stdout.write('reverted the last migration\n');
    return;
  }
  const { applied } = await runMigrations(DATABASE_URL);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema up to date\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});
