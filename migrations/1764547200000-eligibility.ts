import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Regional eligibility decisions per funded partner (SPEC R1–R2) and the proposal's eligibility reasons. */
export class Eligibility1764547200000 implements MigrationInterface {
  name = 'Eligibility1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE eligibility_decision (
        proposal_id        uuid NOT NULL REFERENCES proposal (id),
        organisation_id    uuid NOT NULL REFERENCES organisation (id),
        agency_id          uuid NOT NULL REFERENCES funding_agency (id),
        region_code        text NOT NULL,
        decision           text NOT NULL DEFAULT 'PENDING' CHECK (decision IN ('PENDING','ELIGIBLE','INELIGIBLE')),
        reason             text,
        decided_by         uuid REFERENCES app_user (id),
        decided_on_behalf  boolean NOT NULL DEFAULT false,
        decided_at         timestamptz,
        due_at             timestamptz NOT NULL,
        escalated_at       timestamptz,
        PRIMARY KEY (proposal_id, organisation_id),
        CHECK (decision = 'PENDING' OR decided_at IS NOT NULL),
        CHECK (decision <> 'INELIGIBLE' OR reason IS NOT NULL)
      )`);
    await q.query(
      'CREATE INDEX eligibility_decision_pending ON eligibility_decision (agency_id, due_at) ' +
        "WHERE decision = 'PENDING'",
    );
    await q.query('ALTER TABLE proposal ADD COLUMN eligibility_reasons jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE proposal DROP COLUMN eligibility_reasons');
    await q.query('DROP TABLE eligibility_decision');
  }
}
