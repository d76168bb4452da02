import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Joint calls, their stages and the fund commitments of the agencies. */
export class JointCalls1764374400000 implements MigrationInterface {
  name = 'JointCalls1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE joint_call (
        id                    uuid PRIMARY KEY,
        title                 text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        action_type           text NOT NULL CHECK (action_type IN ('RD_PROJECT','NETWORKING','SKILLS','VOUCHER')),
        state                 text NOT NULL DEFAULT 'DRAFT' CHECK (state IN ('DRAFT','FUND_ALIGNMENT','OPEN',
          'SUBMISSION_CLOSED','ELIGIBILITY_CHECK','IN_EVALUATION','RANKED','FUNDING_DECISION','DECIDED','MONITORING',
          'CLOSED','CANCELLED')),
        state_reason          text,
        stages                smallint NOT NULL CHECK (stages IN (1, 2)),
        time_zone             text NOT NULL,
        alignment_deadline    timestamptz NOT NULL,
        opens_at              timestamptz NOT NULL,
        decision_deadline     timestamptz NOT NULL,
        transformative_activity_codes text[] NOT NULL DEFAULT '{}',
        configuration         jsonb NOT NULL,
        workflow_id           text UNIQUE,
        alignment_concluded_at timestamptz,
        created_by            uuid NOT NULL REFERENCES app_user (id),
        created_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
        version               integer NOT NULL DEFAULT 1
      )`);
    await q.query('CREATE INDEX joint_call_state ON joint_call (state, id)');
    await q.query(`
      CREATE TABLE call_stage (
        call_id               uuid NOT NULL REFERENCES joint_call (id) ON DELETE CASCADE,
        stage_no              smallint NOT NULL CHECK (stage_no IN (1, 2)),
        submission_deadline   timestamptz NOT NULL,
        eligibility_deadline  timestamptz NOT NULL,
        review_deadline       timestamptz NOT NULL,
        PRIMARY KEY (call_id, stage_no)
      )`);
    await q.query(`
      CREATE TABLE fund_commitment (
        id              uuid PRIMARY KEY,
        call_id         uuid NOT NULL REFERENCES joint_call (id) ON DELETE CASCADE,
        agency_id       uuid NOT NULL REFERENCES funding_agency (id),
        region_code     text NOT NULL REFERENCES region (code),
        currency        char(3) NOT NULL,
        amount          bigint NOT NULL DEFAULT 0 CHECK (amount >= 0),
        flexibility     bigint NOT NULL DEFAULT 0 CHECK (flexibility >= 0),
        rules           jsonb,
        status          text NOT NULL CHECK (status IN ('INVITED','PROPOSED','CONFIRMED','DECLINED','DROPPED_OUT')),
        decline_reason  text,
        answered_at     timestamptz,
        updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        version         integer NOT NULL DEFAULT 1,
        CONSTRAINT fund_commitment_agency_unique UNIQUE (call_id, agency_id),
        CONSTRAINT fund_commitment_region_unique UNIQUE (call_id, region_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE fund_commitment');
    await q.query('DROP TABLE call_stage');
    await q.query('DROP TABLE joint_call');
  }
}
