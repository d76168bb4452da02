import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  proposalStateQuery,
  TaskQueues,
  WorkflowIds,
} from '@app/contracts';
import { createRushFixture } from '../../bench/deadline-rush/fixtures';
import type { RushTarget } from '../../bench/deadline-rush/protocol';
import { freePort } from '../../scripts/runtime/process-tools';
import { spawnEntry, type AppProcess } from '../utils/app-process';
import {
  startDurableDatabase,
  startDurableTemporal,
  type DurableDatabase,
  type DurableTemporal,
} from '../utils/durable-servers';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { appProcessEnv, TEST_JWT_SECRET } from '../utils/test-environment';

/** Proposals in each rush: a few hundred in all, so that each kill lands in a busy engine in moderate wall time. */
const RUSH = 300;
const CLIENTS = 12;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  attempts: number;
}

interface Receipt {
  proposalId: string;
  version: number;
  submittedAt: string;
  sha256: string;
}

/**
 * SPEC §8 on servers set up as production runs them (PostgreSQL with every commit flushed, Temporal keeping
 * its state in a file): in the middle of a submission rush — many concurrent submissions with
 * Idempotency-Keys, clients retrying as a real client would — and of a funding decision (the regions'
 * approvals racing), the API, the Temporal server or PostgreSQL is SIGKILLed and restarted on the same data
 * and port. Afterwards every receipt a client received matches a stored version and is returned again for
 * its Idempotency-Key, every submitted proposal has exactly one workflow that knows its version, nothing in
 * the ledger, grants, instalments or audit is doubled, and the lifecycle goes on.
 */
describe('a component killed in the middle of a submission rush and a funding decision', () => {
  let database: DurableDatabase;
  let temporal: DurableTemporal;
  let smtp: SmtpTestServer;
  let api: AppProcess | undefined;
  let worker: AppProcess | undefined;
  let connection: Connection | undefined;
  let client: Client;
  let apiPort = 0;
  const url = () => database.url;
  const baseUrl = () => `http://127.0.0.1:${apiPort}/api/v1`;

  const processEnv = (extra: Record<string, string> = {}) =>
    appProcessEnv({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporal.address,
      LOG_LEVEL: 'warn',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: smtp.url,
      ...extra,
    });
  const startApi = async (): Promise<void> => {
    api = spawnEntry('apps/api/src/main.ts', processEnv({ PORT: String(apiPort), LOG_LEVEL: 'info' }));
    await api.waitForOutput(/API listening on/, 120_000);
  };
  const startWorker = async (): Promise<void> => {
    worker = spawnEntry('apps/worker/src/main.ts', processEnv({ OUTBOX_POLL_INTERVAL_MS: '200', LOG_LEVEL: 'info' }));
    await worker.waitForOutput(/Temporal worker polling task queue/, 120_000);
  };
  const stop = async (child: AppProcess | undefined, signal: NodeJS.Signals): Promise<void> => {
    child?.kill(signal);
    await child?.exited;
  };

  beforeAll(async () => {
    [database, temporal, smtp] = await Promise.all([
      startDurableDatabase(),
      startDurableTemporal(),
      startSmtpTestServer(),
    ]);
    apiPort = await freePort();
    await Promise.all([startApi(), startWorker()]);
    connection = await Connection.connect({ address: temporal.address });
    client = new Client({ connection });
  }, 240_000);

  afterAll(async () => {
    await connection?.close();
    await stop(api, 'SIGTERM');
    await stop(worker, 'SIGTERM');
    await Promise.allSettled([database?.stop(), temporal?.stop(), smtp?.close()]);
  });

  /**
   * A client that retries as a real one does: on a network error, a timeout or a 5xx it waits a moment and
   * sends the same request again (same Idempotency-Key), until it gets an answer that is not a failure.
   */
  async function send(
    method: 'POST' | 'PUT',
    path: string,
    token: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const giveUpAt = Date.now() + 150_000;
    for (let attempts = 1; ; attempts += 1) {
      try {
        const response = await fetch(`${baseUrl()}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body ?? {}),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        if (response.status < 500) return { status: response.status, body: text ? JSON.parse(text) : {}, attempts };
      } catch {
        // refused, reset or timed out: the request may or may not have been carried out; send it again
      }
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path}: no answer after ${attempts} attempts`);
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
  }

  const submit = (target: RushTarget, key = target.idempotencyKey) =>
    send(
      'POST',
      `/proposals/${target.proposalId}/submit`,
      target.token,
      { draftRevision: target.draftRevision },
      { 'idempotency-key': key },
    );

  async function rush(targets: RushTarget[], receipts: Map<string, Answer>): Promise<void> {
    const queue = [...targets];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let target = queue.shift(); target; target = queue.shift())
          receipts.set(target.proposalId, await submit(target));
      }),
    );
  }

  async function scenario(name: string, kill: () => Promise<void>, restart: () => Promise<void>): Promise<void> {
    const rushFixture = await createRushFixture(url(), RUSH, TEST_JWT_SECRET);
    const funding = await rankedCallFixture(url());
    await client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(funding.callId),
      taskQueue: TaskQueues.main,
      args: [funding.workflowInput],
    });
    const pm = tokenFor(funding.pmId);
    const officers = funding.agencies.map((a) => tokenFor(a.officers[0].id));

    const began = Date.now();
    const phases: string[] = [];
    const phase = (label: string) => phases.push(`${label} ${((Date.now() - began) / 1000).toFixed(1)} s`);
    const proposed = await send('POST', `/calls/${funding.callId}/funding-decision`, pm, {});
    expect(proposed.status).toBe(200);
    const answers = new Map<string, Answer>();
    const rushing = rush(rushFixture.targets, answers);
    await expectEventually(async () => expect(answers.size).toBeGreaterThanOrEqual(RUSH / 4), 120_000, 20);

    // The approvals race each other and the kill, which lands while they (and the rush) are in flight.
    const approving = Promise.all(
      officers.map((officer) => send('POST', `/calls/${funding.callId}/funding-decision/approve`, officer, {})),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const inFlight = RUSH - answers.size;
    await kill();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await restart();
    const [approvals] = await Promise.all([approving, rushing]);
    expect(inFlight).toBeGreaterThan(0);
    const retried = [...answers.values(), ...approvals].filter((a) => a.attempts > 1).length;
    phase('rush answered');

    // Every submission was answered with a receipt: the first answer or, for a retry, the stored one.
    const receipts = rushFixture.targets.map((t) => {
      const answer = answers.get(t.proposalId)!;
      expect({ proposalId: t.proposalId, status: answer.status }).toEqual({ proposalId: t.proposalId, status: 201 });
      return answer.body as unknown as Receipt;
    });
    // Every receipt matches the one stored version of its proposal.
    const stored = await queryRows<{ proposal_id: string; version: number; sha256: string }>(
      url(),
      'SELECT v.proposal_id, v.version, v.sha256 FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id ' +
        'WHERE p.call_id = $1 ORDER BY v.proposal_id',
      [rushFixture.callId],
    );
    expect(stored.map((v) => [v.proposal_id, v.version, v.sha256])).toEqual(
      receipts.map((r) => [r.proposalId, r.version, r.sha256]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(receipts.every((r) => r.version === 1)).toBe(true);
    // …and is returned again for its Idempotency-Key, creating nothing.
    const again = new Map<string, Answer>();
    await rush(rushFixture.targets, again);
    expect(rushFixture.targets.map((t) => [again.get(t.proposalId)!.status, again.get(t.proposalId)!.body])).toEqual(
      rushFixture.targets.map((t) => [201, answers.get(t.proposalId)!.body]),
    );
    const submittedAudit = await queryRows<{ entity_id: string; n: string }>(
      url(),
      "SELECT entity_id, count(*) AS n FROM audit_event WHERE action = 'proposal.submitted' AND entity_id = ANY($1) " +
        'GROUP BY entity_id',
      [receipts.map((r) => r.proposalId)],
    );
    expect(submittedAudit).toHaveLength(RUSH);
    expect(submittedAudit.every((a) => Number(a.n) === 1)).toBe(true);

    // Every submitted proposal has exactly one workflow, and it knows the receipt's version.
    const workflowIds = receipts.map((r) => WorkflowIds.proposal(r.proposalId));
    await expectEventually(
      async () => {
        const unsent = await queryRows<{ n: string }>(
          url(),
          'SELECT count(*) AS n FROM workflow_signal_outbox WHERE sent_at IS NULL AND workflow_id = ANY($1)',
          [workflowIds],
        );
        expect(Number(unsent[0].n)).toBe(0);
      },
      120_000,
      250,
    );
    phase('signals sent');
    const signals = await queryRows<{ workflow_id: string; n: string }>(
      url(),
      'SELECT workflow_id, count(*) AS n FROM workflow_signal_outbox WHERE workflow_id = ANY($1) GROUP BY workflow_id',
      [workflowIds],
    );
    expect(signals).toHaveLength(RUSH);
    expect(signals.every((s) => Number(s.n) === 1)).toBe(true);
    for (const receipt of receipts) {
      const handle = client.workflow.getHandle(WorkflowIds.proposal(receipt.proposalId));
      await expectEventually(
        async () => {
          const view = await handle.query(proposalStateQuery);
          expect(view.versions).toEqual([
            expect.objectContaining({ version: receipt.version, sha256: receipt.sha256 }),
          ]);
        },
        60_000,
        250,
      );
    }
    phase('workflows know their versions');
    await expectEventually(
      async () => {
        const runs: Record<string, number> = {};
        for await (const execution of client.workflow.list({
          query: `WorkflowType = '${PROPOSAL_LIFECYCLE_WORKFLOW_TYPE}'`,
        }))
          runs[execution.workflowId] = (runs[execution.workflowId] ?? 0) + 1;
        expect(workflowIds.map((id) => runs[id])).toEqual(workflowIds.map(() => 1));
      },
      60_000,
      500,
    );

    // The funding decision: each region approved once — a retry whose first attempt had been carried out is
    // told ALREADY_ANSWERED, even once the call is DECIDED — and the decision, its grants, instalments, ledger
    // entries and audit are there once.
    const answered = (a: Answer) => a.status === 200 || a.body.code === 'ALREADY_ANSWERED';
    expect(approvals.map((a) => (answered(a) ? 'answered' : a))).toEqual(['answered', 'answered']);
    await expectEventually(
      async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [funding.callId]))[0]
            .state,
        ).toBe('DECIDED'),
      60_000,
      250,
    );
    const audit = await queryRows<{ action: string; n: string }>(
      url(),
      "SELECT action, count(*) AS n FROM audit_event WHERE entity_id = $1 AND action LIKE 'funding-decision.%' " +
        'GROUP BY action ORDER BY action',
      [funding.callId],
    );
    expect(audit.map((a) => [a.action, Number(a.n)])).toEqual([
      ['funding-decision.approved-by-agency', 2],
      ['funding-decision.decided', 1],
      ['funding-decision.proposed', 1],
    ]);
    const grants = await queryRows<{ id: string; proposal_id: string; organisation_id: string; amount: string }>(
      url(),
      "SELECT id, proposal_id, organisation_id, amount FROM funding_grant WHERE call_id = $1 AND status = 'AWARDED'",
      [funding.callId],
    );
    expect(grants).toHaveLength(4);
    expect(new Set(grants.map((g) => `${g.proposal_id}:${g.organisation_id}`)).size).toBe(4);
    const instalments = await queryRows<{ grant_id: string; n: string }>(
      url(),
      'SELECT grant_id, count(*) AS n FROM instalment WHERE grant_id = ANY($1) GROUP BY grant_id',
      [grants.map((g) => g.id)],
    );
    expect(instalments.map((i) => Number(i.n))).toEqual([3, 3, 3, 3]);
    const ledger = await queryRows<{ kind: string; proposal_id: string; organisation_id: string; n: string }>(
      url(),
      'SELECT kind, proposal_id, organisation_id, count(*) AS n FROM budget_ledger_entry ' +
        'WHERE call_id = $1 AND superseded_at IS NULL GROUP BY kind, proposal_id, organisation_id',
      [funding.callId],
    );
    expect(ledger.map((l) => [l.kind, Number(l.n)])).toEqual(grants.map(() => ['ALLOCATED', 1]));
    const held = await queryRows<{ proposed_total: string; allocated_total: string }>(
      url(),
      'SELECT proposed_total, allocated_total FROM fund_commitment WHERE call_id = $1',
      [funding.callId],
    );
    expect(held.map((h) => [Number(h.proposed_total), Number(h.allocated_total)])).toEqual([
      [0, 100_000],
      [0, 100_000],
    ]);

    // The lifecycle goes on: a resubmission reaches its workflow, and a grant can be withdrawn.
    const next = rushFixture.targets[0];
    const resubmitted = await submit(next, randomUUID());
    expect(resubmitted.status).toBe(201);
    expect(resubmitted.body).toMatchObject({ version: 2 });
    await expectEventually(
      async () =>
        expect(
          (await client.workflow.getHandle(WorkflowIds.proposal(next.proposalId)).query(proposalStateQuery))
            .latestVersion,
        ).toBe(2),
      60_000,
      250,
    );
    const withdrawn = await send('POST', `/grants/${grants[0].id}/withdraw`, pm, {
      reason: 'Declined by the partner.',
    });
    expect(withdrawn.status).toBe(200);
    phase('next steps done');
    process.stderr.write(
      `[kill ${name}] ${inFlight} of ${RUSH} submissions unanswered at the kill, ${retried} requests retried; ` +
        `${phases.join(', ')}\n`,
    );
  }

  it('kill -9 of the API: restarted on its port, nothing lost or doubled', async () => {
    await scenario(
      'api',
      async () => stop(api, 'SIGKILL'),
      async () => startApi(),
    );
  }, 420_000);

  it('kill -9 of the Temporal server: restarted on its file, nothing lost or doubled', async () => {
    await scenario(
      'temporal',
      () => temporal.kill(),
      () => temporal.restart(),
    );
  }, 420_000);

  it('kill -9 of PostgreSQL: restarted on its data, nothing lost or doubled', async () => {
    await scenario(
      'postgres',
      () => database.kill(),
      () => database.restart(),
    );
  }, 420_000);
});
