import { condition } from '@temporalio/workflow';
import { callActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/** Between a successful alignment and `opensAt` (which may be extended): then the call is OPEN. */
export async function runAwaitingOpeningPhase(ctx: CallContext): Promise<'OPEN' | 'CANCELLED'> {
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    const remaining = millisUntil(ctx.state!.opensAt);
    if (remaining > 0) {
      const version = ctx.deadlineVersion;
      await condition(() => ctx.cancelled || ctx.deadlineVersion !== version, remaining);
      continue;
    }
    const outcome = await ctx.serial(async () => {
      if (ctx.cancelled) return 'CANCELLED' as const;
      if (millisUntil(ctx.state!.opensAt) > 0) return 'POSTPONED' as const;
      await callActivities.openCall({ callId: ctx.callId });
      ctx.phase = 'OPEN';
      return 'OPEN' as const;
    });
    if (outcome !== 'POSTPONED') return outcome;
  }
}
