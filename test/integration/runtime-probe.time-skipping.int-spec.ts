import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import {
  RUNTIME_PROBE_WORKFLOW_TYPE,
  WorkflowIds,
  type RuntimeProbeInput,
  type RuntimeProbeResult,
} from '@app/contracts';
import { RecordRuntimeProbeUseCase } from '@app/application';
import { buildDataSourceOptions, RuntimeProbeRepository } from '@app/persistence';
import { installWorkerRuntime, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';
import { RuntimeProbeActivitiesService } from '../../apps/worker/src/activities/runtime-probe.activities';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingEnvironment } from '../utils/time-skipping-environment';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Java time-skipping test server (Maven Central artifact, run by our launcher) and real PostgreSQL. */
describe('durable timers on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    installWorkerRuntime();
    env = await startTimeSkippingEnvironment();
    dataSource = await new DataSource(
      buildDataSourceOptions({ url: testEnvironment().databaseUrl, poolSize: 2 }),
    ).initialize();
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.teardown();
  });

  it('completes a 30-day timer at once and then writes to PostgreSQL', async () => {
    const taskQueue = `time-skipping-${randomUUID()}`;
    const activities = new RuntimeProbeActivitiesService(
      new RecordRuntimeProbeUseCase(new RuntimeProbeRepository(dataSource)),
    );
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      bundlerOptions: workflowBundlerOptions,
      activities: { recordRuntimeProbe: activities.recordRuntimeProbe.bind(activities) },
    });
    const probeId = randomUUID();
    const wallStart = Date.now();
    const serverStart = await env.currentTimeMs();

    const result = await worker.runUntil(
      env.client.workflow.execute<(input: RuntimeProbeInput) => Promise<RuntimeProbeResult>>(
        RUNTIME_PROBE_WORKFLOW_TYPE,
        {
          workflowId: WorkflowIds.runtimeProbe(probeId),
          taskQueue,
          args: [{ probeId, requestedBy: 'time-skipping test', waitBefore: '30 days' }],
        },
      ),
    );

    const wallElapsed = Date.now() - wallStart;
    const workflowElapsed = Date.parse(result.workflowTimeAtActivity) - serverStart;
    expect(workflowElapsed).toBeGreaterThanOrEqual(30 * DAY_MS);
    expect(workflowElapsed).toBeLessThan(31 * DAY_MS);
    expect(wallElapsed).toBeLessThan(30_000);
    const rows = await queryRows(testEnvironment().databaseUrl, 'SELECT 1 FROM runtime_probe WHERE probe_id = $1', [
      probeId,
    ]);
    expect(rows).toHaveLength(1);
  });
});
