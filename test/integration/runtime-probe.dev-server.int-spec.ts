import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  RUNTIME_PROBE_WORKFLOW_TYPE,
  TaskQueues,
  WorkflowIds,
  type RuntimeProbeInput,
  type RuntimeProbeResult,
} from '@app/contracts';
import { RuntimeProbeRepository } from '@app/persistence';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { queryRows, resetDatabase } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

/** The real worker module (activities as Nest providers, TypeORM, the workflow bundle) on the real dev server. */
describe('runtime probe on the Temporal dev server with PostgreSQL', () => {
  let worker: INestApplicationContext;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    await resetDatabase(testEnvironment().databaseUrl);
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(testAppConfig()), {
      logger: ['error', 'warn'],
    });
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
    client = new Client({ connection });
  }, 120_000);

  afterAll(async () => {
    await worker?.close();
    await connection?.close();
  });

  it('runs a workflow whose activity writes a row to PostgreSQL', async () => {
    const probeId = randomUUID();
    const input: RuntimeProbeInput = { probeId, requestedBy: 'runtime-probe.int-spec' };
    const result = await client.workflow.execute<(input: RuntimeProbeInput) => Promise<RuntimeProbeResult>>(
      RUNTIME_PROBE_WORKFLOW_TYPE,
      {
        workflowId: WorkflowIds.runtimeProbe(probeId),
        taskQueue: TaskQueues.main,
        args: [input],
      },
    );

    expect(result).toMatchObject({ probeId, alreadyRecorded: false });
    const rows = await queryRows<{ workflow_id: string; requested_by: string; recorded_at: Date }>(
      testEnvironment().databaseUrl,
      'SELECT workflow_id, requested_by, recorded_at FROM runtime_probe WHERE probe_id = $1',
      [probeId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].workflow_id).toBe(`runtime-probe-${probeId}`);
    expect(rows[0].requested_by).toBe('runtime-probe.int-spec');
    expect(rows[0].recorded_at.toISOString()).toBe(result.recordedAt);
  });

  it('refuses a second workflow with the same business id', async () => {
    const probeId = randomUUID();
    const options = {
      workflowId: WorkflowIds.runtimeProbe(probeId),
      taskQueue: TaskQueues.main,
      args: [{ probeId, requestedBy: 'duplicate-start', waitBefore: '1 hour' }],
    };
    const first = await client.workflow.start(RUNTIME_PROBE_WORKFLOW_TYPE, options);
    await expect(client.workflow.start(RUNTIME_PROBE_WORKFLOW_TYPE, options)).rejects.toBeInstanceOf(
      WorkflowExecutionAlreadyStartedError,
    );
    await first.terminate('test over');
  });

  it('records a probe once however often the activity runs (idempotent under the probe id)', async () => {
    const repository = worker.get(RuntimeProbeRepository);
    const probe = {
      probeId: randomUUID(),
      requestedBy: 'retry',
      workflowId: 'runtime-probe-x',
      workflowTime: new Date(),
    };
    const first = await repository.record(probe);
    const second = await repository.record(probe);
    expect(first.alreadyRecorded).toBe(false);
    expect(second).toEqual({ recordedAt: first.recordedAt, alreadyRecorded: true });
    const rows = await queryRows(testEnvironment().databaseUrl, 'SELECT 1 FROM runtime_probe WHERE probe_id = $1', [
      probe.probeId,
    ]);
    expect(rows).toHaveLength(1);
  });
});
