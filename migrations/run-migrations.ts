import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from './index';

export interface MigrationReport {
  applied: string[];
}

/** Applies every pending migration, each in its own transaction. The only way the schema changes. */
export async function runMigrations(url: string): Promise<MigrationReport> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    migrations: ALL_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: 'acie-migrations',
  });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return { applied: applied.map((m) => m.name) };
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the most recent migration (for developers checking a migration's `down`). */
export async function revertLastMigration(url: string): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations: ALL_MIGRATIONS, synchronize: false });
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
