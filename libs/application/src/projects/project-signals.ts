import { PROJECT_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds, projectChangedSignal } from '@app/contracts';
import type { Tx, WorkflowSignalOutboxRepository } from '@app/persistence';

/**
 * Tells the project's workflow, through the outbox in the caller's transaction, that something changed
 * (starting it if it is not running: a new project's first signal starts it).
 */
export function wakeProject(
  signals: WorkflowSignalOutboxRepository,
  tx: Tx,
  projectId: string,
  reason: string,
  dedupeKey: string,
): Promise<void> {
  return signals.enqueue(tx, {
    dedupeKey,
    workflowId: WorkflowIds.project(projectId),
    workflowType: PROJECT_LIFECYCLE_WORKFLOW_TYPE,
    taskQueue: TaskQueues.main,
    startArgs: [{ projectId }],
    signal: projectChangedSignal,
    signalArgs: [{ reason }],
  });
}
