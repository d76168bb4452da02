/**
 * The second half of SPEC §7 P1: how long the proposal workflows take to learn of every submission.
 * Each submission writes a `workflow_signal_outbox` row in its transaction; the real worker's relay
 * delivers it to `proposal-<id>` (`versionSubmitted`, signal-with-start). This file starts that worker
 * (a third process), waits until it polls, and after the rush waits until the outbox is drained, then
 * asks a sample of the workflows what they know.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { Client as TemporalClient } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  proposalStateQuery,
  TaskQueues,
  versionSubmittedSignal,
  WorkflowIds,
  type VersionSubmittedSignal,
} from '@app/contracts';
import type { Client } from 'pg';
import { waitUntil } from '../../scripts/runtime/process-tools';
import type { Receipt } from './protocol';

/** Sampled workflows whose state is queried after the drain (correctness). */
export const WORKFLOW_SAMPLE = 200;
/** The drain fails when the backlog does not shrink for this long (a stuck relay, not a slow one). */
const NO_PROGRESS_TIMEOUT_MS = 120_000;
const PROGRESS_EVERY_MS = 10_000;
const POLL_MS = 100;

export function startWorker(
  root: string,
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; exited: () => string | undefined } {
  // LOG_LEVEL=warn: the relay's retries and errors reach the terminal, its info lines do not.
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/worker/src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exit: string | undefined;
  child.once('exit', (code, signal) => (exit = `the worker exited (${signal ?? code})`));
  child.once('error', (error) => (exit = `the worker did not start: ${error.message}`));
  return { child, exited: () => exit };
}

/** Ready = a poller on the main task queue (the relay starts in the same bootstrap). */
export async function waitForWorker(
  temporal: TemporalClient,
  namespace: string,
  exited: () => string | undefined,
): Promise<void> {
  await waitUntil(
    async () => {
      const { pollers } = await temporal.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: TaskQueues.main },
      });
      return pollers.length > 0;
    },
    { timeoutMs: 180_000, intervalMs: 250, describe: 'the worker polling the Temporal task queue', abortIf: exited },
  );
}

async function unsent(client: Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM workflow_signal_outbox WHERE sent_at IS NULL',
  );
  return Number(rows[0].n);
}

export interface WorkflowLearning {
  lines: string[];
  /** Every sampled workflow knows its receipt's version, one signal per receipt, one workflow per proposal. */
  pass: boolean;
  /** The verification's line about the workflows. */
  summary: string;
}

/** How long one sampled workflow may take to apply a signal already in its history (its worker busy). */
const APPLY_TIMEOUT_MS = 120_000;

/**
 * What a proposal workflow made of a receipt's signal: KNOWN; LOST (its history has no such signal: the relay
 * marked a row sent that Temporal never took); UNAPPLIED (the signal is in the history but no workflow task has
 * completed after it within the timeout: a worker far behind, not a loss); FORGOTTEN (applied, yet the workflow's
 * state lacks the version: a workflow bug).
 */
export type WorkflowLearningOutcome = { kind: 'KNOWN' } | { kind: 'LOST' | 'UNAPPLIED' | 'FORGOTTEN'; detail: string };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks one workflow whether it knows a receipt's version so that it cannot be asked too early. An outbox row's
 * `sent_at` is Temporal's acceptance of the signal into the workflow's history, not the workflow having run: the
 * worker applies it in a later workflow task, and until that task completes a query fails or waits (the worker
 * may be minutes behind after a rush). So: the history must hold the signal (else LOST), a workflow task must
 * have completed after it — the workflow's own acknowledgement — and only then is the workflow queried.
 */
export async function workflowLearning(
  temporal: TemporalClient,
  receipt: Pick<Receipt, 'proposalId' | 'version' | 'sha256'>,
  applyTimeoutMs = APPLY_TIMEOUT_MS,
): Promise<WorkflowLearningOutcome> {
  const handle = temporal.workflow.getHandle(WorkflowIds.proposal(receipt.proposalId));
  const giveUpAt = Date.now() + applyTimeoutMs;
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    const signalAt = events.findIndex((event) => {
      const signal = event.workflowExecutionSignaledEventAttributes;
      if (signal?.signalName !== versionSubmittedSignal.name || !signal.input?.payloads?.[0]) return false;
      const args = defaultPayloadConverter.fromPayload<VersionSubmittedSignal>(signal.input.payloads[0]);
      return args.version === receipt.version && args.sha256 === receipt.sha256;
    });
    if (signalAt < 0)
      return { kind: 'LOST', detail: `no ${versionSubmittedSignal.name} signal of version ${receipt.version}` };
    if (events.slice(signalAt + 1).some((event) => event.workflowTaskCompletedEventAttributes)) break;
    if (Date.now() > giveUpAt)
      return { kind: 'UNAPPLIED', detail: `signal in the history, not applied after ${applyTimeoutMs} ms` };
    await pause(250);
  }
  // Applied: the query now reflects the signal; it is retried only for a worker too busy to answer at once.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const view = await handle.query(proposalStateQuery);
      const known = view.versions.find((v) => v.version === receipt.version);
      if (known?.sha256 === receipt.sha256 && view.latestVersion >= receipt.version) return { kind: 'KNOWN' };
      return {
        kind: 'FORGOTTEN',
        detail: `latestVersion ${view.latestVersion}, versions ${JSON.stringify(view.versions)}`,
      };
    } catch (error) {
      if (Date.now() > giveUpAt) return { kind: 'UNAPPLIED', detail: `query failed: ${(error as Error).message}` };
      await pause(1_000 * Math.min(attempt, 5));
    }
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const clock = (at: Date): string => at.toISOString().slice(11, 23);

/**
 * Called right after the rush: waits until no signal is unsent (the relay has been draining since the
 * rush began), then checks WORKFLOW_SAMPLE random workflows against their receipts. All times are read
 * from PostgreSQL's clock (receipts' `submittedAt` and `sent_at` come from it), so the figure does not
 * depend on this process's polling.
 */
export async function measureWorkflowLearning(
  client: Client,
  temporal: TemporalClient,
  receipts: Receipt[],
  log: (line: string) => void,
  exited: () => string | undefined,
): Promise<WorkflowLearning> {
  const backlogAtEnd = await unsent(client);
  const drainStart = Date.now();
  log(`relay: ${backlogAtEnd} signals still to send when the rush ended; waiting for the outbox to drain`);
  let last = backlogAtEnd;
  let lastProgress = Date.now();
  let lastReport = Date.now();
  for (let left = backlogAtEnd; left > 0; left = await unsent(client)) {
    const abort = exited();
    if (abort) throw new Error(`relay drain: ${abort} with ${left} signals unsent`);
    if (left < last) {
      last = left;
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > NO_PROGRESS_TIMEOUT_MS) {
      throw new Error(`relay drain: ${left} signals unsent and none sent for ${seconds(NO_PROGRESS_TIMEOUT_MS)}`);
    }
    if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
      lastReport = Date.now();
      const rate = (backlogAtEnd - left) / ((Date.now() - drainStart) / 1000);
      log(
        `relay: ${left} unsent after ${seconds(Date.now() - drainStart)} (` +
          `${rate.toFixed(0)} signals/s since the rush ended)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  const drainMs = Date.now() - drainStart;

  const { rows } = await client.query<{
    signals: string;
    workflows: string;
    first: Date;
    last: Date;
    retried: string;
    failed: string;
  }>(
    `SELECT count(*) AS signals, count(DISTINCT workflow_id) AS workflows, min(sent_at) AS first, max(sent_at) AS last,
            count(*) FILTER (WHERE attempts > 1) AS retried, count(*) FILTER (WHERE last_error IS NOT NULL) AS failed
       FROM workflow_signal_outbox`,
  );
  const stats = rows[0];
  const signals = Number(stats.signals);
  const lastReceipt = new Date(Math.max(...receipts.map((r) => Date.parse(r.submittedAt))));
  const firstReceipt = new Date(Math.min(...receipts.map((r) => Date.parse(r.submittedAt))));
  const learnedMs = stats.last ? stats.last.getTime() - lastReceipt.getTime() : 0;
  const relaySpanMs = stats.first && stats.last ? stats.last.getTime() - stats.first.getTime() : 0;
  const throughput = relaySpanMs > 0 ? signals / (relaySpanMs / 1000) : 0;
  const afterRushRate = drainMs > 0 ? backlogAtEnd / (drainMs / 1000) : 0;

  // Correctness: sampled workflows must know the version (and hash) of their receipt.
  const sample = [...receipts];
  const size = Math.min(WORKFLOW_SAMPLE, sample.length);
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(Math.random() * (sample.length - i));
    [sample[i], sample[j]] = [sample[j], sample[i]];
  }
  let knowing = 0;
  const outcomes = { LOST: 0, UNAPPLIED: 0, FORGOTTEN: 0 };
  const differing: string[] = [];
  const queryStart = Date.now();
  for (const receipt of sample.slice(0, size)) {
    const outcome = await workflowLearning(temporal, receipt);
    if (outcome.kind === 'KNOWN') knowing += 1;
    else {
      outcomes[outcome.kind] += 1;
      if (differing.length < 3)
        differing.push(
          `${receipt.proposalId}: ${outcome.kind}, ${outcome.detail} ` +
            `(receipt version ${receipt.version}, ${receipt.sha256})`,
        );
    }
  }
  const queryMs = Date.now() - queryStart;
  let temporalCount: string;
  try {
    const { count } = await temporal.workflow.count(`WorkflowType = '${PROPOSAL_LIFECYCLE_WORKFLOW_TYPE}'`);
    temporalCount = String(count);
  } catch (error) {
    temporalCount = `not available (${(error as Error).message})`;
  }

  const distinctProposals = new Set(receipts.map((r) => r.proposalId)).size;
  const pass = knowing === size && signals === receipts.length && Number(stats.workflows) === distinctProposals;
  const lines = [
    `workflows learned of every submission ${seconds(learnedMs)} after the last ` +
      `receipt (relay throughput ${throughput.toFixed(1)} signals/s; ` +
      `first signal sent at ${stats.first ? clock(stats.first) : '—'}, ` +
      `last at ${stats.last ? clock(stats.last) : '—'}; ` +
      `receipts ${clock(firstReceipt)}–${clock(lastReceipt)}, PostgreSQL clock UTC)`,
    `  backlog when the rush ended ${backlogAtEnd} signals, ` +
      `drained in ${seconds(drainMs)} (${afterRushRate.toFixed(1)} signals/s with the API idle); ` +
      `${stats.retried} signals needed more than one attempt, ${stats.failed} recorded an error`,
    `  workflow_signal_outbox: ${signals} signals to ${stats.workflows} proposal workflows (` +
      `${receipts.length} receipts, ${distinctProposals} proposals); ` +
      `Temporal counts ${temporalCount} ${PROPOSAL_LIFECYCLE_WORKFLOW_TYPE} executions`,
    `  sampled workflows (signal in the history, a workflow task completed after it, then the proposalState ` +
      `query): ${knowing} / ${size} know their receipt's version and SHA-256, ${outcomes.LOST} lost, ` +
      `${outcomes.UNAPPLIED} not applied in time, ${outcomes.FORGOTTEN} forgotten ` +
      `(checked in ${seconds(queryMs)})   ${knowing === size ? 'PASS' : 'FAIL'}`,
    ...differing.map((d) => `    differs: ${d}`),
    '  a figure, not a target: Temporal here is the CLI dev server with SQLite in memory, ' +
      'which tops out far below a Temporal on PostgreSQL (SPEC §7 P4)',
  ];
  const summary =
    `proposal workflows: ${knowing} / ${size} sampled know their receipt's version and SHA-256; ` +
    `${signals} signals for ${receipts.length} receipts, ` +
    `${stats.workflows} workflows for ${distinctProposals} proposals`;
  return { lines, pass, summary };
}
