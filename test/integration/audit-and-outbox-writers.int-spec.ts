import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { AuditWriter, buildDataSourceOptions, OutboxWriter } from '@app/persistence';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

/**
 * The two helpers every write path uses, on real PostgreSQL: idempotent under their business ids, and transactional.
 */
describe('audit and outbox writers', () => {
  let dataSource: DataSource;
  const audit = new AuditWriter(new Clock());
  const outbox = new OutboxWriter(testAppConfig());

  beforeAll(async () => {
    dataSource = await new DataSource(
      buildDataSourceOptions({ url: testEnvironment().databaseUrl, poolSize: 2 }),
    ).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('records an audit event once per business key, referring to people by id', async () => {
    const entityId = randomUUID();
    const event = {
      actor: { userId: randomUUID(), role: 'PROGRAMME_MANAGER' },
      action: 'call.extended',
      entityType: 'call',
      entityId,
      after: { deadline: '2027-01-01T00:00:00Z' },
      businessKey: `extend:${entityId}`,
    };
    await dataSource.transaction((m) => audit.record(m, event));
    await dataSource.transaction((m) => audit.record(m, event));
    const rows = await queryRows<{ actor_user_id: string; after: unknown }>(
      testEnvironment().databaseUrl,
      'SELECT actor_user_id, after FROM audit_event WHERE entity_id = $1',
      [entityId],
    );
    expect(rows).toEqual([{ actor_user_id: event.actor.userId, after: event.after }]);
  });

  it('enqueues a message once per idempotency key, and not at all when the business transaction rolls \
back', async () => {
    const key = `test:${randomUUID()}`;
    const input = {
      kind: 'PASSWORD_RESET' as const,
      recipient: { email: 'someone@acie.test', displayName: 'Some One' },
      data: { link: 'http://x/reset?token=t' },
      idempotencyKey: key,
    };
    const first = await dataSource.transaction((m) => outbox.enqueue(m, input));
    const second = await dataSource.transaction((m) => outbox.enqueue(m, input));
    expect(first.created).toBe(true);
    expect(second).toEqual({ ...first, created: false });
    expect(first.messageId).toBe(`<${first.id}@acie.local>`);

    const rolledBack = `test:${randomUUID()}`;
    await expect(
      dataSource.transaction(async (m) => {
        await outbox.enqueue(m, { ...input, idempotencyKey: rolledBack });
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    const rows = await queryRows(
      testEnvironment().databaseUrl,
      'SELECT idempotency_key FROM outbox_message WHERE idempotency_key = ANY($1)',
      [[key, rolledBack]],
    );
    expect(rows).toEqual([{ idempotency_key: key }]);
  });
});
