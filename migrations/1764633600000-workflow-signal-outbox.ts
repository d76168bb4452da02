import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Signals for workflows written in the business transaction and relayed to Temporal by the worker. */
export class WorkflowSignalOutbox1764633600000 implements MigrationInterface {
  name = 'WorkflowSignalOutbox1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_signal_outbox (
        id              bigserial PRIMARY KEY,
        dedupe_key      text NOT NULL UNIQUE,
        workflow_id     text NOT NULL,
        workflow_type   text NOT NULL,
        task_queue      text NOT NULL,
        start_args      jsonb NOT NULL,
        signal_name     text NOT NULL,
        signal_args     jsonb NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        attempts        integer NOT NULL DEFAULT 0,
        locked_until    timestamptz,
        last_error      text,
        sent_at         timestamptz
      )`);
    await q.query('CREATE INDEX workflow_signal_outbox_pending ON workflow_signal_outbox (id) WHERE sent_at IS NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE workflow_signal_outbox');
  }
}
