import type { CallWorkflowState } from '@app/contracts';
import type { CallRecord, CommitmentRecord } from '@app/persistence';

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
