import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Funded projects (SPEC §3 Project, §4, M2–M3): one per proposal funded by the decision, with its start,
 * the consortium agreement's status, and its milestones dated from the work plan (due at the end of project
 * month N in the call's time zone) with the reminder and overdue instants the project workflow keeps.
 */
export class Projects1765411200000 implements MigrationInterface {
  name = 'Projects1765411200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project (
        id                           uuid PRIMARY KEY,
        call_id                      uuid NOT NULL REFERENCES joint_call (id),
        proposal_id                  uuid NOT NULL UNIQUE REFERENCES proposal (id),
        decision_id                  uuid NOT NULL REFERENCES funding_decision (id),
        coordinator_organisation_id  uuid NOT NULL REFERENCES organisation (id),
        acronym                      text NOT NULL,
        start_date                   date NOT NULL,
        duration_months              smallint NOT NULL CHECK (duration_months > 0),
        ends_at                      timestamptz NOT NULL,
        state                        text NOT NULL DEFAULT 'ACTIVE'
          CHECK (state IN ('ACTIVE','SUSPENDED','COMPLETED','TERMINATED')),
        consortium_agreement         text NOT NULL DEFAULT 'NONE'
          CHECK (consortium_agreement IN ('NONE','SUBMITTED','ACCEPTED','RETURNED')),
        created_at                   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query('CREATE INDEX project_call ON project (call_id, id)');
    await q.query(`
      CREATE TABLE project_milestone (
        project_id                  uuid NOT NULL REFERENCES project (id),
        idx                         smallint NOT NULL CHECK (idx >= 0),
        title                       text NOT NULL,
        due_month                   smallint NOT NULL CHECK (due_month > 0),
        due_at                      timestamptz NOT NULL,
        overdue_at                  timestamptz NOT NULL,
        reminders                   jsonb NOT NULL,
        responsible_organisation_id uuid NOT NULL REFERENCES organisation (id),
        mid_term                    boolean NOT NULL DEFAULT false,
        state                       text NOT NULL DEFAULT 'PLANNED'
          CHECK (state IN ('PLANNED','DUE_SOON','REPORTED','ACCEPTED','CHANGES_REQUESTED','OVERDUE')),
        PRIMARY KEY (project_id, idx),
        CHECK (overdue_at >= due_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE project_milestone');
    await q.query('DROP TABLE project');
  }
}
