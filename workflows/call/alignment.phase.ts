import { condition, log } from '@temporalio/workflow';
import { alignmentOutcome } from '@app/domain';
import { callActivities } from './call-activities';
import { allAnswered, millisUntil, type CallContext } from './call-context';

/**
 * Fund alignment (SPEC A1–A2): waits until every invited agency has answered or the alignment deadline
 * passes (extensions move the timer), then silent agencies drop out and the call either goes on to
 * open (enough confirmed regions) or is cancelled with the reason.
 */
export async function runAlignmentPhase(ctx: CallContext): Promise<'AWAITING_OPENING' | 'CANCELLED'> {
  for (;;) {
    while (!ctx.cancelled && !allAnswered(ctx)) {
      const remaining = millisUntil(ctx.state!.alignmentDeadline);
      if (remaining <= 0) break;
      const version = ctx.deadlineVersion;
      await condition(() => ctx.cancelled || allAnswered(ctx) || ctx.deadlineVersion !== version, remaining);
    }
    if (ctx.cancelled) return 'CANCELLED';
    const outcome = await concludeAlignment(ctx);
    if (outcome !== 'EXTENDED') return outcome;
  }
}

async function concludeAlignment(ctx: CallContext): Promise<'AWAITING_OPENING' | 'CANCELLED' | 'EXTENDED'> {
  return ctx.serial(async () => {
    if (ctx.cancelled) return 'CANCELLED' as const;
    // An extension serialised just before the conclusion wins: check again in turn.
    if (!allAnswered(ctx) && millisUntil(ctx.state!.alignmentDeadline) > 0) return 'EXTENDED' as const;
    const state = ctx.state!;
    const outcome = alignmentOutcome(state.commitments, state.minConfirmedRegions);
    const droppedOut = state.commitments.filter((c) => c.status === 'INVITED' || c.status === 'PROPOSED');
    await callActivities.concludeAlignment({
      callId: ctx.callId,
      confirmedRegions: outcome.confirmedRegions,
      droppedOutAgencyIds: droppedOut.map((c) => c.agencyId),
      opens: outcome.opens,
      reason: outcome.reason,
    });
    for (const commitment of droppedOut) commitment.status = 'DROPPED_OUT';
    log.info('Fund alignment concluded', { opens: outcome.opens, confirmedRegions: outcome.confirmedRegions });
    if (!outcome.opens) {
      ctx.phase = 'CANCELLED';
      ctx.cancelled = true;
      return 'CANCELLED' as const;
    }
    ctx.phase = 'AWAITING_OPENING';
    return 'AWAITING_OPENING' as const;
  });
}
