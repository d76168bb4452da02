import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regional annexes (SPEC S6): a region's own fields and documents from its partners, after the joint deadline. */
export class RegionalAnnex1764806400000 implements MigrationInterface {
  name = 'RegionalAnnex1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE regional_annex (
        proposal_id      uuid NOT NULL REFERENCES proposal (id),
        organisation_id  uuid NOT NULL REFERENCES organisation (id),
        fields           jsonb NOT NULL,
        documents        jsonb NOT NULL,
        submitted_by     uuid NOT NULL REFERENCES app_user (id),
        submitted_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (proposal_id, organisation_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE regional_annex');
  }
}
