/**
 * SPEC §7 P1, the deadline rush: N final submissions through the HTTP API at C concurrent clients,
 * each recorded with its receipt, against a bare "insert one row" endpoint on the same stack measured
 * in the same run, and how long the proposal workflows take to learn of every submission. Starts its
 * own PostgreSQL (fresh, migrated) and Temporal dev server (in memory), the API as a child process, the
 * real worker as a second one (its relay drains the workflow-signal outbox during the rush) and the load
 * generator as a third; prints figures and the targets' PASS/MISS; fails only when the verification
 * (zero lost, zero duplicated, idempotent repeats, sampled workflows knowing their version) fails.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { loadRuntimeConfig } from '@app/config';
import { runMigrations } from '../../migrations/run-migrations';
import { freePort, stopProcess } from '../../scripts/runtime/process-tools';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import {
  startTestDatabase,
  startTestTemporal,
  type StartedDatabase,
  type StartedTemporal,
} from '../../scripts/runtime/runtime-services';
import { BENCH_INSERT_TABLE_SQL } from './bench-insert.module';
import { createRushFixture, REGION_A, REGION_B } from './fixtures';
import type { LoadPlan, LoadResult, Receipt, RushTarget } from './protocol';
import { measureWorkflowLearning, startWorker, waitForWorker } from './workflows';
import { postgresBackend, runLoadGenerator, startBenchServer } from '../common/bench-processes';

const ROOT = path.resolve(__dirname, '..', '..');
const SPEC_PROPOSALS = 10_360;
const SPEC_CLIENTS = 64;
const POOL_SIZE = 20;
const REPEATS = 100;
const WARMUP_MAX = 1_000;
const TARGET_DURATION_MS = 5 * 60_000;
const TARGET_P99_MS = 1_000;
const TARGET_RATIO = 0.2;
const TEMPORAL_NAMESPACE = 'default';

const log = (line: string): void => void process.stdout.write(`[deadline-rush] ${line}\n`);

export interface DeadlineRushOptions {
  proposals: number;
  clients: number;
}

export function parseDeadlineRushOptions(args: string[]): DeadlineRushOptions {
  const options: DeadlineRushOptions = { proposals: SPEC_PROPOSALS, clients: SPEC_CLIENTS };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag !== '--proposals' && flag !== '--clients')
      throw new Error(`deadline-rush: unknown option ${flag} (known: --proposals N, --clients C)`);
    const value = inline ?? args[(i += 1)];
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new Error(`deadline-rush: ${flag} needs a positive integer (got ${String(value)})`);
    if (flag === '--proposals') options.proposals = n;
    else options.clients = n;
  }
  return options;
}

const startServer = (env: NodeJS.ProcessEnv) => startBenchServer(path.join(__dirname, 'server.ts'), env);
const runLoad = (planPath: string, resultPath: string) =>
  runLoadGenerator(path.join(__dirname, 'load.ts'), planPath, resultPath);

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

async function backendLine(client: Client, loadAverage: number, temporal: StartedTemporal): Promise<string> {
  const cpus = os.cpus();
  return [
    await postgresBackend(client),
    `Temporal CLI dev server, SQLite in memory (${temporal.source}); ` +
      `the worker's relay polls every 200 ms and sends signal-with-start for up to 16 workflows side by side`,
    `${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), shared by PostgreSQL, Temporal, the API, ` +
      `the worker and the load generator; 1-min load average ${loadAverage.toFixed(2)} when the benchmark started`,
    `node ${process.version}; API pool ${POOL_SIZE} connections; NODE_ENV=production, LOG_LEVEL=warn`,
  ].join('\n         ');
}

interface Counts {
  versions: number;
  idempotency: number;
  outbox: number;
  audit: number;
  /** Rows of `workflow_signal_outbox` (how proposal workflows learn of versions). */
  signals: number;
}

async function counts(client: Client, callId: string): Promise<Counts> {
  const { rows } = await client.query<{
    versions: string;
    idempotency: string;
    outbox: string;
    audit: string;
    signals: string;
  }>(
    `SELECT (SELECT count(*) FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id WHERE p.call_id = $1)
        AS versions,
            (SELECT count(*) FROM idempotency_record WHERE scope = 'proposal.submit') AS idempotency,
            (SELECT count(*) FROM outbox_message WHERE kind = 'PROPOSAL_SUBMITTED') AS outbox,
            (SELECT count(*) FROM audit_event WHERE action = 'proposal.submitted') AS audit,
            (SELECT count(*) FROM workflow_signal_outbox) AS signals`,
    [callId],
  );
  return {
    versions: Number(rows[0].versions),
    idempotency: Number(rows[0].idempotency),
    outbox: Number(rows[0].outbox),
    audit: Number(rows[0].audit),
    signals: Number(rows[0].signals),
  };
}

/** Every receipt against the stored versions, then REPEATS acknowledged submissions again under their keys. */
async function verify(
  client: Client,
  baseUrl: string,
  callId: string,
  targets: RushTarget[],
  receipts: LoadResult['receipts'],
  workflows: { pass: boolean; summary: string },
): Promise<boolean> {
  const keyOf = (r: { proposalId: string; version: number; sha256: string }): string =>
    `${r.proposalId}:${r.version}:${r.sha256}`;
  const { rows: stored } = await client.query<{ proposalId: string; version: number; sha256: string }>(
    'SELECT v.proposal_id AS "proposalId", v.version, v.sha256 FROM proposal_version v ' +
      'JOIN proposal p ON p.id = v.proposal_id WHERE p.call_id = $1',
    [callId],
  );
  const storedCount = new Map<string, number>();
  for (const row of stored) storedCount.set(keyOf(row), (storedCount.get(keyOf(row)) ?? 0) + 1);
  const receiptCount = new Map<string, number>();
  for (const { receipt } of receipts) receiptCount.set(keyOf(receipt), (receiptCount.get(keyOf(receipt)) ?? 0) + 1);
  const matched = receipts.filter(
    ({ receipt }) => storedCount.get(keyOf(receipt)) === 1 && receiptCount.get(keyOf(receipt)) === 1,
  ).length;
  const lost = receipts.filter(({ receipt }) => !storedCount.has(keyOf(receipt))).length;
  const duplicatedReceipts = [...receiptCount.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
  const versionsPerProposal = new Map<string, number>();
  for (const row of stored) versionsPerProposal.set(row.proposalId, (versionsPerProposal.get(row.proposalId) ?? 0) + 1);
  const duplicatedVersions = [...versionsPerProposal.values()].reduce((a, n) => a + n - 1, 0);
  const unacknowledged = stored.filter((row) => !receiptCount.has(keyOf(row))).length;

  const before = await counts(client, callId);
  const sample = [...receipts];
  for (let i = 0; i < Math.min(REPEATS, sample.length); i += 1) {
    const j = i + Math.floor(Math.random() * (sample.length - i));
    [sample[i], sample[j]] = [sample[j], sample[i]];
  }
  let identical = 0;
  const repeats = sample.slice(0, REPEATS);
  const differing: string[] = [];
  for (const { target, receipt } of repeats) {
    const t = targets[target];
    const response = await fetch(`${baseUrl}/api/v1/proposals/${t.proposalId}/submit`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.token}`,
        'content-type': 'application/json',
        'idempotency-key': t.idempotencyKey,
      },
      body: JSON.stringify({ draftRevision: t.draftRevision }),
    });
    const body = (await response.json()) as Receipt;
    if (response.status === 201 && isDeepStrictEqual(body, receipt)) identical += 1;
    else if (differing.length < 3)
      differing.push(
        `${t.proposalId}: ${response.status} ${JSON.stringify(body)} (original ${JSON.stringify(receipt)})`,
      );
  }
  const after = await counts(client, callId);
  const created = {
    versions: after.versions - before.versions,
    idempotency: after.idempotency - before.idempotency,
    outbox: after.outbox - before.outbox,
    audit: after.audit - before.audit,
    signals: after.signals - before.signals,
  };
  const createdNothing = Object.values(created).every((n) => n === 0);

  const pass =
    matched === receipts.length &&
    stored.length === receipts.length &&
    lost === 0 &&
    duplicatedReceipts === 0 &&
    duplicatedVersions === 0 &&
    identical === repeats.length &&
    createdNothing &&
    workflows.pass;
  const lines = [
    'verification:',
    `  acknowledged (201 receipts)       ${receipts.length}`,
    `  stored versions of the call       ${stored.length}`,
    `  receipts matching exactly one stored version (proposal id, version, sha256): ${matched} / ${receipts.length}`,
    `  lost ${lost}, duplicated ${duplicatedReceipts + duplicatedVersions}, stored without a receipt ${unacknowledged}`,
    `  side effects of the rush: ${before.idempotency} idempotency records, ` +
      `${before.outbox} PROPOSAL_SUBMITTED outbox messages, ` +
      `${before.audit} proposal.submitted audit events, ${before.signals} workflow signal outbox rows`,
    `  repeats with the same Idempotency-Key: ${identical} / ${repeats.length} returned the identical receipt ` +
      `(201); created ${created.versions} versions, ${created.idempotency} idempotency records, ` +
      `${created.outbox} outbox messages, ${created.audit} audit events, ${created.signals} workflow signals`,
    ...differing.map((d) => `    differs: ${d}`),
    `  ${workflows.summary}`,
    `  verification: ${pass ? 'PASS' : 'FAIL'}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return pass;
}

export async function runDeadlineRush(args: string[]): Promise<boolean> {
  const options = parseDeadlineRushOptions(args);
  // What else keeps the CPUs busy (a test run in the same checkout lowers every figure).
  const loadAverage = os.loadavg()[0];
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'acie-deadline-rush-'));
  let database: StartedDatabase | undefined;
  let temporal: StartedTemporal | undefined;
  let connection: Connection | undefined;
  let server: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  let load: ChildProcess | undefined;
  let client: Client | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await client?.end().catch(() => undefined);
      await connection?.close().catch(() => undefined);
      if (load) await stopProcess(load, 'SIGTERM', 5_000);
      // The worker drains (stops polling, lets activities finish) before its pool closes.
      await Promise.all([
        server && stopProcess(server, 'SIGTERM', 20_000),
        worker && stopProcess(worker, 'SIGTERM', 30_000),
      ]);
      await temporal?.stop().catch((error: unknown) => log(`Temporal stop: ${(error as Error).message}`));
      await database?.stop().catch((error: unknown) => log(`PostgreSQL stop: ${(error as Error).message}`));
      rmSync(workDir, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the load, the API, the worker, Temporal and PostgreSQL`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(`${options.proposals} proposals, ${options.clients} concurrent clients`);
    let t0 = Date.now();
    database = await startTestDatabase(dirs, log);
    await runMigrations(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query(BENCH_INSERT_TABLE_SQL);
    log(`PostgreSQL ready and migrated in ${seconds(Date.now() - t0)} (${database.source})`);
    t0 = Date.now();
    temporal = await startTestTemporal(config, dirs, log);
    connection = await Connection.connect({ address: temporal.address });
    const temporalClient = new TemporalClient({ connection, namespace: TEMPORAL_NAMESPACE });
    log(`Temporal dev server (in memory) on ${temporal.address} in ${seconds(Date.now() - t0)} (${temporal.source})`);

    t0 = Date.now();
    const jwtSecret = randomBytes(32).toString('base64url');
    const fixture = await createRushFixture(database.url, options.proposals, jwtSecret);
    log(
      `fixtures in ${seconds(Date.now() - t0)}: an OPEN call (${REGION_A}, ` +
        `${REGION_B}; deadline ${fixture.submissionDeadline.toISOString()}), ` +
        `${options.proposals} eligible proposals of 3 ACCEPTED partners each, ` +
        `${options.proposals} applicants with access tokens`,
    );

    t0 = Date.now();
    const port = await freePort();
    const started = startServer({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE,
      LOG_LEVEL: 'warn',
      JWT_SECRET: jwtSecret,
      // The per-caller limit stays on (its cost is part of the stack measured; every client submits once);
      // the overall limit is a deployment's safety valve that would cap the bare-insert baseline.
      RATE_LIMIT_OVERALL_PER_SECOND: '0',
    });
    server = started.child;
    // The worker bundles the workflows meanwhile (the longest start); it must poll before the rush.
    const startedWorker = startWorker(ROOT, {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      MAIL_TRANSPORT: 'log',
      OUTBOX_POLL_INTERVAL_MS: '200',
    });
    worker = startedWorker.child;
    await started.ready;
    const baseUrl = `http://127.0.0.1:${port}`;
    log(
      `API listening on ${baseUrl} in ${seconds(Date.now() - t0)} (AppModule + configureApp + the bench insert module)`,
    );
    await waitForWorker(temporalClient, TEMPORAL_NAMESPACE, startedWorker.exited);
    log(
      `worker polling ${temporal.address} in ${seconds(Date.now() - t0)} ` +
        '(apps/worker/src/main.ts; its relay sends the workflow signals during the rush)',
    );

    const plan: LoadPlan = {
      baseUrl,
      clients: options.clients,
      warmup: Math.min(WARMUP_MAX, options.proposals),
      baselineRequests: options.proposals,
      targets: fixture.targets,
    };
    const planPath = path.join(workDir, 'plan.json');
    const resultPath = path.join(workDir, 'result.json');
    writeFileSync(planPath, JSON.stringify(plan));
    log('load generator started (a third process)\n');
    const loading = runLoad(planPath, resultPath);
    load = loading.child;
    await loading.done;
    const result = JSON.parse(readFileSync(resultPath, 'utf8')) as LoadResult;
    const { baseline, rush } = result;

    const ratio = rush.throughput / baseline.throughput;
    const allIn = rush.ok === options.proposals && rush.durationMs <= TARGET_DURATION_MS;
    const atSpecScale = options.proposals === SPEC_PROPOSALS && options.clients === SPEC_CLIENTS;
    const lines = [
      `ratio: rush ${rush.throughput.toFixed(1)} req/s / baseline ` +
        `${baseline.throughput.toFixed(1)} req/s = ${(ratio * 100).toFixed(1)} %`,
      `backend: ${await backendLine(client, loadAverage, temporal)}`,
      '',
      'targets (SPEC §7 P1' +
        (atSpecScale
          ? ''
          : `; defined for ${SPEC_PROPOSALS} proposals at ${SPEC_CLIENTS} clients, ` +
            `this run: ${options.proposals} at ${options.clients}`) +
        '):',
      `  all ${options.proposals} acknowledged in ≤ 5 min   ${rush.ok}/` +
        `${options.proposals} in ${seconds(rush.durationMs)}   ${verdict(allIn)}`,
      `  p99 < 1 s                         p99 ${rush.p99Ms.toFixed(1)} ms   ${verdict(rush.p99Ms < TARGET_P99_MS)}`,
      `  rush / baseline ≥ 20 %            ${(ratio * 100).toFixed(1)} %   ${verdict(ratio >= TARGET_RATIO)}`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    // The relay has been sending since the first submission; its timings come from PostgreSQL's clock.
    const workflows = await measureWorkflowLearning(
      client,
      temporalClient,
      result.receipts.map((r) => r.receipt),
      log,
      startedWorker.exited,
    );
    process.stdout.write(`${[...workflows.lines, ''].join('\n')}\n`);
    return await verify(client, baseUrl, fixture.callId, fixture.targets, result.receipts, workflows);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
    log('stopped the API, the worker, Temporal and PostgreSQL');
  }
}
