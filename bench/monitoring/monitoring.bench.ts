/**
 * SPEC §7 P4, monitoring at scale: N open project workflows with pending timers on one machine, the
 * worker's memory, and M reminders due in the same minute fired within 30 s of their time — against the
 * same lag for a small burst measured first in the same run. Starts its own PostgreSQL (fresh, migrated)
 * and Temporal dev server (SQLite), seeds the projects with SQL, runs the real worker as a child process
 * and starts the workflows with the Temporal client; prints figures and the targets' PASS/MISS; fails
 * only on a correctness fault (a reminder that never fires, a double, a reminder that fires early).
 */
import { type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { Client } from 'pg';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { loadRuntimeConfig } from '@app/config';
import { runMigrations } from '../../migrations/run-migrations';
import { stopProcess } from '../../scripts/runtime/process-tools';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import { startTestDatabase, type StartedDatabase } from '../../scripts/runtime/runtime-services';
import { startWorker, waitForWorker } from '../deadline-rush/workflows';
import { checkReminders } from './verify';
import { formatLag, formatMemory, lagSummary, mib, processMemory, waitForReminders } from './measure';
import { scheduleFirstReminder, seedMonitoring } from './seed';
import { startBenchTemporal, type BenchTemporal, type TemporalStore } from './temporal-server';
import {
  countOpenWorkflows,
  sampleTimers,
  startProjectWorkflows,
  waitForPendingTimers,
  waitForWorkerCaughtUp,
} from './workflows';

const ROOT = path.resolve(__dirname, '..', '..');
const SPEC_PROJECTS = 50_000;
const SPEC_BURST = 1_000;
const BASELINE_BURST = 10;
const CONCURRENCY = 64;
const TEMPORAL_NAMESPACE = 'default';
const TARGET_LAG_MS = 30_000;
const TARGET_MEMORY = 4 * 1024 ** 3;
/** How long after its instant a reminder may still arrive before it counts as never fired. */
const FIRE_TIMEOUT_MS = 5 * 60_000;
const BASELINE_LEAD_MS = 20_000;
const TIMER_SAMPLE = 200;
const CAUGHT_UP_TIMEOUT_MS = 30 * 60_000;

const log = (line: string): void => void process.stdout.write(`[monitoring] ${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

export interface MonitoringOptions {
  projects: number;
  burst: number;
  baseline: number;
  concurrency: number;
  temporalDb: TemporalStore;
  /** The worker's WORKER_MAX_CACHED_WORKFLOWS; undefined = the SDK's default. */
  maxCachedWorkflows?: number;
}

export function parseMonitoringOptions(args: string[]): MonitoringOptions {
  const options: MonitoringOptions = {
    projects: SPEC_PROJECTS,
    burst: SPEC_BURST,
    baseline: BASELINE_BURST,
    concurrency: CONCURRENCY,
    temporalDb: 'memory',
  };
  const known =
    '--projects N, --burst M, --baseline B, --concurrency C, --temporal-db memory|file, --max-cached-workflows K';
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    const value = inline ?? args[(i += 1)];
    if (flag === '--temporal-db') {
      if (value !== 'memory' && value !== 'file')
        throw new Error(`monitoring: --temporal-db is memory or file (got ${String(value)})`);
      options.temporalDb = value;
      continue;
    }
    if (flag === '--max-cached-workflows') {
      const k = Number(value);
      if (!Number.isSafeInteger(k) || k < 0)
        throw new Error(`monitoring: --max-cached-workflows needs a non-negative integer (got ${String(value)})`);
      options.maxCachedWorkflows = k;
      continue;
    }
    const key = (
      {
        '--projects': 'projects',
        '--burst': 'burst',
        '--baseline': 'baseline',
        '--concurrency': 'concurrency',
      } as const
    )[flag];
    if (!key) throw new Error(`monitoring: unknown option ${flag} (known: ${known})`);
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`monitoring: ${flag} needs a positive integer (got ${String(value)})`);
    options[key] = n;
  }
  if (options.burst + options.baseline > options.projects)
    throw new Error('monitoring: --burst + --baseline must not exceed --projects');
  return options;
}

/** The next whole minute at least `leadMs` ahead. */
const minuteAfter = (leadMs: number): Date => new Date(Math.ceil((Date.now() + leadMs) / 60_000) * 60_000);

export async function runMonitoring(args: string[]): Promise<boolean> {
  const options = parseMonitoringOptions(args);
  const loadAverage = os.loadavg()[0];
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'acie-monitoring-'));
  let database: StartedDatabase | undefined;
  let temporal: BenchTemporal | undefined;
  let connection: Connection | undefined;
  let worker: ChildProcess | undefined;
  let client: Client | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await client?.end().catch(() => undefined);
      await connection?.close().catch(() => undefined);
      // The worker drains (stops polling, lets activities finish) before its pool closes.
      if (worker) await stopProcess(worker, 'SIGTERM', 30_000);
      await temporal?.stop().catch((error: unknown) => log(`Temporal stop: ${(error as Error).message}`));
      await database?.stop().catch((error: unknown) => log(`PostgreSQL stop: ${(error as Error).message}`));
      rmSync(workDir, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the worker, Temporal and PostgreSQL`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const background = options.projects - options.burst - options.baseline;
    log(
      `${options.projects} projects: ${options.baseline} baseline, ${background} background, ` +
        `${options.burst} in the burst; ${options.concurrency} starts in flight`,
    );
    let t0 = Date.now();
    database = await startTestDatabase(dirs, log);
    await runMigrations(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
    log(`PostgreSQL ready and migrated in ${seconds(Date.now() - t0)} (${database.source})`);
    t0 = Date.now();
    temporal = await startBenchTemporal(config, dirs, workDir, options.temporalDb, log);
    connection = await Connection.connect({ address: temporal.address });
    const temporalClient = new TemporalClient({ connection, namespace: TEMPORAL_NAMESPACE });
    log(`Temporal on ${temporal.address} in ${seconds(Date.now() - t0)}: ${temporal.backend}`);

    t0 = Date.now();
    const fixture = await seedMonitoring(database.url, {
      baseline: options.baseline,
      background,
      burst: options.burst,
    });
    log(
      `seeded in ${seconds(Date.now() - t0)}: ${options.projects} ACTIVE projects with ${fixture.milestones} ` +
        `PLANNED milestones, ${fixture.organisations} organisations with one active member each`,
    );

    t0 = Date.now();
    const startedWorker = startWorker(ROOT, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      LOG_LEVEL: 'warn',
      MAIL_TRANSPORT: 'log',
      ...(options.maxCachedWorkflows === undefined
        ? {}
        : { WORKER_MAX_CACHED_WORKFLOWS: String(options.maxCachedWorkflows) }),
    });
    worker = startedWorker.child;
    await waitForWorker(temporalClient, TEMPORAL_NAMESPACE, startedWorker.exited);
    const memoryIdle = processMemory(worker.pid);
    log(
      `worker polling in ${seconds(Date.now() - t0)} (apps/worker/src/main.ts, pid ${worker.pid}; ` +
        `workflow cache ${options.maxCachedWorkflows ?? "the SDK's default"}); idle: ${formatMemory(memoryIdle)}`,
    );

    // Baseline: a small burst on an idle system, same path (start → load schedule → timer → remindMilestone).
    const baselineAt =
      minuteAfter(0).getTime() - Date.now() >= BASELINE_LEAD_MS
        ? minuteAfter(0)
        : new Date(Date.now() + BASELINE_LEAD_MS);
    await scheduleFirstReminder(client, fixture.projects.baseline, baselineAt);
    await startProjectWorkflows(temporalClient, fixture.projects.baseline, options.concurrency, 'baseline', log);
    const baselineTimers = await waitForPendingTimers(
      temporalClient,
      fixture.projects.baseline,
      Math.max(1_000, baselineAt.getTime() - Date.now()),
    );
    if (baselineTimers.missing.length)
      throw new Error(
        `${baselineTimers.missing.length} baseline workflows had no timer ` +
          `before their reminder at ${baselineAt.toISOString()}`,
      );
    log(`baseline: ${options.baseline} workflows waiting for their reminder at ${baselineAt.toISOString()}`);
    const baselineRows = await waitForReminders(
      client,
      fixture.projects.baseline,
      baselineAt,
      baselineAt.getTime() + FIRE_TIMEOUT_MS,
      log,
      startedWorker.exited,
    );
    const baselineLag = lagSummary(fixture.projects.baseline, baselineRows.first, baselineAt, TARGET_LAG_MS);
    log(`baseline burst of ${options.baseline}: ${formatLag(baselineLag)}`);

    // The load: every other workflow, then the burst's, whose reminder instant T is set just before they start.
    const backgroundStart = await startProjectWorkflows(
      temporalClient,
      fixture.projects.background,
      options.concurrency,
      'background',
      log,
    );
    log(
      `background: ${backgroundStart.started} started in ${seconds(backgroundStart.durationMs)}` +
        ` (${backgroundStart.perSecond.toFixed(1)} starts/s; ` +
        `${backgroundStart.retried} retried, ${backgroundStart.alreadyStarted} already running)`,
    );
    const caughtUp = await waitForWorkerCaughtUp(
      temporalClient,
      fixture.projects.background,
      TIMER_SAMPLE,
      CAUGHT_UP_TIMEOUT_MS,
      log,
    );
    const settledPerSecond = background / ((backgroundStart.durationMs + caughtUp.durationMs) / 1000);
    log(
      `worker caught up ${seconds(caughtUp.durationMs)} after the last start (` +
        `${caughtUp.backlogReported ? 'task-queue backlog empty and ' : ''}the last ${TIMER_SAMPLE} ` +
        `started have their timer); worker ${formatMemory(processMemory(worker.pid))}`,
    );

    // The burst's workflows must all hold their timer before T: lead on the rate at which workflows settled, not merely
    // started.
    const rate = Math.max(1, Math.min(backgroundStart.perSecond, settledPerSecond));
    const burstAt = minuteAfter(Math.max(60_000, 3 * (options.burst / rate) * 1000 + 30_000));
    await scheduleFirstReminder(client, fixture.projects.burst, burstAt);
    log(
      `burst: ${options.burst} reminders due at T = ${burstAt.toISOString()} (` +
        `${seconds(burstAt.getTime() - Date.now())} from now)`,
    );
    const burstStart = await startProjectWorkflows(
      temporalClient,
      fixture.projects.burst,
      options.concurrency,
      'burst',
      log,
    );
    const burstTimers = await waitForPendingTimers(
      temporalClient,
      fixture.projects.burst,
      Math.max(1_000, burstAt.getTime() - Date.now() - 2_000),
    );
    const armedBeforeT = Date.now() < burstAt.getTime();
    const firesAt = [...burstTimers.timers.values()]
      .map((t) => t.firesAt.getTime() - burstAt.getTime())
      .sort((a, b) => a - b);
    const startThroughput =
      (backgroundStart.started + burstStart.started) / ((backgroundStart.durationMs + burstStart.durationMs) / 1000);
    const memoryStarted = processMemory(worker.pid);
    const temporalStarted = processMemory(temporal.pid);
    log(
      `burst: ${burstStart.started} started in ${seconds(burstStart.durationMs)}; ` +
        `${burstTimers.timers.size} / ${options.burst} timers set ` +
        `${seconds(burstAt.getTime() - Date.now())} before T` +
        ' (their histories say they fire at T ' +
        `${firesAt.length ? `+${firesAt[0]}…${firesAt[firesAt.length - 1]} ms` : '—'})`,
    );
    if (!armedBeforeT || burstTimers.missing.length) {
      throw new Error(
        `setup: ${burstTimers.missing.length} burst workflows had not run their first task before T ` +
          '(a workflow skips reminders due before its start): increase the lead',
      );
    }
    log(
      `all ${options.projects} started; worker ${formatMemory(memoryStarted)}; ` +
        `Temporal server ${formatMemory(temporalStarted)}`,
    );

    const burstRows = await waitForReminders(
      client,
      fixture.projects.burst,
      burstAt,
      burstAt.getTime() + FIRE_TIMEOUT_MS,
      log,
      startedWorker.exited,
    );
    const burstLag = lagSummary(fixture.projects.burst, burstRows.first, burstAt, TARGET_LAG_MS);
    // After its reminder a burst workflow reloads its schedule and arms its next timer (the 3-day reminder): the
    // burst's whole work.
    const rearm = await waitForPendingTimers(temporalClient, fixture.projects.burst, FIRE_TIMEOUT_MS);
    const rearmedMs = Date.now() - burstAt.getTime();
    const memoryAfterBurst = processMemory(worker.pid);
    const temporalAfterBurst = processMemory(temporal.pid);

    // What the backend holds: open executions (visibility is eventually consistent: wait up to a minute for N), a
    // sample of pending timers.
    let open = await countOpenWorkflows(temporalClient);
    for (let i = 0; i < 30 && open.count < options.projects; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      open = await countOpenWorkflows(temporalClient);
    }
    const all = [...fixture.projects.baseline, ...fixture.projects.background, ...fixture.projects.burst];
    const sample = Array.from(
      { length: Math.min(TIMER_SAMPLE, all.length) },
      (_, i) => all[Math.floor(((i + 0.5) * all.length) / Math.min(TIMER_SAMPLE, all.length))],
    );
    const timers = await sampleTimers(temporalClient, sample);

    const checks = await checkReminders(client, fixture, [...fixture.projects.baseline, ...fixture.projects.burst]);
    const heapLimit = v8.getHeapStatistics().heap_size_limit / 1024 ** 2;
    const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}×` : '—');
    const workerPeak = memoryAfterBurst?.peak ?? Number.NaN;
    const atSpecScale = options.projects === SPEC_PROJECTS && options.burst === SPEC_BURST;
    const lines = [
      '',
      `starts: ${backgroundStart.started + burstStart.started + options.baseline} workflows, ` +
        `${startThroughput.toFixed(1)} starts/s at ${options.concurrency} in flight (background ` +
        `${backgroundStart.perSecond.toFixed(1)} /s, burst ${burstStart.perSecond.toFixed(1)} /s); ` +
        `background started and settled (schedule loaded, timer set) at ${settledPerSecond.toFixed(1)} workflows/s`,
      `open workflows: ${open.count} by ${open.how}`,
      `pending timers: ${timers.withTimer} / ${timers.size} sampled workflows (evenly over ` +
        `all ${options.projects}) have a timer pending in their history`,
      ...timers.without.map((line) => `  without: ${line}`),
      `worker memory: idle ${formatMemory(memoryIdle)}; all started ` +
        `${formatMemory(memoryStarted)}; after the burst ${formatMemory(memoryAfterBurst)}` +
        (options.maxCachedWorkflows === undefined
          ? ` (no maxCachedWorkflows set: the SDK default for a ${heapLimit.toFixed(0)} MiB heap is ` +
            `${Math.max(Math.floor(((heapLimit - 200) * 600) / 1024), 10)} cached workflows)`
          : ` (WORKER_MAX_CACHED_WORKFLOWS=${options.maxCachedWorkflows})`),
      `Temporal server memory: all started ${formatMemory(temporalStarted)}; ` +
        `after the burst ${formatMemory(temporalAfterBurst)}`,
      `burst of ${options.burst} at T = ${burstAt.toISOString()}: ${formatLag(burstLag)}`,
      `  after their reminder ${rearm.timers.size} / ${options.burst} burst workflows ` +
        `had armed their next timer by T + ${seconds(rearmedMs)}`,
      `baseline burst of ${options.baseline} (idle, same run): ${formatLag(baselineLag)}`,
      `lag ratio burst / baseline: p50 ${ratio(burstLag.p50Ms, baselineLag.p50Ms)}, ` +
        `p99 ${ratio(burstLag.p99Ms, baselineLag.p99Ms)}, max ${ratio(burstLag.maxMs, baselineLag.maxMs)}`,
      `backend: ${temporal.backend}; ${database.source} (fsync off); ${os.cpus().length} CPU(s) ` +
        `(${os.cpus()[0]?.model.trim() ?? 'unknown'}) ` +
        'shared by PostgreSQL, Temporal, the worker and this process; ' +
        `1-min load average ${loadAverage.toFixed(2)} at the start; node ${process.version}`,
      '',
      'targets (SPEC §7 P4' +
        (atSpecScale
          ? ''
          : `; defined for ${SPEC_PROJECTS} projects and a burst of ${SPEC_BURST}, ` +
            `this run: ${options.projects} and ${options.burst}`) +
        '):',
      `  backend holds ${options.projects} open workflows        ` +
        `${open.count}   ${verdict(open.count >= options.projects)}`,
      '  worker memory ≤ 4 GiB                    peak ' +
        `${Number.isNaN(workerPeak) ? '—' : mib(workerPeak)}   ${verdict(workerPeak <= TARGET_MEMORY)}`,
      `  all ${options.burst} reminders within 30 s of T      ${burstLag.withinTarget} / ${options.burst}, ` +
        `max ${seconds(burstLag.maxMs)}   ${verdict(burstLag.withinTarget === options.burst)}`,
      '',
      ...checks.lines,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return checks.pass;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
    log('stopped the worker, Temporal and PostgreSQL');
  }
}
