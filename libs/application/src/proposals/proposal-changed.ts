import { PROPOSAL_LIFECYCLE_WORKFLOW_TYPE, proposalChangedSignal, TaskQueues, WorkflowIds } from '@app/contracts';
import type { Tx, WorkflowSignalOutboxRepository } from '@app/persistence';

/**
 * Tells each proposal's own workflow, through the signal outbox in the caller's transaction, that something
 * its timers depend on changed (SPEC R2, V9): it reads its facts again. `eventKey` names the change once
 * (an update id, a decision id…): a retried transaction enqueues nothing twice.
 */
export async function signalProposalsChanged(
  signals: WorkflowSignalOutboxRepository,
  tx: Tx,
  proposals: ReadonlyArray<{ id: string; callId: string }>,
  cause: string,
  eventKey: string,
): Promise<void> {
  for (const proposal of proposals) {
    await signals.enqueue(tx, {
      dedupeKey: `proposal-changed:${proposal.id}:${cause}:${eventKey}`,
      workflowId: WorkflowIds.proposal(proposal.id),
      workflowType: PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
      taskQueue: TaskQueues.main,
      startArgs: [{ proposalId: proposal.id, callId: proposal.callId }],
      signal: proposalChangedSignal,
      signalArgs: [{ cause }],
    });
  }
}
