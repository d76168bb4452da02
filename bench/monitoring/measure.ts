/**
 * What the monitoring benchmark measures outside Temporal: a process's memory from /proc, and when the
 * reminders fired — the MILESTONE_REMINDER outbox rows `remindMilestone` writes in its transaction
 * (`created_at` is PostgreSQL's `clock_timestamp()`, on the same machine's clock as the due instant).
 */
import { readFileSync } from 'node:fs';
import type { Client } from 'pg';

const MiB = 1024 * 1024;

export interface ProcessMemory {
  /** Resident set now (VmRSS), bytes. */
  rss: number;
  /** Peak resident set so far (VmHWM), bytes. */
  peak: number;
}

/** VmRSS and VmHWM of a live process (Linux); undefined when the pid is unknown or gone. */
export function processMemory(pid: number | undefined): ProcessMemory | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { rss: kB('VmRSS'), peak: kB('VmHWM') };
  } catch {
    return undefined;
  }
}

export const mib = (bytes: number): string => `${(bytes / MiB).toFixed(0)} MiB`;

export function formatMemory(memory: ProcessMemory | undefined): string {
  return memory ? `RSS ${mib(memory.rss)}, peak ${mib(memory.peak)}` : 'not available (pid unknown)';
}

/** Nearest-rank percentile of sorted values (`p` in 0–100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface ReminderRows {
  /** First MILESTONE_REMINDER row per project (of the first milestone's 14-day reminder). */
  first: Map<string, Date>;
  /** MILESTONE_REMINDER rows per project, any milestone or reminder. */
  rows: Map<string, number>;
}

/** The MILESTONE_REMINDER outbox rows by project (the project id is the second part of their idempotency key). */
export async function reminderRows(client: Client): Promise<ReminderRows> {
  const { rows } = await client.query<{ projectId: string; first: Date | null; n: string }>(
    `SELECT split_part(idempotency_key, ':', 2) AS "projectId",
            min(created_at) FILTER (WHERE split_part(idempotency_key, ':', 3) = '0'
              AND split_part(idempotency_key, ':', 4) = '14') AS first,
            count(*) AS n
       FROM outbox_message WHERE kind = 'MILESTONE_REMINDER' GROUP BY 1`,
  );
  const first = new Map<string, Date>();
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.first) first.set(row.projectId, row.first);
    counts.set(row.projectId, Number(row.n));
  }
  return { first, rows: counts };
}

/**
 * Polls the outbox until each of `projectIds` has its reminder row or `until` passes; reports progress
 * once the reminders are due. Returns the rows read a few seconds after the last reminder arrived (late
 * doubles would show).
 */
export async function waitForReminders(
  client: Client,
  projectIds: readonly string[],
  dueAt: Date,
  until: number,
  log: (line: string) => void,
  abortIf: () => string | undefined,
): Promise<ReminderRows> {
  let lastReport = Date.now();
  for (;;) {
    const abort = abortIf();
    if (abort) throw new Error(`waiting for reminders: ${abort}`);
    const rows = await reminderRows(client);
    const fired = projectIds.filter((id) => rows.first.has(id)).length;
    if (fired === projectIds.length || Date.now() > until) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return reminderRows(client);
    }
    if (Date.now() >= dueAt.getTime() && Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      log(`reminders: ${fired} / ${projectIds.length} fired`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface LagSummary {
  count: number;
  fired: number;
  missing: number;
  withinTarget: number;
  minMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Each project's first reminder row − the instant it was due. */
export function lagSummary(
  projectIds: readonly string[],
  first: Map<string, Date>,
  dueAt: Date,
  targetMs: number,
): LagSummary {
  const lags = projectIds.flatMap((id) => {
    const at = first.get(id);
    return at ? [at.getTime() - dueAt.getTime()] : [];
  });
  lags.sort((a, b) => a - b);
  return {
    count: projectIds.length,
    fired: lags.length,
    missing: projectIds.length - lags.length,
    withinTarget: lags.filter((lag) => lag <= targetMs).length,
    minMs: lags.length ? lags[0] : Number.NaN,
    p50Ms: percentile(lags, 50),
    p99Ms: percentile(lags, 99),
    maxMs: lags.length ? lags[lags.length - 1] : Number.NaN,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function formatLag(s: LagSummary): string {
  return (
    `${s.fired} / ${s.count} fired; lag min ${seconds(s.minMs)}, p50 ${seconds(s.p50Ms)}, ` +
    `p99 ${seconds(s.p99Ms)}, max ${seconds(s.maxMs)}; ${s.withinTarget} within 30 s; ${s.missing} missing`
  );
}
