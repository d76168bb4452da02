import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Long jobs (`GET /jobs/{id}`) and reviewer assignments (SPEC §4 Assignment, §5 V1–V5): one row per offer
 * of a proposal to an evaluator — a pair is offered at most once per stage, so "not yet offered" (V4)
 * is a uniqueness constraint — and the review it leads to.
 */
export class ReviewAssignments1764979200000 implements MigrationInterface {
  name = 'ReviewAssignments1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job (
        id            uuid PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('AUTO_ASSIGNMENT')),
        call_id       uuid REFERENCES joint_call (id),
        parameters    jsonb NOT NULL DEFAULT '{}'::jsonb,
        started_by    uuid NOT NULL REFERENCES app_user (id),
        status        text NOT NULL DEFAULT 'QUEUED' CHECK (status IN ('QUEUED','RUNNING','SUCCEEDED','FAILED')),
        progress      jsonb NOT NULL DEFAULT '{}'::jsonb,
        result        jsonb,
        error         jsonb,
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at    timestamptz,
        finished_at   timestamptz
      )`);
    await q.query('CREATE INDEX job_started_by ON job (started_by, created_at DESC)');
    // One auto-assignment at a time per call: a second request while one runs is refused, not queued twice.
    await q.query(
      'CREATE UNIQUE INDEX job_one_running_assignment ON job (call_id) ' +
        "WHERE kind = 'AUTO_ASSIGNMENT' AND status IN ('QUEUED','RUNNING')",
    );
    await q.query(`
      CREATE TABLE review_assignment (
        id                uuid PRIMARY KEY,
        call_id           uuid NOT NULL REFERENCES joint_call (id),
        proposal_id       uuid NOT NULL REFERENCES proposal (id),
        stage_no          smallint NOT NULL CHECK (stage_no IN (1, 2)),
        evaluator_id      uuid NOT NULL REFERENCES app_user (id),
        state             text NOT NULL DEFAULT 'OFFERED' CHECK (state IN
          ('OFFERED','ACCEPTED','DECLINED','EXPIRED','REVIEW_SUBMITTED','WITHDRAWN')),
        origin            text NOT NULL CHECK (origin IN ('AUTO','REPLACEMENT','MANUAL')),
        affinity          smallint NOT NULL CHECK (affinity BETWEEN 0 AND 100),
        reason            text NOT NULL,
        job_id            uuid REFERENCES job (id),
        offered_at        timestamptz NOT NULL DEFAULT clock_timestamp(),
        offer_expires_at  timestamptz NOT NULL,
        responded_at      timestamptz,
        decline_reason    text,
        review_due_at     timestamptz NOT NULL,
        submitted_at      timestamptz,
        UNIQUE (proposal_id, stage_no, evaluator_id)
      )`);
    await q.query('CREATE INDEX review_assignment_evaluator ON review_assignment (evaluator_id, state)');
    await q.query('CREATE INDEX review_assignment_call ON review_assignment (call_id, stage_no, proposal_id)');
    await q.query(`
      CREATE TABLE review (
        assignment_id  uuid PRIMARY KEY REFERENCES review_assignment (id),
        scores         jsonb NOT NULL,
        state          text NOT NULL DEFAULT 'DRAFT' CHECK (state IN ('DRAFT','SUBMITTED')),
        weighted_total numeric,
        updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        submitted_at   timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE review');
    await q.query('DROP TABLE review_assignment');
    await q.query('DROP TABLE job');
  }
}
