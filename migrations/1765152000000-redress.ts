import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Redress requests (SPEC V9): one per proposal and stage, filed by the coordinator within 30 days of the
 * stage's result, decided once by a programme manager. `result_at` keeps the result instant the window
 * was measured from. `proposal.eligibility_round` counts the eligibility checks a proposal went
 * through (bumped when an upheld request re-opens it), so that each check's result has its own audit
 * and notification keys.
 */
export class Redress1765152000000 implements MigrationInterface {
  name = 'Redress1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE redress_request (
        id              uuid PRIMARY KEY,
        proposal_id     uuid NOT NULL,
        call_id         uuid NOT NULL,
        stage_no        smallint NOT NULL CHECK (stage_no IN (1, 2)),
        filed_by        uuid NOT NULL REFERENCES app_user (id),
        grounds         text NOT NULL CHECK (length(btrim(grounds)) > 0),
        result_at       timestamptz NOT NULL,
        filed_at        timestamptz NOT NULL,
        status          text NOT NULL DEFAULT 'FILED' CHECK (status IN ('FILED','UPHELD','REJECTED')),
        outcome         text CHECK (outcome IN ('UPHELD_REOPEN_ELIGIBILITY','UPHELD_REOPEN_EVALUATION','REJECTED')),
        outcome_reason  text,
        decided_by      uuid REFERENCES app_user (id),
        decided_at      timestamptz,
        FOREIGN KEY (proposal_id, call_id) REFERENCES proposal (id, call_id),
        UNIQUE (proposal_id, stage_no),
        CHECK ((status = 'FILED') = (outcome IS NULL)),
        CHECK (status = 'FILED' OR (outcome_reason IS NOT NULL AND decided_by IS NOT NULL AND decided_at IS NOT NULL)),
        CHECK (outcome IS NULL OR (outcome = 'REJECTED') = (status = 'REJECTED'))
      )`);
    await q.query('CREATE INDEX redress_request_call ON redress_request (call_id, status, id)');
    await q.query(
      'ALTER TABLE proposal ADD COLUMN eligibility_round integer NOT NULL DEFAULT 0 CHECK (eligibility_round >= 0)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE proposal DROP COLUMN eligibility_round');
    await q.query('DROP TABLE redress_request');
  }
}
