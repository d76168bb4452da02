/**
 * The monitoring benchmark's data (fixtures, not the feature under test), written with set-based SQL in a
 * handful of statements: one call and one approved funding decision, a pool of organisations with one
 * active applicant member each, and N FUNDED proposals with their ACTIVE projects and one or two PLANNED
 * milestones. Every milestone's reminders and overdue instant lie days ahead (pending timers) until
 * `scheduleFirstReminder` moves the first milestone of the baseline and burst projects to a chosen instant.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createUser, openCallFixture } from '../../test/utils/call-fixtures';

const DAY = 86_400_000;
/**
 * Organisations (one active member each) shared by the projects: project i is coordinated by org i, its first milestone
 * is org i + 1's.
 */
const MAX_ORGANISATIONS = 1_000;
/** Days between a milestone's due date and its overdue instant (SPEC M3's grace period; any positive value). */
const GRACE_DAYS = 30;

export type ProjectRole = 'baseline' | 'background' | 'burst';

export interface MonitoringFixture {
  callId: string;
  /** Project ids by role, in start order: baseline first, then background, then burst. */
  projects: Record<ProjectRole, string[]>;
  organisations: number;
  milestones: number;
  /**
   * MILESTONE_REMINDER outbox rows one reminder of a project writes (its responsible organisation's and its
   * coordinator's active members).
   */
  recipientsPerReminder: number;
}

/** ISO-8601 in UTC with milliseconds, the format `Date.toISOString()` and the domain's schedule use. */
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (expression: string): string => `to_char((${expression}) AT TIME ZONE 'UTC', ${ISO})`;

/**
 * Seeds `total` projects: `baseline` + `burst` of them get their first reminder set later; the rest keep
 * every instant between 16 and 90 days ahead. Odd projects have a second milestone a year ahead.
 */
export async function seedMonitoring(url: string, counts: Record<ProjectRole, number>): Promise<MonitoringFixture> {
  const total = counts.baseline + counts.background + counts.burst;
  const pm = await createUser(url, 'PROGRAMME_MANAGER');
  const { callId } = await openCallFixture(url, {
    createdBy: pm.id,
    regions: ['ITH2'],
    submissionDeadline: new Date(Date.now() + 7 * DAY),
  });
  const organisations = Math.max(2, Math.min(MAX_ORGANISATIONS, total));
  const decisionId = randomUUID();
  const ids = Array.from({ length: total }, () => randomUUID());
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `CREATE TEMP TABLE bench_org ON COMMIT DROP AS
         SELECT i, gen_random_uuid() AS org_id, gen_random_uuid() AS user_id FROM generate_series(0, $1::int - 1) AS i`,
      [organisations],
    );
    await client.query(
      `INSERT INTO organisation (id, legal_name, type, region_code, registration_id)
       SELECT org_id, 'Monitoring partner ' || i, 'SME', 'ITH2', 'MON-' || lpad(i::text, 6, '0') FROM bench_org`,
    );
    await client.query(
      `INSERT INTO app_user (id, email, display_name, status, email_verified_at)
       SELECT user_id, 'monitoring-' || i || '@acie.bench', 'Project member ' || i, 'ACTIVE', now() FROM bench_org`,
    );
    await client.query(
      'INSERT INTO role_grant (id, user_id, role, organisation_id) ' +
        "SELECT gen_random_uuid(), user_id, 'APPLICANT', org_id FROM bench_org",
    );
    await client.query(
      `INSERT INTO funding_decision (id, call_id, revision, status, policy, summary, created_by, decided_at)
       VALUES ($1, $2, 1, 'APPROVED', 'CONTINUE_PAST_GAPS', '{}'::jsonb, $3, now())`,
      [decisionId, callId, pm.id],
    );
    await client.query(
      `CREATE TEMP TABLE bench_project ON COMMIT DROP AS
         SELECT p.ord - 1 AS i, p.id AS project_id, gen_random_uuid() AS proposal_id,
                c.org_id AS coordinator, c.user_id AS member, r.org_id AS responsible
           FROM unnest($1::uuid[]) WITH ORDINALITY AS p(id, ord)
           JOIN bench_org c ON c.i = (p.ord - 1) % $2
           JOIN bench_org r ON r.i = p.ord % $2`,
      [ids, organisations],
    );
    await client.query(
      `INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, created_by)
       SELECT proposal_id, $1, coordinator, 'FUNDED', 'MON' || i, 'Monitored project ' || i,
         '{"durationMonths": 36}'::jsonb, member FROM bench_project`,
      [callId],
    );
    await client.query(
      `INSERT INTO project (id, call_id, proposal_id, decision_id, coordinator_organisation_id, acronym, start_date,
          duration_months, ends_at)
       SELECT project_id, $1, proposal_id, $2, coordinator, 'MON' || i, current_date - 30, 36, now() + interval
         '35 months' FROM bench_project`,
      [callId, decisionId],
    );
    // Due 30–89 days ahead (minutes spread over the day): reminders 14 and 3 days before, overdue GRACE_DAYS after.
    const due = `now() + (30 + i % 60) * interval '1 day' + (i % 1440) * interval '1 minute'`;
    await client.query(
      `INSERT INTO project_milestone (project_id, idx, title, due_month, due_at, overdue_at, reminders,
          responsible_organisation_id, state)
       SELECT project_id, 0, 'Pilot line running', 2, d.due_at, d.due_at + interval '${GRACE_DAYS} days',
              jsonb_build_array(jsonb_build_object('daysBefore', 14, 'at', ${iso("d.due_at - interval '14 days'")}),
                                jsonb_build_object('daysBefore', 3, 'at', ${iso("d.due_at - interval '3 days'")})),
              responsible, 'PLANNED'
         FROM bench_project, LATERAL (SELECT ${due} AS due_at) d`,
    );
    await client.query(
      `INSERT INTO project_milestone (project_id, idx, title, due_month, due_at, overdue_at, reminders,
          responsible_organisation_id, state)
       SELECT project_id, 1, 'Final report', 14, d.due_at, d.due_at + interval '${GRACE_DAYS} days',
              jsonb_build_array(jsonb_build_object('daysBefore', 14, 'at', ${iso("d.due_at - interval '14 days'")}),
                                jsonb_build_object('daysBefore', 3, 'at', ${iso("d.due_at - interval '3 days'")})),
              coordinator, 'PLANNED'
         FROM bench_project, LATERAL (SELECT ${due} + interval '365 days' AS due_at) d
        WHERE i % 2 = 1`,
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM project_milestone');
    const projects = {
      baseline: ids.slice(0, counts.baseline),
      background: ids.slice(counts.baseline, counts.baseline + counts.background),
      burst: ids.slice(counts.baseline + counts.background),
    };
    return { callId, projects, organisations, milestones: Number(rows[0].n), recipientsPerReminder: 2 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Moves the first milestone of `projectIds` so that its 14-day reminder is exactly `at` (due 14 days
 * later, the 3-day reminder and the overdue instant after it). Called before their workflows start: a
 * workflow loads its schedule once at its start and skips reminders due before that start.
 */
export async function scheduleFirstReminder(client: Client, projectIds: string[], at: Date): Promise<void> {
  const due = `$2::timestamptz + interval '14 days'`;
  await client.query(
    `UPDATE project_milestone
        SET due_at = ${due}, overdue_at = ${due} + interval '${GRACE_DAYS} days',
            reminders = jsonb_build_array(jsonb_build_object('daysBefore', 14, 'at', $3::text),
                                          jsonb_build_object('daysBefore', 3, 'at',
                                            ${iso(`${due} - interval '3 days'`)}))
      WHERE project_id = ANY($1::uuid[]) AND idx = 0`,
    [projectIds, at.toISOString(), at.toISOString()],
  );
}
