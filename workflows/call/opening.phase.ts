import { callActivities } from './call-activities';
import { atDeadline, type CallContext } from './call-context';

/** Between a successful alignment and `opensAt` (which may be extended): then the call is OPEN. */
export async function runAwaitingOpeningPhase(ctx: CallContext): Promise<'OPEN' | 'CANCELLED'> {
  return atDeadline(
    ctx,
    () => ctx.state!.opensAt,
    async () => {
      await callActivities.openCall({ callId: ctx.callId });
      ctx.phase = 'OPEN';
      return 'OPEN' as const;
    },
  );
}
