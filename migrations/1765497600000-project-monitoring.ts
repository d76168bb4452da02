import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Monitoring funded projects (SPEC M1–M6): the consortium agreement, joint reports with their
 * per-partner parts, amendments with each affected agency's answer, KPI targets and transformative
 * activities per project, and the released / paid running totals on each commitment. The ledger's
 * monitoring invariants hold in the database: per region released ≤ allocated and paid ≤ released
 * (CHECKs on the commitment's running totals, moved under its row lock with every RELEASED or PAID entry).
 */
export class ProjectMonitoring1765497600000 implements MigrationInterface {
  name = 'ProjectMonitoring1765497600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE fund_commitment
        ADD COLUMN released_total bigint NOT NULL DEFAULT 0,
        ADD COLUMN paid_total bigint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE fund_commitment fc SET
        released_total = COALESCE((SELECT sum(amount) FROM budget_ledger_entry e WHERE e.commitment_id = fc.id
          AND e.kind = 'RELEASED' AND e.superseded_at IS NULL), 0),
        paid_total = COALESCE((SELECT sum(amount) FROM budget_ledger_entry e WHERE e.commitment_id = fc.id
          AND e.kind = 'PAID' AND e.superseded_at IS NULL), 0)`);
    await q.query(
      'ALTER TABLE fund_commitment ADD CONSTRAINT fund_commitment_released_within_allocated ' +
        'CHECK (released_total >= 0 AND released_total <= allocated_total)',
    );
    await q.query(
      'ALTER TABLE fund_commitment ADD CONSTRAINT fund_commitment_paid_within_released ' +
        'CHECK (paid_total >= 0 AND paid_total <= released_total)',
    );

    // A partner removed by an amendment keeps its grant row (history), with status REMOVED.
    await q.query('ALTER TABLE funding_grant DROP CONSTRAINT funding_grant_status_check');
    await q.query(
      'ALTER TABLE funding_grant ADD CONSTRAINT funding_grant_status_check ' +
        "CHECK (status IN ('AWARDED','FAILED','REMOVED'))",
    );

    await q.query(`
      ALTER TABLE project
        ADD COLUMN kpi_targets                     jsonb NOT NULL DEFAULT '{}'::jsonb,
        ADD COLUMN transformative_activities       text[] NOT NULL DEFAULT '{}',
        ADD COLUMN report_every_months             smallint NOT NULL DEFAULT 6 CHECK (report_every_months > 0),
        ADD COLUMN state_reason                    text,
        ADD COLUMN ended_at                        timestamptz,
        ADD COLUMN consortium_agreement_sha256     char(64) REFERENCES attachment_blob (sha256),
        ADD COLUMN consortium_agreement_file_name  text,
        ADD COLUMN consortium_agreement_uploaded_by uuid REFERENCES app_user (id),
        ADD COLUMN consortium_agreement_uploaded_at timestamptz,
        ADD COLUMN consortium_agreement_comment    text,
        ADD COLUMN consortium_agreement_decided_at timestamptz,
        ADD CONSTRAINT project_agreement_has_file CHECK (consortium_agreement = 'NONE'
          OR consortium_agreement_sha256 IS NOT NULL)`);
    await q.query(`
      ALTER TABLE project_milestone
        ADD COLUMN first_reported_at timestamptz,
        ADD COLUMN accepted_at       timestamptz`);

    // One joint report per milestone or period (subject 'M<idx>', 'P<seq>' or 'FINAL'); a report sent back
    // is followed by a new revision of the same subject. At most one open or accepted revision per subject.
    await q.query(`
      CREATE TABLE project_report (
        id              uuid PRIMARY KEY,
        project_id      uuid NOT NULL REFERENCES project (id),
        kind            text NOT NULL CHECK (kind IN ('MILESTONE','PERIODIC','FINAL')),
        subject         text NOT NULL,
        milestone_idx   smallint,
        period_sequence smallint,
        from_month      smallint NOT NULL,
        to_month        smallint NOT NULL,
        revision        integer NOT NULL CHECK (revision >= 1),
        state           text NOT NULL DEFAULT 'SUBMITTED' CHECK (state IN ('SUBMITTED','ACCEPTED','CHANGES_REQUESTED')),
        summary         text NOT NULL,
        deliverables    jsonb NOT NULL DEFAULT '[]'::jsonb,
        kpi_values      jsonb NOT NULL DEFAULT '{}'::jsonb,
        submitted_by    uuid NOT NULL REFERENCES app_user (id),
        submitted_at    timestamptz NOT NULL,
        decided_by      uuid REFERENCES app_user (id),
        decided_at      timestamptz,
        comment         text,
        UNIQUE (project_id, subject, revision),
        CHECK ((kind = 'MILESTONE') = (milestone_idx IS NOT NULL)),
        CHECK ((kind = 'MILESTONE') = (period_sequence IS NULL)),
        CHECK (state <> 'CHANGES_REQUESTED' OR comment IS NOT NULL)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX project_report_one_live ON project_report (project_id, subject) ' +
        "WHERE state IN ('SUBMITTED','ACCEPTED')",
    );
    await q.query(`
      CREATE TABLE project_report_part (
        report_id       uuid NOT NULL REFERENCES project_report (id),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        agency_id       uuid REFERENCES funding_agency (id),
        region_code     text NOT NULL REFERENCES region (code),
        narrative       text NOT NULL,
        costs_incurred  bigint NOT NULL CHECK (costs_incurred >= 0),
        currency        char(3) NOT NULL,
        extra_fields    jsonb NOT NULL DEFAULT '{}'::jsonb,
        PRIMARY KEY (report_id, organisation_id)
      )`);

    await q.query(`
      CREATE TABLE project_amendment (
        id                uuid PRIMARY KEY,
        project_id        uuid NOT NULL REFERENCES project (id),
        request           jsonb NOT NULL,
        justification     text NOT NULL,
        required_agencies uuid[] NOT NULL,
        state             text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING','APPROVED','REJECTED')),
        requested_by      uuid NOT NULL REFERENCES app_user (id),
        requested_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_at        timestamptz
      )`);
    await q.query(
      "CREATE UNIQUE INDEX project_amendment_one_pending ON project_amendment (project_id) WHERE state = 'PENDING'",
    );
    await q.query(`
      CREATE TABLE project_amendment_answer (
        amendment_id uuid NOT NULL REFERENCES project_amendment (id),
        agency_id    uuid NOT NULL REFERENCES funding_agency (id),
        answer       text NOT NULL CHECK (answer IN ('APPROVED','REJECTED')),
        reason       text,
        answered_by  uuid NOT NULL REFERENCES app_user (id),
        answered_at  timestamptz NOT NULL,
        PRIMARY KEY (amendment_id, agency_id),
        CHECK (answer <> 'REJECTED' OR reason IS NOT NULL)
      )`);
    await q.query('CREATE INDEX instalment_grant_status ON instalment (grant_id, status)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX instalment_grant_status');
    for (const table of ['project_amendment_answer', 'project_amendment', 'project_report_part', 'project_report'])
      await q.query(`DROP TABLE ${table}`);
    await q.query('ALTER TABLE project_milestone DROP COLUMN accepted_at, DROP COLUMN first_reported_at');
    await q.query(`
      ALTER TABLE project DROP CONSTRAINT project_agreement_has_file,
        DROP COLUMN consortium_agreement_decided_at, DROP COLUMN consortium_agreement_comment, DROP COLUMN
          consortium_agreement_uploaded_at,
        DROP COLUMN consortium_agreement_uploaded_by, DROP COLUMN consortium_agreement_file_name, DROP COLUMN
          consortium_agreement_sha256,
        DROP COLUMN ended_at, DROP COLUMN state_reason, DROP COLUMN report_every_months, DROP COLUMN
          transformative_activities, DROP COLUMN kpi_targets`);
    await q.query('ALTER TABLE funding_grant DROP CONSTRAINT funding_grant_status_check');
    await q.query(
      "ALTER TABLE funding_grant ADD CONSTRAINT funding_grant_status_check CHECK (status IN ('AWARDED','FAILED'))",
    );
    await q.query(
      'ALTER TABLE fund_commitment DROP CONSTRAINT fund_commitment_paid_within_released, ' +
        'DROP CONSTRAINT fund_commitment_released_within_allocated',
    );
    await q.query('ALTER TABLE fund_commitment DROP COLUMN paid_total, DROP COLUMN released_total');
  }
}
