import { CALL_LIFECYCLE_WORKFLOW_TYPE, callEndChangedSignal, TaskQueues, WorkflowIds } from '@app/contracts';
import type { Tx, WorkflowSignalOutboxRepository } from '@app/persistence';

/**
 * Tells the call's workflow, through the signal outbox in the caller's transaction, that something its end
 * (DECIDED → MONITORING → CLOSED) depends on changed: a project started or ended, the reserve list closed. It reads
 * its facts again. `eventKey` names the change once: a retried transaction enqueues nothing twice.
 */
export function signalCallEndChanged(
  signals: WorkflowSignalOutboxRepository,
  tx: Tx,
  callId: string,
  cause: string,
  eventKey: string,
): Promise<void> {
  return signals.enqueue(tx, {
    dedupeKey: `call-end:${callId}:${cause}:${eventKey}`,
    workflowId: WorkflowIds.call(callId),
    workflowType: CALL_LIFECYCLE_WORKFLOW_TYPE,
    taskQueue: TaskQueues.main,
    // Only reached when no run exists: a run in DECIDED reads the facts and follows the table (or completes).
    startArgs: [{ callId, phase: 'DECIDED', state: null }],
    signal: callEndChangedSignal,
    signalArgs: [{ cause }],
  });
}
