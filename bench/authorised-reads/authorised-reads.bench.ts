/**
 * SPEC §7 P5, authorised reads: `GET /proposals/{id}` and the call's proposal list at C concurrent
 * clients against a hello-world endpoint on the same stack and HTTP adapter measured in the same run
 * (throughput ratio ≥ 30 %, p99 < 150 ms). Starts its own PostgreSQL (fresh, migrated) and Temporal dev
 * server (in memory), seeds an OPEN call with a few thousand proposals over many organisations, starts
 * the API as a child process and the load generator as a second one; prints figures and the targets'
 * PASS/MISS; fails only when a read is refused (any non-200 under load) or the boundary checks fail
 * (cross-tenant reads must be 404, lists must hold exactly what the reader may see). The per-caller rate
 * limit is on at its production default (each client reads as principals of its own), and phase (e)
 * (SPEC §8) adds an abusive client: one applicant on 8 connections, which must get 429 with
 * `Retry-After` once over its limit while the other clients keep every answer 200 and their latency.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { AppConfig, loadRuntimeConfig } from '@app/config';
import { runMigrations } from '../../migrations/run-migrations';
import { freePort, stopProcess } from '../../scripts/runtime/process-tools';
import { resolveRuntimeDirs } from '../../scripts/runtime/runtime-dirs';
import {
  startTestDatabase,
  startTestTemporal,
  type StartedDatabase,
  type StartedTemporal,
} from '../../scripts/runtime/runtime-services';
import { compareReads } from './compare';
import { createReadsFixture, READ_REGIONS, type ReadsFixture } from './fixtures';
import type { AbuserSummary, ReadPhaseSummary, ReadsPlan, ReadsResult } from './protocol';
import { ms } from './report';
import { postgresBackend, runLoadGenerator, startBenchServer } from '../common/bench-processes';

const SPEC_CLIENTS = 64;
const POOL_SIZE = 20;
const TARGET_RATIO = 0.3;
const TARGET_P99_MS = 150;
const CROSS_TENANT_SAMPLE = 300;
const CHECK_CLIENTS = 8;
/** Phase (e): connections of the one abusive applicant (the rest of the C clients are well-behaved). */
const ABUSIVE_CONNECTIONS = 8;
/** The per-caller limit the API runs with here: the production default (the bench does not set it). */
const PER_CALLER_PER_MINUTE = new AppConfig().RATE_LIMIT_PER_CALLER_PER_MINUTE;
/** Phase (e)'s lead-in lasts until the abuser's first 429, at most this long (then it is measured anyway). */
const LEAD_IN_MAX_SECONDS = 120;
const TEMPORAL_NAMESPACE = 'default';

const log = (line: string): void => void process.stdout.write(`[authorised-reads] ${line}\n`);
const seconds = (value: number): string => `${(value / 1000).toFixed(1)} s`;
const verdict = (pass: boolean): string => (pass ? 'PASS' : 'MISS');

export interface AuthorisedReadsOptions {
  concurrency: number;
  seconds: number;
  warmup: number;
  proposals: number;
  organisations: number;
  pageSize: number;
  /** Another checkout to compare with (`compare.ts`): phases (a)–(c) against both APIs in alternating rounds. */
  compareWith?: string;
  rounds: number;
}

export function parseAuthorisedReadsOptions(args: string[]): AuthorisedReadsOptions {
  const options: AuthorisedReadsOptions = {
    concurrency: SPEC_CLIENTS,
    seconds: 20,
    warmup: 5,
    proposals: 3_000,
    organisations: 600,
    pageSize: 50,
    rounds: 4,
  };
  const flags: Record<string, { key: keyof AuthorisedReadsOptions; min: number; max?: number }> = {
    '--concurrency': { key: 'concurrency', min: 1 },
    '--seconds': { key: 'seconds', min: 1 },
    '--warmup': { key: 'warmup', min: 0 },
    '--proposals': { key: 'proposals', min: 10 },
    '--organisations': { key: 'organisations', min: 10 },
    '--page-size': { key: 'pageSize', min: 1, max: 200 },
    '--rounds': { key: 'rounds', min: 1 },
  };
  const known =
    '--concurrency C, --seconds S, --warmup S, --proposals N, --organisations O, --page-size L, ' +
    '--compare-with <checkout>, --rounds R';
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split('=', 2);
    if (flag === '--compare-with') {
      const dir = inline ?? args[(i += 1)];
      if (!dir || !existsSync(path.join(dir, 'bench', 'authorised-reads', 'server.ts')))
        throw new Error(`authorised-reads: --compare-with needs a checkout with bench/authorised-reads (got ${dir})`);
      options.compareWith = path.resolve(dir);
      continue;
    }
    const spec = flags[flag];
    if (!spec) throw new Error(`authorised-reads: unknown option ${flag} (known: ${known})`);
    const value = inline ?? args[(i += 1)];
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < spec.min || (spec.max !== undefined && n > spec.max)) {
      throw new Error(
        `authorised-reads: ${flag} needs an integer ≥ ${spec.min}` +
          `${spec.max !== undefined ? ` and ≤ ${spec.max}` : ''} (got ${String(value)})`,
      );
    }
    (options as unknown as Record<string, number>)[spec.key] = n;
  }
  return options;
}

const startServer = (env: NodeJS.ProcessEnv) => startBenchServer(path.join(__dirname, 'server.ts'), env);
const runLoad = (planPath: string, resultPath: string) =>
  runLoadGenerator(path.join(__dirname, 'load.ts'), planPath, resultPath);

async function backendLine(client: Client, loadAverage: number, temporal: StartedTemporal): Promise<string> {
  const cpus = os.cpus();
  return [
    await postgresBackend(client),
    `Temporal CLI dev server, SQLite in memory (${temporal.source}); not called by these reads`,
    `${cpus.length} CPU(s) (${cpus[0]?.model.trim() ?? 'unknown'}), shared by PostgreSQL, Temporal, ` +
      `the API and the load generator; 1-min load average ${loadAverage.toFixed(2)} when the benchmark started`,
    `node ${process.version}; HTTP adapter of apps/api (configureApp); ` +
      `API pool ${POOL_SIZE} connections; NODE_ENV=production, LOG_LEVEL=error`,
  ].join('\n         ');
}

interface Answer {
  status: number;
  body: unknown;
}

async function getJson(url: string, token: string): Promise<Answer> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** Runs `items` through `fn` on `clients` concurrent workers. */
async function each<T>(items: T[], clients: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(clients, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await fn(items[i]);
    }),
  );
}

interface ListedProposal {
  id: string;
  state: string;
  partners: Array<{ regionCode: string; eligibleCosts?: number }>;
}

/** Walks a reader's whole list; returns every item or the first non-200 status. */
async function walkList(
  api: string,
  callId: string,
  token: string,
  pageSize: number,
): Promise<{ items: ListedProposal[]; pages: number; failure?: string }> {
  const items: ListedProposal[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await getJson(
      `${api}/calls/${callId}/proposals?limit=${pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      token,
    );
    pages += 1;
    if (answer.status !== 200) return { items, pages, failure: `${answer.status} ${JSON.stringify(answer.body)}` };
    const page = answer.body as { items: ListedProposal[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, pages };
}

/**
 * The boundaries, untimed, after the load: reads by applicants of an organisation outside the proposal
 * must be 404 (drafts and submitted ones); a sample of authorised reads returns the proposal asked for;
 * the programme manager's list holds every submitted proposal once and no draft; each officer's list
 * holds exactly the submitted proposals with a partner in its region, budgets only of that region.
 */
async function verifyBoundaries(
  baseUrl: string,
  fixture: ReadsFixture,
  pageSize: number,
): Promise<{ pass: boolean; lines: string[] }> {
  const api = `${baseUrl}/api/v1`;
  const lines: string[] = ['boundaries (untimed):'];
  let pass = true;

  const crossStatuses: Record<string, number> = {};
  const leaks: string[] = [];
  await each(fixture.crossTenant, CHECK_CLIENTS, async (target) => {
    const answer = await getJson(`${api}/proposals/${target.proposalId}`, target.token);
    crossStatuses[answer.status] = (crossStatuses[answer.status] ?? 0) + 1;
    if (answer.status !== 404 && leaks.length < 3)
      leaks.push(`${target.proposalId} (${target.state}): ${answer.status}`);
  });
  const notFound = crossStatuses['404'] ?? 0;
  const drafts = fixture.crossTenant.filter((t) => t.state === 'DRAFT').length;
  const crossPass = notFound === fixture.crossTenant.length;
  pass &&= crossPass;
  lines.push(
    '  (d) cross-tenant GET /proposals/{id} by an applicant whose organisation is not ' +
      `in it: ${notFound} / ${fixture.crossTenant.length} × 404 ` +
      `(${fixture.crossTenant.length - drafts} submitted, ${drafts} drafts; ` +
      `statuses ${JSON.stringify(crossStatuses)})   ${crossPass ? 'PASS' : 'FAIL'}`,
    ...leaks.map((l) => `    answered: ${l}`),
  );

  const sample = fixture.reads
    .filter((_, i) => i % Math.max(1, Math.floor(fixture.reads.length / CROSS_TENANT_SAMPLE)) === 0)
    .slice(0, CROSS_TENANT_SAMPLE);
  let matching = 0;
  await each(sample, CHECK_CLIENTS, async (target) => {
    const answer = await getJson(`${api}/proposals/${target.proposalId}`, target.token);
    if (answer.status === 200 && (answer.body as { id?: string }).id === target.proposalId) matching += 1;
  });
  const readPass = matching === sample.length;
  pass &&= readPass;
  lines.push(
    `  authorised GET /proposals/{id}: ${matching} / ${sample.length} sampled reads answered ` +
      `200 with the proposal asked for   ${readPass ? 'PASS' : 'FAIL'}`,
  );

  const pm = await walkList(api, fixture.callId, fixture.programmeManager.token, pageSize);
  const pmIds = new Set(pm.items.map((p) => p.id));
  const pmPass =
    !pm.failure &&
    pm.items.length === fixture.submitted &&
    pmIds.size === pm.items.length &&
    pm.items.every((p) => p.state !== 'DRAFT');
  pass &&= pmPass;
  lines.push(
    `  programme manager's list: ${pm.items.length} items in ${pm.pages} pages, ` +
      `${pmIds.size} distinct, expected ${fixture.submitted} submitted, ` +
      `no draft${pm.failure ? `; failed: ${pm.failure}` : ''}   ${pmPass ? 'PASS' : 'FAIL'}`,
  );
  for (const officer of fixture.officers) {
    const walked = await walkList(api, fixture.callId, officer.token, pageSize);
    const ids = new Set(walked.items.map((p) => p.id));
    const inRegion = walked.items.every(
      (p) => p.state !== 'DRAFT' && p.partners.some((partner) => partner.regionCode === officer.regionCode),
    );
    const budgetsHidden = walked.items.every((p) =>
      p.partners.every((partner) => partner.regionCode === officer.regionCode || partner.eligibleCosts === undefined),
    );
    const expected = fixture.submittedByRegion[officer.regionCode];
    const ok =
      !walked.failure &&
      walked.items.length === expected &&
      ids.size === walked.items.length &&
      inRegion &&
      budgetsHidden;
    pass &&= ok;
    lines.push(
      `  ${officer.label} list: ${walked.items.length} items in ${walked.pages} pages, ` +
        `expected ${expected} (submitted with a partner of ${officer.regionCode}); ` +
        `all of its region ${inRegion ? 'yes' : 'NO'}, other regions' budgets hidden ` +
        `${budgetsHidden ? 'yes' : 'NO'}` +
        `${walked.failure ? `; failed: ${walked.failure}` : ''}   ${ok ? 'PASS' : 'FAIL'}`,
    );
  }
  return { pass, lines };
}

/** Phase (e)'s figures: the abuser's answers, the well-behaved clients' latency against (b)'s and the P5 bound. */
function abuseLines(
  abuser: AbuserSummary,
  leadIn: ReadPhaseSummary,
  wellBehaved: ReadPhaseSummary,
  alone: ReadPhaseSummary,
  concurrency: number,
): string[] {
  const at = (value: number | undefined): string => (value === undefined ? '–' : seconds(value));
  const clients = Math.max(1, concurrency - ABUSIVE_CONNECTIONS);
  const ratio = wellBehaved.p99Ms / alone.p99Ms;
  return [
    `(e) abusive client (SPEC §8: one applicant on ${ABUSIVE_CONNECTIONS} connections ` +
      'hammering GET /api/v1/proposals/{id} of a proposal it may read, ' +
      `beside ${clients} well-behaved clients; limit ${PER_CALLER_PER_MINUTE} per caller per minute):`,
    `  abuser         ${abuser.count} requests in ${seconds(abuser.durationMs)} (` +
      `${(abuser.count / (abuser.durationMs / 1000)).toFixed(1)} req/s): ` +
      `${abuser.ok} × 200, ${abuser.tooMany} × 429` +
      `${Object.keys(abuser.other).length ? `, other ${JSON.stringify(abuser.other)}` : ''}; ` +
      `expected ${PER_CALLER_PER_MINUTE} × 200 per started minute, then 429`,
    `                 lead-in ${seconds(abuser.leadInMs)} (until its first 429); measured part: ` +
      `${abuser.measured.count} requests, ${abuser.measured.ok} × 200, ${abuser.measured.tooMany} × 429 ` +
      `(${(abuser.measured.count / (wellBehaved.durationMs / 1000)).toFixed(1)} req/s)`,
    `                 last 200 at ${at(abuser.lastOkAtMs)}, first 429 at ` +
      `${at(abuser.firstTooManyAtMs)}; Retry-After ${abuser.retryAfterFirst ?? '–'} s on the first 429, ` +
      `${abuser.retryAfterLast ?? '–'} s on the last; latency p50 ${ms(abuser.p50Ms)} p99 ${ms(abuser.p99Ms)}`,
    ...(abuser.sample
      ? [`                 first 429: ${abuser.sample.contentType ?? 'no content type'} ${abuser.sample.body}`]
      : []),
    `  well-behaved   lead-in (abuser still answered 200): ${leadIn.count} requests, ` +
      `${leadIn.throughput.toFixed(1)} req/s; p50 ${ms(leadIn.p50Ms)}   p99 ${ms(leadIn.p99Ms)}`,
    `  well-behaved   measured (abuser refused): ${wellBehaved.count} requests (${wellBehaved.ok} × 200) ` +
      `by ${clients} clients in ${seconds(wellBehaved.durationMs)}, ${wellBehaved.throughput.toFixed(1)} req/s; ` +
      `latency p50 ${ms(wellBehaved.p50Ms)}   p95 ${ms(wellBehaved.p95Ms)}   p99 ` +
      `${ms(wellBehaved.p99Ms)}   max ${ms(wellBehaved.maxMs)}`,
    `  p99 beside the abuser ${ms(wellBehaved.p99Ms)} = ${ratio.toFixed(2)} × (b)'s ${ms(alone.p99Ms)} (` +
      `${concurrency} clients, no abuser); < ${TARGET_P99_MS} ms (P5) ` +
      `  ${verdict(wellBehaved.p99Ms < TARGET_P99_MS)}`,
    // Where the CPU went in the measured part: the well-behaved reads at (b)'s cost each, the rest is the refusals'.
    `  CPU            measured part: API ${seconds(wellBehaved.cpuMs.api)}, ` +
      `load generator ${seconds(wellBehaved.cpuMs.load)} of ` +
      `${seconds(os.cpus().length * wellBehaved.durationMs)} on ${os.cpus().length} cores; ` +
      'a refused request ≈ ' +
      (
        Math.max(0, wellBehaved.cpuMs.api - wellBehaved.count * (alone.cpuMs.api / Math.max(1, alone.count))) /
        Math.max(1, abuser.measured.count)
      ).toFixed(2) +
      ' ms of API CPU ' +
      `against ${(alone.cpuMs.api / Math.max(1, alone.count)).toFixed(2)} ms for a read in (b)`,
  ];
}

/**
 * Phase (e) must show the limit working: the abuser got 429s, no more 200s than the limit allows in the
 * minutes the phase ran, nothing but 200 and 429, every 429 problem+json with a `Retry-After` in
 * seconds; and every answer to a well-behaved client was 200.
 */
function verifyAbuse(
  abuser: AbuserSummary,
  leadIn: ReadPhaseSummary,
  wellBehaved: ReadPhaseSummary,
): { pass: boolean; lines: string[] } {
  const minutes = Math.floor(abuser.durationMs / 60_000) + 1;
  const limited = abuser.tooMany > 0 && abuser.ok <= PER_CALLER_PER_MINUTE * minutes;
  const proper =
    abuser.tooMany > 0 &&
    Object.keys(abuser.other).length === 0 &&
    abuser.retryAfterMissing === 0 &&
    abuser.sample?.contentType?.startsWith('application/problem+json') === true;
  const others = wellBehaved.ok === wellBehaved.count && leadIn.ok === leadIn.count;
  const errors = { ...leadIn.errors, ...wellBehaved.errors };
  return {
    pass: limited && proper && others,
    lines: [
      `  (e) abuser limited: ${abuser.ok} × 200 ≤ ${PER_CALLER_PER_MINUTE} × ${minutes} ` +
        `started minute(s), ${abuser.tooMany} × 429   ${limited ? 'PASS' : 'FAIL'}`,
      `  (e) abuser's refusals all 429 problem+json with Retry-After: ` +
        `${abuser.tooMany - abuser.retryAfterMissing} / ${abuser.tooMany} with ` +
        `Retry-After, first one ${abuser.sample?.contentType ?? '–'}` +
        `${Object.keys(abuser.other).length ? `; other answers ${JSON.stringify(abuser.other)}` : ''}` +
        `   ${proper ? 'PASS' : 'FAIL'}`,
      `  (e) every well-behaved answer 200: ${leadIn.ok}/${leadIn.count} in the lead-in, ` +
        `${wellBehaved.ok}/${wellBehaved.count} measured` +
        `${others ? '' : ` ${JSON.stringify(errors)}`}   ${others ? 'PASS' : 'FAIL'}`,
    ],
  };
}

export async function runAuthorisedReads(args: string[]): Promise<boolean> {
  const options = parseAuthorisedReadsOptions(args);
  // What else keeps the CPUs busy (a test run in the same checkout lowers every figure).
  const loadAverage = os.loadavg()[0];
  const config = loadRuntimeConfig();
  const dirs = resolveRuntimeDirs(config);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'acie-authorised-reads-'));
  let database: StartedDatabase | undefined;
  let temporal: StartedTemporal | undefined;
  let server: ChildProcess | undefined;
  let other: ChildProcess | undefined;
  let load: ChildProcess | undefined;
  let client: Client | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaning ??= (async () => {
      await client?.end().catch(() => undefined);
      if (load) await stopProcess(load, 'SIGTERM', 5_000);
      if (server) await stopProcess(server, 'SIGTERM', 20_000);
      if (other) await stopProcess(other, 'SIGTERM', 20_000);
      await temporal?.stop().catch((error: unknown) => log(`Temporal stop: ${(error as Error).message}`));
      await database?.stop().catch((error: unknown) => log(`PostgreSQL stop: ${(error as Error).message}`));
      rmSync(workDir, { recursive: true, force: true });
    })());
  const onSignal = (signal: NodeJS.Signals): void => {
    log(`${signal}: stopping the load, the API, Temporal and PostgreSQL`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(
      `${options.concurrency} concurrent clients, ` +
        `${options.seconds} s per phase after ${options.warmup} s of warm-up; ` +
        `${options.proposals} proposals over ${options.organisations} organisations, list pages of ${options.pageSize}`,
    );
    let t0 = Date.now();
    database = await startTestDatabase(dirs, log);
    await runMigrations(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
    log(`PostgreSQL ready and migrated in ${seconds(Date.now() - t0)} (${database.source})`);
    t0 = Date.now();
    temporal = await startTestTemporal(config, dirs, log);
    log(`Temporal dev server (in memory) on ${temporal.address} in ${seconds(Date.now() - t0)} (${temporal.source})`);

    t0 = Date.now();
    const jwtSecret = randomBytes(32).toString('base64url');
    // One list reader per client (per-caller rate limit): C programme managers, C / 4 officers per region.
    const officersPerRegion = Math.ceil(options.concurrency / READ_REGIONS.length);
    const fixture = await createReadsFixture(
      database.url,
      {
        proposals: options.proposals,
        organisations: options.organisations,
        crossTenant: CROSS_TENANT_SAMPLE,
        programmeManagers: options.concurrency,
        officersPerRegion,
      },
      jwtSecret,
    );
    log(
      `fixtures in ${seconds(Date.now() - t0)}: an OPEN call (${READ_REGIONS.join(', ')}` +
        `; one agency each with ${officersPerRegion} officer(s)), ` +
        `${fixture.listProgrammeManagers.length} programme managers, ` +
        `${fixture.organisations} organisations with one applicant each (and a second, abusive, ` +
        `applicant of one), ${fixture.proposals} proposals of ${fixture.partnersPerProposal} partners ` +
        `(${fixture.submitted} SUBMITTED, ${fixture.proposals - fixture.submitted} DRAFT; ` +
        `submitted per region ${JSON.stringify(fixture.submittedByRegion)})`,
    );

    t0 = Date.now();
    const port = await freePort();
    const [databaseUrl, temporalAddress] = [database.url, temporal.address];
    const apiEnv = (apiPort: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // `BENCH_API_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=…'` profiles the API process(es).
      ...(process.env.BENCH_API_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS } : {}),
      NODE_ENV: 'production',
      PORT: String(apiPort),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE,
      LOG_LEVEL: 'error',
      JWT_SECRET: jwtSecret,
      // The per-caller limit stays at its production default (RATE_LIMIT_PER_CALLER_PER_MINUTE not set):
      // every client reads as principals of its own, far below it; phase (e)'s abuser runs into it.
      // The overall limit (per process) would cap the hello-world baseline, which is the measure of the
      // targets, so it is off.
      RATE_LIMIT_OVERALL_PER_SECOND: '0',
    });
    const started = startServer(apiEnv(port));
    server = started.child;
    await started.ready;
    const baseUrl = `http://127.0.0.1:${port}`;
    log(
      `API listening on ${baseUrl} in ${seconds(Date.now() - t0)} (AppModule ` +
        '+ configureApp + the bench hello-world module; ' +
        `rate limit per caller ${PER_CALLER_PER_MINUTE}/min (production default), overall off)`,
    );

    const plan: ReadsPlan = {
      baseUrl,
      serverPid: server.pid!,
      databaseUrl: database.url,
      clients: options.concurrency,
      seconds: options.seconds,
      warmupSeconds: options.warmup,
      callId: fixture.callId,
      pageSize: options.pageSize,
      helloTokens: [...new Set(fixture.reads.map((r) => r.token))],
      reads: fixture.reads,
      programmeManagers: fixture.listProgrammeManagers,
      officers: fixture.listOfficers,
      abuse: {
        connections: ABUSIVE_CONNECTIONS,
        wellBehaved: Math.max(1, options.concurrency - ABUSIVE_CONNECTIONS),
        leadInMaxSeconds: LEAD_IN_MAX_SECONDS,
        target: fixture.abuser,
      },
    };
    if (options.compareWith) {
      const otherPort = await freePort();
      const otherStarted = startBenchServer(
        path.join(options.compareWith, 'bench', 'authorised-reads', 'server.ts'),
        apiEnv(otherPort),
        options.compareWith,
      );
      other = otherStarted.child;
      await otherStarted.ready;
      log(`second API (${options.compareWith}) listening on http://127.0.0.1:${otherPort}\n`);
      const { baseUrl: _a, serverPid: _p, ...shared } = plan;
      const compared = await compareReads({
        apis: [
          { label: 'A', checkout: path.resolve(__dirname, '..', '..'), baseUrl, pid: server.pid! },
          { label: 'B', checkout: options.compareWith, baseUrl: `http://127.0.0.1:${otherPort}`, pid: other.pid! },
        ],
        plan: shared,
        rounds: options.rounds,
        workDir,
        writePlan: (file, roundPlan) => writeFileSync(file, JSON.stringify(roundPlan)),
        runLoad: (planFile, resultFile) => runLoad(planFile, resultFile).done,
        log,
      });
      process.stdout.write(`${compared.lines.join('\n')}\n`);
      return compared.pass;
    }
    const planPath = path.join(workDir, 'plan.json');
    const resultPath = path.join(workDir, 'result.json');
    writeFileSync(planPath, JSON.stringify(plan));
    log('load generator started (a second process)\n');
    const loading = runLoad(planPath, resultPath);
    load = loading.child;
    await loading.done;
    const { phases, listWalks } = JSON.parse(readFileSync(resultPath, 'utf8')) as ReadsResult;

    const reads: Array<[string, ReadPhaseSummary]> = [
      ['GET /proposals/{id} (applicants)', phases.proposal],
      ['GET /calls/{id}/proposals (programme managers)', phases.listProgrammeManager],
      ['GET /calls/{id}/proposals (agency officers)', phases.listOfficer],
    ];
    const base = phases.hello;
    const atSpecScale = options.concurrency === SPEC_CLIENTS;
    const width = Math.max(...reads.map(([label]) => label.length));
    const lines = [
      `list walks: ${listWalks.completed} walked to the last page, ${listWalks.items} items read in the list phases`,
      `backend: ${await backendLine(client, loadAverage, temporal)}`,
      '',
      `targets (SPEC §7 P5: ≥ 30 % of hello world's ${base.throughput.toFixed(1)} req/s ` +
        `(p99 ${ms(base.p99Ms)}), p99 < 150 ms` +
        `${atSpecScale ? '' : `; defined at ${SPEC_CLIENTS} clients, this run: ${options.concurrency}`}):`,
      ...reads.flatMap(([label, s]) => {
        const ratio = s.throughput / base.throughput;
        return [
          `  ${label.padEnd(width)}   ${s.throughput.toFixed(1)} req/s = ` +
            `${(ratio * 100).toFixed(1)} % of hello world   ${verdict(ratio >= TARGET_RATIO)}` +
            `   p99 ${ms(s.p99Ms)}   ${verdict(s.p99Ms < TARGET_P99_MS)}`,
        ];
      }),
      '',
      ...abuseLines(phases.abuser, phases.abuseLeadIn, phases.abuseWellBehaved, phases.proposal, options.concurrency),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    const all = [phases.hello, ...reads.map(([, s]) => s)];
    const refused = all.filter((s) => s.ok !== s.count);
    const abuse = verifyAbuse(phases.abuser, phases.abuseLeadIn, phases.abuseWellBehaved);
    const loadLines = [
      'verification:',
      '  every answer under load 200 ((a)–(c)): ' +
        `${all.map((s) => `${s.ok}/${s.count}`).join(', ')}   ${refused.length ? 'FAIL' : 'PASS'}`,
      ...refused.map((s) => `    ${s.name}: ${JSON.stringify(s.errors)}`),
      ...abuse.lines,
    ];
    const boundaries = await verifyBoundaries(baseUrl, fixture, options.pageSize);
    const pass = refused.length === 0 && abuse.pass && boundaries.pass;
    process.stdout.write(
      `${[...loadLines, ...boundaries.lines, `  verification: ${pass ? 'PASS' : 'FAIL'}`].join('\n')}\n`,
    );
    return pass;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanup();
    log('stopped the API, Temporal and PostgreSQL');
  }
}
