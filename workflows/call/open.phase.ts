import { eligibilityActivities } from './call-activities';
import { atDeadline, type CallContext } from './call-context';

/**
 * The call is open for submissions until the (extendable) submission deadline. Submissions themselves
 * are decided by PostgreSQL (SPEC S1); at the deadline this phase closes the call — one activity under
 * the exclusive lock of the call row, strictly after every submission that got the shared lock first.
 */
export async function runOpenPhase(ctx: CallContext): Promise<'ELIGIBILITY' | 'CANCELLED'> {
  return atDeadline(
    ctx,
    () => ctx.state!.submissionDeadline,
    async () => {
      await eligibilityActivities.closeSubmission({ callId: ctx.callId });
      ctx.phase = 'ELIGIBILITY';
      ctx.state!.eligibilityWakeups = [ctx.state!.eligibilityDeadline];
      return 'ELIGIBILITY' as const;
    },
  );
}
