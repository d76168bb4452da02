import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { RUNTIME_PROBE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { spawnEntry, type AppProcess } from '../utils/app-process';
import { expectEventually } from '../utils/expect-eventually';
import { queryRows } from '../utils/reset-database';
import { appProcessEnv, testEnvironment } from '../utils/test-environment';

const EventType = temporal.api.enums.v1.EventType;
const PendingActivityState = temporal.api.enums.v1.PendingActivityState;

/** The production worker entry point, signalled like an orchestrator does on a rolling restart. */
describe('worker drain on SIGTERM', () => {
  let worker: AppProcess | undefined;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    client = new Client({ connection });
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await connection?.close();
  });

  it('lets an in-flight activity finish, reports it, then exits 0', async () => {
    worker = spawnEntry(
      'apps/worker/src/main.ts',
      appProcessEnv({ WORKER_SHUTDOWN_GRACE_MS: '30000', WORKER_MAX_CACHED_WORKFLOWS: '64' }),
    );
    await worker.waitForOutput(/Temporal worker polling task queue/);
    expect(worker.output()).toMatch(/\(workflow cache 64\)/);

    const probeId = randomUUID();
    const handle = await client.workflow.start(RUNTIME_PROBE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.runtimeProbe(probeId),
      taskQueue: TaskQueues.main,
      args: [{ probeId, requestedBy: 'drain test', activityWorkMs: 4_000 }],
    });
    await expectEventually(async () => {
      const description = await handle.describe();
      expect(description.raw.pendingActivities?.[0]?.state).toBe(PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
    }, 30_000);

    const signalledAt = Date.now();
    worker.kill('SIGTERM');
    const exitCode = await worker.exited;
    const exitedAt = Date.now();

    expect(exitCode).toBe(0);
    expect(worker.output()).toMatch(/Draining Temporal worker \(SIGTERM\)/);
    expect(worker.output()).toMatch(/Temporal worker drained/);
    // The activity was not cut short: it completed (first attempt) before the process exited.
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const started = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED);
    const completed = events.filter((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED);
    expect(started).toHaveLength(1);
    expect(started[0].activityTaskStartedEventAttributes?.attempt).toBe(1);
    expect(completed).toHaveLength(1);
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)).toBe(false);
    expect(events.some((e) => e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)).toBe(false);
    expect(exitedAt - signalledAt).toBeGreaterThan(500);
    const rows = await queryRows(testEnvironment().databaseUrl, 'SELECT 1 FROM runtime_probe WHERE probe_id = $1', [
      probeId,
    ]);
    expect(rows).toHaveLength(1);

    await handle.terminate('drain test over: no worker left to finish it');
  }, 120_000);
});
