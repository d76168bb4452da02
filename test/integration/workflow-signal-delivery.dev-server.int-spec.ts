import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import {
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  proposalStateQuery,
  versionSubmittedSignal,
  WorkflowIds,
} from '@app/contracts';
import { buildDataSourceOptions, WorkflowSignalOutboxRepository } from '@app/persistence';
import {
  installWorkerRuntime,
  TemporalClientHolder,
  workerInterceptors,
  workflowBundlerOptions,
  WORKFLOWS_PATH,
} from '@app/temporal';
import { workflowLearning } from '../../bench/deadline-rush/workflows';
import { WorkflowSignalRelayService } from '../../apps/worker/src/workflow-signals/workflow-signal-relay.service';
import { queryRows, resetDatabase } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

/**
 * What the deadline rush's verification saw (a few sampled workflows not knowing a version whose signal was
 * recorded as sent), made deterministic: the relay marks a row sent once Temporal has taken the signal into the
 * workflow's history — nothing is lost — but the workflow applies it only when a worker runs its next workflow
 * task. Until then a query cannot see it. Here no worker polls the task queue until the test starts one.
 */
describe('a relayed version signal: sent, delivered, then known', () => {
  const url = () => testEnvironment().databaseUrl;
  let dataSource: DataSource;
  let connection: Connection;
  let client: Client;
  let holder: TemporalClientHolder;

  beforeAll(async () => {
    await resetDatabase(url());
    dataSource = await new DataSource(buildDataSourceOptions({ url: url(), poolSize: 2 })).initialize();
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    client = new Client({ connection });
    holder = new TemporalClientHolder(testAppConfig());
  }, 60_000);

  afterAll(async () => {
    await holder?.onApplicationShutdown();
    await connection?.close();
    await dataSource?.destroy();
  });

  it(`a signal marked sent is in the history at once, and known only after a workflow task completed after it; \
the verification waits for that instead of sampling too early`, async () => {
    const taskQueue = `signal-delivery-${randomUUID()}`;
    const proposalId = randomUUID();
    const workflowId = WorkflowIds.proposal(proposalId);
    const receipt = { proposalId, version: 1, sha256: 'ab'.repeat(32) };
    const outbox = new WorkflowSignalOutboxRepository(dataSource);
    await outbox.enqueue(dataSource.manager, {
      dedupeKey: `proposal-version:${proposalId}:1`,
      workflowId,
      workflowType: PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
      taskQueue,
      startArgs: [{ proposalId, callId: randomUUID() }],
      signal: versionSubmittedSignal,
      signalArgs: [{ version: 1, sha256: receipt.sha256, submittedAt: '2027-03-01T17:00:00+01:00' }],
    });

    // The real relay sends it (signal-with-start) and marks it sent.
    const relay = new WorkflowSignalRelayService(testAppConfig(), outbox, holder);
    expect(await relay.relayDue()).toBe(1);
    const [row] = await queryRows<{ sent_at: Date | null }>(
      url(),
      'SELECT sent_at FROM workflow_signal_outbox WHERE workflow_id = $1',
      [workflowId],
    );
    expect(row.sent_at).not.toBeNull();

    // Sent is not known: with no worker yet the workflow has not run, and a query cannot answer — what a check
    // that queries right after the drain sees for a workflow its busy worker has not reached.
    const handle = client.workflow.getHandle(workflowId);
    await expect(connection.withDeadline(Date.now() + 3_000, () => handle.query(proposalStateQuery))).rejects.toThrow();
    // Nor is it lost: the signal is in the history, and the verification says "not applied", not "lost".
    expect(await workflowLearning(client, receipt, 1_000)).toMatchObject({ kind: 'UNAPPLIED' });

    // A worker comes: the verification waits for the workflow's acknowledgement, then the query knows the version.
    installWorkerRuntime();
    const workerConnection = await NativeConnection.connect({ address: testEnvironment().temporalAddress });
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      bundlerOptions: workflowBundlerOptions,
      interceptors: workerInterceptors,
    });
    const learning = workflowLearning(client, receipt, 120_000);
    const outcome = await worker.runUntil(learning);
    await workerConnection.close();
    expect(outcome).toEqual({ kind: 'KNOWN' });
    // A signal that never reached the workflow is told apart.
    expect(await workflowLearning(client, { ...receipt, version: 2 }, 1_000)).toMatchObject({ kind: 'LOST' });
  }, 180_000);
});
