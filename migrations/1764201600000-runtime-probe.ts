import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RuntimeProbe1764201600000 implements MigrationInterface {
  name = 'RuntimeProbe1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE runtime_probe (
        probe_id      uuid PRIMARY KEY,
        requested_by  text NOT NULL,
        workflow_id   text NOT NULL,
        workflow_time timestamptz NOT NULL,
        recorded_at   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE runtime_probe');
  }
}
