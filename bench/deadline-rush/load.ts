/**
 * The load generator of the deadline rush: a process of its own (so that its work is not on the
 * server's event loop), C concurrent clients on Node's built-in `fetch` (undici, keep-alive).
 * Phase 1: the baseline, N bare inserts through the same stack; phase 2: the rush, each proposal
 * submitted once with an Idempotency-Key. Prints both phases and writes the receipts for verification.
 *
 *   node -r @swc-node/register bench/deadline-rush/load.ts <plan.json> <result.json>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { LoadPlan, LoadResult, PhaseSummary, Receipt } from './protocol';
import { formatPhase, summarise } from './stats';

const REQUEST_TIMEOUT_MS = 60_000;

interface Answer {
  status: number;
  /** Parsed JSON body (problem+json on errors), or undefined. */
  body?: unknown;
  /** Network error or timeout. */
  failure?: string;
}

async function send(
  url: string,
  token: string,
  payload: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, failure: e.name === 'TimeoutError' ? 'timeout' : (e.cause?.code ?? e.name) };
  }
}

function errorKey(answer: Answer): string {
  if (answer.status === 0) return `network ${answer.failure ?? 'error'}`;
  const code = (answer.body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${answer.status} ${code}` : String(answer.status);
}

/** Runs `count` requests over `clients` concurrent clients, each taking the next index when it is free. */
async function phase(
  name: string,
  count: number,
  clients: number,
  request: (i: number) => Promise<Answer>,
  onOk?: (i: number, answer: Answer) => void,
): Promise<PhaseSummary> {
  const latencies = new Float64Array(count);
  const errors: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, count) }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        const answer = await request(i);
        latencies[i] = performance.now() - t0;
        if (answer.status === 201) {
          ok += 1;
          onOk?.(i, answer);
        } else {
          const key = errorKey(answer);
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  return summarise(name, latencies, ok, performance.now() - started, errors);
}

async function main(): Promise<void> {
  const [planPath, resultPath] = process.argv.slice(2);
  if (!planPath || !resultPath) throw new Error('usage: load.ts <plan.json> <result.json>');
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as LoadPlan;
  const insertUrl = `${plan.baseUrl}/api/v1/bench/insert`;
  const tokenFor = (i: number): string => plan.targets[i % plan.targets.length].token;
  const insert = (i: number): Promise<Answer> => send(insertUrl, tokenFor(i), { seq: i, note: 'bare insert' });

  if (plan.warmup > 0) {
    const warm = await phase('warm-up', plan.warmup, plan.clients, insert);
    process.stdout.write(
      `warm-up: ${warm.count} bare inserts in ${(warm.durationMs / 1000).toFixed(2)} s (not counted)\n\n`,
    );
  }

  const baseline = await phase(
    'baseline: bare insert (POST /api/v1/bench/insert, same stack)',
    plan.baselineRequests,
    plan.clients,
    insert,
  );
  process.stdout.write(`${formatPhase(baseline).join('\n')}\n\n`);

  const receipts: LoadResult['receipts'] = [];
  const rush = await phase(
    'rush: submissions (POST /api/v1/proposals/{id}/submit)',
    plan.targets.length,
    plan.clients,
    (i) => {
      const t = plan.targets[i];
      return send(
        `${plan.baseUrl}/api/v1/proposals/${t.proposalId}/submit`,
        t.token,
        { draftRevision: t.draftRevision },
        { 'idempotency-key': t.idempotencyKey },
      );
    },
    (i, answer) => receipts.push({ target: i, receipt: answer.body as Receipt }),
  );
  process.stdout.write(`${formatPhase(rush).join('\n')}\n\n`);

  const result: LoadResult = { baseline, rush, receipts };
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `deadline-rush load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
