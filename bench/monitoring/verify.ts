/**
 * The monitoring benchmark's correctness: each reminder that came due fired exactly once per recipient,
 * and nothing fired that was not due. Decides the exit code; the lag and memory targets do not.
 */
import type { Client } from 'pg';
import { reminderRows } from './measure';
import type { MonitoringFixture } from './seed';

export interface ReminderChecks {
  pass: boolean;
  lines: string[];
}

/**
 * `due`: the projects whose first reminder came due (baseline and burst); every other project must have no reminder
 * yet.
 */
export async function checkReminders(
  client: Client,
  fixture: MonitoringFixture,
  due: readonly string[],
): Promise<ReminderChecks> {
  const { first, rows } = await reminderRows(client);
  const dueSet = new Set(due);
  const expected = fixture.recipientsPerReminder;
  const neverFired = due.filter((id) => !first.has(id)).length;
  const doubled = due.filter((id) => (rows.get(id) ?? 0) > expected).length;
  const partial = due.filter((id) => first.has(id) && (rows.get(id) ?? 0) < expected).length;
  const early = [...rows.keys()].filter((id) => !dueSet.has(id)).length;
  const { rows: states } = await client.query<{ n: string }>(
    "SELECT count(*) AS n FROM project_milestone WHERE project_id = ANY($1::uuid[]) AND idx = 0 AND state = 'DUE_SOON'",
    [due],
  );
  const dueSoon = Number(states[0].n);
  const pass = neverFired === 0 && doubled === 0 && partial === 0 && early === 0 && dueSoon === due.length;
  return {
    pass,
    lines: [
      'verification:',
      `  reminders due ${due.length}: never fired ${neverFired}, ` +
        `with more than ${expected} MILESTONE_REMINDER rows (doubles) ${doubled}, with fewer (partial) ${partial}`,
      `  projects not yet due with a reminder row (fired early) ${early}; ` +
        `first milestones moved to DUE_SOON ${dueSoon} / ${due.length}`,
      `  verification: ${pass ? 'PASS' : 'FAIL'}`,
    ],
  };
}
