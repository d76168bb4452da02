/**
 * The load generator of the authorised reads: a process of its own (so that its work is not on the
 * server's event loop), C concurrent clients on Node's built-in `fetch` (undici, keep-alive), each
 * sending its next request as soon as the previous answer's body is read, for a fixed time per phase.
 * Phases: warm-up (mixed, not counted), the hello-world baseline, `GET /proposals/{id}` by applicants of
 * the proposal, `GET /calls/{id}/proposals` walked page by page as programme managers and as agency
 * officers (one reader per client, so that no legitimate client exceeds the per-caller rate limit), and
 * (e) the proposal reads of C − 8 well-behaved clients beside 8 connections of one abusive applicant
 * hammering one proposal. Every answer other than 200 is counted by status. Prints each phase, writes
 * the summaries.
 *
 *   node -r @swc-node/register bench/authorised-reads/load.ts <plan.json> <result.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { percentile, summarise } from '../deadline-rush/stats';
import type { AbuserSummary, ListReader, ReadPhaseSummary, ReadsPlan, ReadsResult } from './protocol';
import { formatReadPhase } from './report';

const REQUEST_TIMEOUT_MS = 60_000;

interface Answer {
  status: number;
  /** The body as text (read in full: the latency is request sent → body read). */
  text?: string;
  /** Network error or timeout. */
  failure?: string;
  /** Of a 429: its `Retry-After` and `Content-Type` headers. */
  retryAfter?: string | null;
  contentType?: string | null;
}

async function get(url: string, token: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 429) return { status: response.status, text };
    return {
      status: response.status,
      text,
      retryAfter: response.headers.get('retry-after'),
      contentType: response.headers.get('content-type'),
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, failure: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name) };
  }
}

function errorKey(answer: Answer): string {
  if (answer.status === 0) return `network ${answer.failure ?? 'error'}`;
  try {
    const code = (JSON.parse(answer.text ?? '') as { code?: unknown }).code;
    return typeof code === 'string' ? `${answer.status} ${code}` : String(answer.status);
  } catch {
    return String(answer.status);
  }
}

const TICK_MS = 10; // Linux USER_HZ = 100

/** CPU time so far (user + system, ms) of the API process (from /proc) and of this load generator. */
function cpuNow(pid: number): { api: number; load: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const usage = process.cpuUsage();
  return { api: (Number(fields[11]) + Number(fields[12])) * TICK_MS, load: (usage.user + usage.system) / 1000 };
}

const cpuSince = (from: { api: number; load: number }, pid: number): { api: number; load: number } => {
  const now = cpuNow(pid);
  return { api: now.api - from.api, load: now.load - from.load };
};

/** PostgreSQL's committed transactions of the database so far (after the backends' next flush). */
async function transactions(db: Client): Promise<number> {
  await sleep(1_500);
  const { rows } = await db.query<{ n: string }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].n);
}

/**
 * Runs `clients` concurrent clients for `seconds`; each calls `request(client)` in a loop. Requests
 * started before the end are all counted (the phase's duration runs until the last answer).
 */
async function phase(
  db: Client,
  serverPid: number,
  name: string,
  seconds: number,
  clients: number,
  request: (client: number) => Promise<Answer>,
): Promise<ReadPhaseSummary> {
  const before = await transactions(db);
  const cpuBefore = cpuNow(serverPid);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const answer = await request(client);
        latencies.push(performance.now() - t0);
        if (answer.status === 200) {
          ok += 1;
        } else {
          const key = errorKey(answer);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  const durationMs = performance.now() - started;
  const cpuMs = cpuSince(cpuBefore, serverPid);
  // Minus the first counter read itself (flushed meanwhile; the second one is not counted yet).
  const dbTransactions = (await transactions(db)) - before - 1;
  const values = Float64Array.from(latencies);
  const summary = summarise(name, values, ok, durationMs, errors);
  return { ...summary, p95Ms: percentile(values.sort(), 95), dbTransactions, cpuMs };
}

/** PostgreSQL's committed transactions so far, without waiting for a flush (off by up to a second of traffic). */
async function transactionsNow(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  return Number(rows[0].n);
}

/**
 * Phase (e): `wellBehaved` clients send `request` in a loop while `connections` loops of one abusive
 * caller send `abusive` as fast as they get answers. A lead-in runs until the abuser's first 429 (at
 * most `leadInMaxSeconds`): at 8 of 64 connections it takes a share of the API's throughput, which on a
 * small machine takes longer than a phase to use up its minute's budget. Then `seconds` are measured,
 * every client still running: the well-behaved clients' answers and latency, and the abuser's answers
 * over both parts. A request counts in the part in which it was sent.
 */
async function abusePhase(
  db: Client,
  serverPid: number,
  input: { name: string; seconds: number; leadInMaxSeconds: number; wellBehaved: number; connections: number },
  request: () => Promise<Answer>,
  abusive: () => Promise<Answer>,
): Promise<{ leadIn: ReadPhaseSummary; measured: ReadPhaseSummary; abuser: AbuserSummary }> {
  const before = await transactions(db);
  const cpuBefore = cpuNow(serverPid);
  let cpuMiddle = cpuBefore;
  const parts = [0, 1].map(() => ({ latencies: [] as number[], ok: 0, errors: {} as Record<string, number> }));
  const abuserLatencies: number[] = [];
  const abuser: AbuserSummary = {
    count: 0,
    ok: 0,
    tooMany: 0,
    other: {},
    durationMs: 0,
    retryAfterMissing: 0,
    p50Ms: 0,
    p99Ms: 0,
    leadInMs: 0,
    measured: { count: 0, ok: 0, tooMany: 0 },
  };
  const started = performance.now();
  let part = 0;
  let measuredFrom = Number.POSITIVE_INFINITY;
  let end = started + input.leadInMaxSeconds * 1000 + input.seconds * 1000;
  let middle: Promise<number> | undefined;
  const measure = (): void => {
    if (part === 1) return;
    part = 1;
    measuredFrom = performance.now();
    end = measuredFrom + input.seconds * 1000;
    middle = transactionsNow(db);
    cpuMiddle = cpuNow(serverPid);
  };
  const current = (): number => {
    if (part === 0 && performance.now() - started >= input.leadInMaxSeconds * 1000) measure();
    return part;
  };
  await Promise.all([
    ...Array.from({ length: input.wellBehaved }, async () => {
      while (performance.now() < end) {
        const p = parts[current()];
        const t0 = performance.now();
        const answer = await request();
        p.latencies.push(performance.now() - t0);
        if (answer.status === 200) {
          p.ok += 1;
        } else {
          const key = errorKey(answer);
          p.errors[key] = (p.errors[key] ?? 0) + 1;
        }
      }
    }),
    ...Array.from({ length: input.connections }, async () => {
      while (performance.now() < end) {
        const inMeasured = current() === 1;
        const t0 = performance.now();
        const answer = await abusive();
        const t1 = performance.now();
        abuserLatencies.push(t1 - t0);
        abuser.count += 1;
        if (inMeasured) abuser.measured.count += 1;
        if (answer.status === 200) {
          abuser.ok += 1;
          if (inMeasured) abuser.measured.ok += 1;
          abuser.lastOkAtMs = t1 - started;
        } else if (answer.status === 429) {
          abuser.tooMany += 1;
          if (inMeasured) abuser.measured.tooMany += 1;
          abuser.firstTooManyAtMs ??= t1 - started;
          abuser.sample ??= { contentType: answer.contentType ?? null, body: answer.text ?? '' };
          if (!/^[1-9]\d*$/.test(answer.retryAfter ?? '')) abuser.retryAfterMissing += 1;
          abuser.retryAfterFirst ??= answer.retryAfter ?? 'missing';
          abuser.retryAfterLast = answer.retryAfter ?? 'missing';
          measure();
        } else {
          const key = errorKey(answer);
          abuser.other[key] = (abuser.other[key] ?? 0) + 1;
        }
      }
    }),
  ]);
  const finished = performance.now();
  const cpuAfter = cpuNow(serverPid);
  const after = await transactions(db);
  const atMiddle = (await middle) ?? after;
  abuser.durationMs = finished - started;
  abuser.leadInMs = Math.min(measuredFrom, finished) - started;
  const sortedAbuser = Float64Array.from(abuserLatencies).sort();
  abuser.p50Ms = percentile(sortedAbuser, 50);
  abuser.p99Ms = percentile(sortedAbuser, 99);
  const summary = (
    name: string,
    p: (typeof parts)[number],
    durationMs: number,
    dbTransactions: number,
    cpuMs: { api: number; load: number },
  ): ReadPhaseSummary => {
    const values = Float64Array.from(p.latencies);
    return {
      ...summarise(name, values, p.ok, durationMs, p.errors),
      p95Ms: percentile(values.sort(), 95),
      dbTransactions,
      cpuMs,
    };
  };
  const between = (a: { api: number; load: number }, b: { api: number; load: number }) => ({
    api: b.api - a.api,
    load: b.load - a.load,
  });
  return {
    leadIn: summary(
      `${input.name}, lead-in until the abuser's first 429 (not the measure)`,
      parts[0],
      abuser.leadInMs,
      atMiddle - before,
      between(cpuBefore, cpuMiddle),
    ),
    measured: summary(
      input.name,
      parts[1],
      finished - Math.min(measuredFrom, finished),
      after - atMiddle - 1,
      between(cpuMiddle, cpuAfter),
    ),
    abuser,
  };
}

async function main(): Promise<void> {
  const [planPath, resultPath] = process.argv.slice(2);
  if (!planPath || !resultPath) throw new Error('usage: load.ts <plan.json> <result.json>');
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as ReadsPlan;
  const db = new Client({ connectionString: plan.databaseUrl });
  await db.connect();
  const api = `${plan.baseUrl}/api/v1`;
  const any = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

  const hello = (): Promise<Answer> => get(`${api}/bench/hello`, any(plan.helloTokens));
  const proposal = (): Promise<Answer> => {
    const target = any(plan.reads);
    return get(`${api}/proposals/${target.proposalId}`, target.token);
  };
  // Each client walks the call's list page by page (limit, cursor) and starts over at the end.
  const listWalks = { completed: 0, items: 0 };
  const lister = (readers: (client: number) => ListReader): ((client: number) => Promise<Answer>) => {
    const cursors = new Map<number, string | null>();
    return async (client) => {
      const cursor = cursors.get(client) ?? null;
      const query = `limit=${plan.pageSize}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await get(`${api}/calls/${plan.callId}/proposals?${query}`, readers(client).token);
      if (answer.status === 200) {
        const page = JSON.parse(answer.text ?? '{}') as { items?: unknown[]; nextCursor?: string | null };
        listWalks.items += page.items?.length ?? 0;
        if (!page.nextCursor) listWalks.completed += 1;
        cursors.set(client, page.nextCursor ?? null);
      } else {
        cursors.set(client, null);
      }
      return answer;
    };
  };

  if (plan.warmupSeconds > 0) {
    const mixed = [
      hello,
      proposal,
      lister((c) => plan.programmeManagers[c % plan.programmeManagers.length]),
      lister((c) => plan.officers[c % plan.officers.length]),
    ];
    const warm = await phase(db, plan.serverPid, 'warm-up', plan.warmupSeconds, plan.clients, (client) =>
      mixed[client % mixed.length](client),
    );
    process.stdout.write(
      `warm-up: ${warm.count} mixed requests in ${(warm.durationMs / 1000).toFixed(2)} s (not counted)\n\n`,
    );
    listWalks.completed = 0;
    listWalks.items = 0;
  }

  const print = (summary: ReadPhaseSummary): ReadPhaseSummary => {
    process.stdout.write(`${formatReadPhase(summary).join('\n')}\n\n`);
    return summary;
  };
  const phases: Omit<ReadsResult['phases'], 'abuseLeadIn' | 'abuseWellBehaved' | 'abuser'> = {
    hello: print(
      await phase(
        db,
        plan.serverPid,
        '(a) baseline: hello world (GET /api/v1/bench/hello, same stack), applicants',
        plan.seconds,
        plan.clients,
        hello,
      ),
    ),
    proposal: print(
      await phase(
        db,
        plan.serverPid,
        '(b) GET /api/v1/proposals/{id}, applicants of an organisation in the proposal',
        plan.seconds,
        plan.clients,
        proposal,
      ),
    ),
    listProgrammeManager: print(
      await phase(
        db,
        plan.serverPid,
        `(c) GET /api/v1/calls/{id}/proposals?limit=${plan.pageSize}&cursor=…, ` +
          `programme managers (${plan.programmeManagers.length}, ` +
          `client k uses k mod ${plan.programmeManagers.length})`,
        plan.seconds,
        plan.clients,
        lister((client) => plan.programmeManagers[client % plan.programmeManagers.length]),
      ),
    ),
    listOfficer: print(
      await phase(
        db,
        plan.serverPid,
        `(c) GET /api/v1/calls/{id}/proposals?limit=${plan.pageSize}&cursor=…, ` +
          `agency officers (${plan.officers.length}, client k uses k mod ${plan.officers.length}; their region's)`,
        plan.seconds,
        plan.clients,
        lister((client) => plan.officers[client % plan.officers.length]),
      ),
    ),
  };
  if (plan.readsOnly) {
    await db.end();
    writeFileSync(resultPath, JSON.stringify({ phases, listWalks }));
    return;
  }
  // (e) The well-behaved clients of (b) beside one abusive applicant on `abuse.connections` connections.
  const { target } = plan.abuse;
  const abused = await abusePhase(
    db,
    plan.serverPid,
    {
      name:
        `(e) GET /api/v1/proposals/{id}, ${plan.abuse.wellBehaved} well-behaved clients (applicants as in ` +
        `(b)) beside ${plan.abuse.connections} connections of one abusive applicant`,
      seconds: plan.seconds,
      leadInMaxSeconds: plan.abuse.leadInMaxSeconds,
      wellBehaved: plan.abuse.wellBehaved,
      connections: plan.abuse.connections,
    },
    proposal,
    () => get(`${api}/proposals/${target.proposalId}`, target.token),
  );
  print(abused.leadIn);
  print(abused.measured);
  await db.end();
  const result: ReadsResult = {
    phases: { ...phases, abuseLeadIn: abused.leadIn, abuseWellBehaved: abused.measured, abuser: abused.abuser },
    listWalks,
  };
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `authorised-reads load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
