/**
 * The load generator of the authorised reads: a process of its own (so that its work is not on the
 * server's event loop), C concurrent clients on Node's built-in `fetch` (undici, keep-alive), each
 * sending its next request as soon as the previous answer's body is read, for a fixed time per phase.
 * Phases: warm-up (mixed, not counted), the hello-world baseline, `GET /proposals/{id}` by applicants of
 * the proposal, `GET /calls/{id}/proposals` walked page by page as the programme manager and as agency
 * officers. Every answer other than 200 is counted by status. Prints each phase, writes the summaries.
 *
 *   node -r @swc-node/register bench/authorised-reads/load.ts <plan.json> <result.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { percentile, summarise } from '../deadline-rush/stats';
import type { ListReader, ReadPhaseSummary, ReadsPlan, ReadsResult } from './protocol';
import { formatReadPhase } from './report';

const REQUEST_TIMEOUT_MS = 60_000;

interface Answer {
  status: number;
  /** The body as text (read in full: the latency is request sent → body read). */
  text?: string;
  /** Network error or timeout. */
  failure?: string;
}

async function get(url: string, token: string): Promise<Answer> {
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    return { status: response.status, text: await response.text() };
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

/** PostgreSQL's committed transactions of the database so far (after the backends' next flush). */
async function transactions(db: Client): Promise<number> {
  await sleep(1_500);
  const { rows } = await db.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(rows[0].n);
}

/**
 * Runs `clients` concurrent clients for `seconds`; each calls `request(client)` in a loop. Requests
 * started before the end are all counted (the phase's duration runs until the last answer).
 */
async function phase(db: Client, name: string, seconds: number, clients: number, request: (client: number) => Promise<Answer>): Promise<ReadPhaseSummary> {
  const before = await transactions(db);
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
  // Minus the first counter read itself (flushed meanwhile; the second one is not counted yet).
  const dbTransactions = (await transactions(db)) - before - 1;
  const values = Float64Array.from(latencies);
  const summary = summarise(name, values, ok, durationMs, errors);
  return { ...summary, p95Ms: percentile(values.sort(), 95), dbTransactions };
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
    const mixed = [hello, proposal, lister(() => plan.programmeManager), lister((c) => plan.officers[c % plan.officers.length])];
    const warm = await phase(db, 'warm-up', plan.warmupSeconds, plan.clients, (client) => mixed[client % mixed.length](client));
    process.stdout.write(`warm-up: ${warm.count} mixed requests in ${(warm.durationMs / 1000).toFixed(2)} s (not counted)\n\n`);
    listWalks.completed = 0;
    listWalks.items = 0;
  }

  const print = (summary: ReadPhaseSummary): ReadPhaseSummary => {
    process.stdout.write(`${formatReadPhase(summary).join('\n')}\n\n`);
    return summary;
  };
  const phases: ReadsResult['phases'] = {
    hello: print(await phase(db, '(a) baseline: hello world (GET /api/v1/bench/hello, same stack), applicants', plan.seconds, plan.clients, hello)),
    proposal: print(await phase(db, '(b) GET /api/v1/proposals/{id}, applicants of an organisation in the proposal', plan.seconds, plan.clients, proposal)),
    listProgrammeManager: print(
      await phase(db, `(c) GET /api/v1/calls/{id}/proposals?limit=${plan.pageSize}&cursor=…, programme manager`, plan.seconds, plan.clients, lister(() => plan.programmeManager)),
    ),
    listOfficer: print(
      await phase(
        db,
        `(c) GET /api/v1/calls/{id}/proposals?limit=${plan.pageSize}&cursor=…, agency officers (${plan.officers.length}, their region's)`,
        plan.seconds,
        plan.clients,
        lister((client) => plan.officers[client % plan.officers.length]),
      ),
    ),
  };
  await db.end();
  const result: ReadsResult = { phases, listWalks };
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(`authorised-reads load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
