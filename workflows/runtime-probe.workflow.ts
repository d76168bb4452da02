import { log, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { RuntimeProbeActivities, RuntimeProbeInput, RuntimeProbeResult } from '@app/contracts';

const { recordRuntimeProbe } = proxyActivities<RuntimeProbeActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
});

/**
 * The platform's self-test (see `RuntimeProbeInput`): optionally waits on a durable timer, then has
 * an activity record the probe in PostgreSQL, idempotently under the probe id.
 */
export async function runtimeProbeWorkflow(input: RuntimeProbeInput): Promise<RuntimeProbeResult> {
  if (input.waitBefore !== undefined) {
    log.info('Runtime probe waiting', { waitBefore: input.waitBefore });
    await sleep(input.waitBefore);
  }
  const workflowTime = new Date(Date.now()).toISOString();
  const recorded = await recordRuntimeProbe({
    probeId: input.probeId,
    requestedBy: input.requestedBy,
    workflowId: workflowInfo().workflowId,
    workflowTime,
    workMs: input.activityWorkMs,
  });
  return {
    probeId: input.probeId,
    recordedAt: recorded.recordedAt,
    workflowTimeAtActivity: workflowTime,
    alreadyRecorded: recorded.alreadyRecorded,
  };
}
