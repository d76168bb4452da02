import { ActivityFailure, ApplicationFailure, setHandler } from '@temporalio/workflow';
import { startJobSignal, type AssignmentJobInput } from '@app/contracts';
import { assignmentJobActivities } from './review-activities';

/**
 * The auto-assignment job (`assignment-job-<jobId>`, SPEC §9 `POST /calls/{id}/assignments/auto`): started
 * through the workflow outbox in the transaction that stored the job, so an accepted job always runs. The
 * solver runs in one activity (off the event loop, progress as heartbeats); when it fails for good the
 * job is marked FAILED with the reason.
 */
export async function assignmentJobWorkflow(input: AssignmentJobInput): Promise<void> {
  setHandler(startJobSignal, () => undefined);
  try {
    await assignmentJobActivities.runAutoAssignment({ jobId: input.jobId, at: new Date().toISOString() });
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const message =
      cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : 'the assignment failed';
    await assignmentJobActivities.failJob({ jobId: input.jobId, message });
  }
}
