import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the programme manager closed the call's reserve list (F5): the call's end (DECIDED → MONITORING → CLOSED)
 * waits for it, since until then a proposal may still be promoted or come back through redress.
 */
export class CallEnd1765670401000 implements MigrationInterface {
  name = 'CallEnd1765670401000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE joint_call ADD COLUMN reserve_list_closed_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE joint_call DROP COLUMN reserve_list_closed_at');
  }
}
