import type { DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities';

export interface DatabaseConnectionSettings {
  url: string;
  poolSize?: number;
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName?: string;
}

/**
 * The one place that turns connection settings into TypeORM options. The schema is owned by
 * migrations (`migrations/`), never by `synchronize`.
 */
export function buildDataSourceOptions(settings: DatabaseConnectionSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ALL_ENTITIES,
    synchronize: false,
    migrationsRun: false,
    applicationName: settings.applicationName ?? 'acie',
    poolSize: settings.poolSize ?? 10,
    extra: { connectionTimeoutMillis: 10_000 },
  };
}
