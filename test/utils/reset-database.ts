import { Client } from 'pg';

/**
 * Empties every table except the migrations' bookkeeping, the append-only audit log (its trigger refuses
 * TRUNCATE; suites query it by their own ids) and the seeded regions (Twenty's `clean-test-database`).
 */
export async function resetDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ tablename: string }>(
      'SELECT tablename FROM pg_tables ' +
        "WHERE schemaname = 'public' AND tablename NOT IN ('migrations', 'audit_event', 'region')",
    );
    if (rows.length > 0) {
      await client.query(
        `TRUNCATE ${rows.map((r) => client.escapeIdentifier(r.tablename)).join(', ')} RESTART IDENTITY CASCADE`,
      );
    }
  } finally {
    await client.end();
  }
}

export async function queryRows<T extends Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
