import { condition } from '@temporalio/workflow';
import { eligibilityActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/**
 * The call is open for submissions until the (extendable) submission deadline. Submissions themselves
 * are decided by PostgreSQL (SPEC S1); at the deadline this phase closes the call — one activity under
 * the exclusive lock of the call row, strictly after every submission that got the shared lock first.
 */
export async function runOpenPhase(ctx: CallContext): Promise<'ELIGIBILITY' | 'CANCELLED'> {
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    const remaining = millisUntil(ctx.state!.submissionDeadline);
    if (remaining <= 0) break;
    const version = ctx.deadlineVersion;
    await condition(() => ctx.cancelled || ctx.deadlineVersion !== version, remaining);
  }
  return ctx.serial(async () => {
    if (ctx.cancelled) return 'CANCELLED' as const;
    await eligibilityActivities.closeSubmission({ callId: ctx.callId });
    ctx.phase = 'ELIGIBILITY';
    ctx.state!.eligibilityWakeups = [ctx.state!.eligibilityDeadline];
    return 'ELIGIBILITY' as const;
  });
}
