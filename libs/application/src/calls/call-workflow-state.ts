import type { CallWorkflowState } from '@app/contracts';
import { DomainError } from '@app/domain';
import type { CallRecord, CallRepository, CommitmentRecord, Tx } from '@app/persistence';

/** What the call workflow keeps for `stageNo`: the timeline's instants (that stage's deadlines) and the commitments. */
export function callWorkflowState(
  call: CallRecord,
  commitments: CommitmentRecord[],
  stageNo: number,
): CallWorkflowState {
  const t = call.configuration.timeline;
  const stage = t.stages[stageNo - 1];
  return {
    alignmentDeadline: new Date(t.alignmentDeadline).toISOString(),
    opensAt: new Date(t.opensAt).toISOString(),
    submissionDeadline: new Date(stage.submissionDeadline).toISOString(),
    eligibilityDeadline: new Date(stage.eligibilityDeadline).toISOString(),
    decisionDeadline: new Date(t.decisionDeadline).toISOString(),
    minConfirmedRegions: call.configuration.minConfirmedRegions,
    commitments: commitments.map((c) => ({ agencyId: c.agencyId, regionCode: c.regionCode, status: c.status })),
    ...(stageNo === 1 ? {} : { stageNo }),
  };
}

/** The call row under its exclusive lock (SPEC S1 ordering), or 404 CALL_NOT_FOUND. */
export async function lockedCall(calls: CallRepository, tx: Tx, callId: string): Promise<CallRecord> {
  const call = await calls.find(tx, callId, true);
  if (!call) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} not found.`, 'not-found', [], { callId });
  return call;
}

/** Refuses a step the call's state does not allow (409 CALL_STATE_CONFLICT) with the activities' words. */
export function callStateConflict(state: string, message: string, allowed?: string[]): DomainError {
  return new DomainError(
    'CALL_STATE_CONFLICT',
    `The call is ${state}; ${message}`,
    'conflict',
    [],
    allowed ? { state, allowed } : { state },
  );
}
