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
    if (remaining > 0) {
      const version = ctx.deadlineVersion;
      await condition(() => ctx.cancelled || ctx.deadlineVersion !== version, remaining);
      continue;
    }
    const outcome = await ctx.serial(async () => {
      if (ctx.cancelled) return 'CANCELLED' as const;
      // An extension serialised just before the close wins: the deadline is checked again in turn.
      if (millisUntil(ctx.state!.submissionDeadline) > 0) return 'EXTENDED' as const;
      await eligibilityActivities.closeSubmission({ callId: ctx.callId });
      ctx.phase = 'ELIGIBILITY';
      ctx.state!.eligibilityWakeups = [ctx.state!.eligibilityDeadline];
      return 'ELIGIBILITY' as const;
    });
    if (outcome !== 'EXTENDED') return outcome;
  }
}
