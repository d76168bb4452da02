import { condition, patched, workflowInfo } from '@temporalio/workflow';
import { CALL_END_LOOK_INTERVAL_MS, promotionEscalationAt } from '@app/domain';
import { fundingActivities } from './call-activities';
import type { CallContext } from './call-context';
import { lookAtCallEnd, untilNextCallEndLook } from './call-end.phase';

/**
 * Runs that entered DECIDED before promotions were timed keep waiting as they did (replay: call-lifecycle-8-decided).
 */
export const PROMOTION_APPROVAL_PATCH = 'decided-promotion-approval-escalation';

/** Runs that entered DECIDED before it renewed its history keep waiting in one run, as they did. */
export const DECIDED_RENEWAL_PATCH = 'decided-continue-as-new';

/**
 * Runs that entered DECIDED before the call had an end keep waiting as they did (replay: the `-before-call-end`
 * histories); a signal sent to them only sets a flag.
 */
export const CALL_END_PATCH = 'decided-call-end';

/**
 * Runs that entered DECIDED before the redress windows held the call there look once a day unsignalled, as they did
 * (replay: `call-lifecycle-10-decided-to-monitoring-before-redress-window`); later runs also wake when the last window
 * closes.
 */
export const CALL_END_REDRESS_WINDOW_PATCH = 'decided-call-end-redress-window';

/**
 * The decision is made (SPEC §4 DECIDED); the call can no longer be cancelled. Reserve promotions (F5) are
 * proposed and answered by updates; this phase times each one: the agencies it asks that are still silent
 * after the approval period are reminded and the programme managers alerted (the decision's escalation
 * activity, narrowed to the promotion's agencies), again every interval while they stay silent. A promotion
 * never passes silently; its approval, an objection or a revision ends the count.
 *
 * The call moves on to MONITORING once the decision is final and every funded project has started (or CLOSED at
 * once when it funded nothing; `nextCallEndStep`): the phase looks at the facts when it starts and whenever it is
 * signalled that a project started or ended, a redress was decided or the reserve list closed (and once a day
 * unsignalled, or sooner when the last redress window of the call closes: V9 keeps the decision open until then),
 * while no promotion awaits the agencies.
 * The phase lasts as long as the reserve list is open: when Temporal suggests a new run and no promotion is
 * awaited, it continues as new into DECIDED with the state it carries.
 */
export async function runDecidedPhase(ctx: CallContext): Promise<'DECIDED' | 'MONITORING' | 'CLOSED' | 'CANCELLED'> {
  if (!patched(PROMOTION_APPROVAL_PATCH)) {
    await condition(() => false);
    return 'CANCELLED';
  }
  const renews = patched(DECIDED_RENEWAL_PATCH);
  const ends = patched(CALL_END_PATCH);
  const wakesAtWindow = ends && patched(CALL_END_REDRESS_WINDOW_PATCH);
  const renewalDue = (): boolean => renews && workflowInfo().continueAsNewSuggested;
  // A run looks once when it starts: what changed while the previous run handed over is not lost.
  if (ends) ctx.endChanged = true;
  const woken = (): boolean => ctx.state?.funding?.status === 'PROPOSED' || renewalDue() || (ends && ctx.endChanged);
  for (;;) {
    if (!ends) await condition(woken);
    // Also once a day unsignalled (a re-evaluation after redress ends without telling the call), and when the last
    // redress window closes.
    else if (!(await condition(woken, wakesAtWindow ? untilNextCallEndLook(ctx) : CALL_END_LOOK_INTERVAL_MS)))
      ctx.endChanged = true;
    if (ctx.state?.funding?.status !== 'PROPOSED') {
      if (!(ends && ctx.endChanged)) return 'DECIDED';
      const moved = await lookAtCallEnd(ctx, 'DECIDED');
      if (moved) return moved;
      continue;
    }
    const { decisionId, agencyIds } = ctx.state!.funding!;
    const proposedAt = Date.now();
    const awaited = (): boolean =>
      ctx.state?.funding?.status === 'PROPOSED' && ctx.state.funding.decisionId === decisionId;
    for (let n = 0; awaited(); n += 1) {
      const at = promotionEscalationAt(proposedAt, n);
      if (await condition(() => !awaited(), Math.max(1, at - Date.now()))) break;
      await ctx.serial(async () => {
        if (!awaited()) return;
        await fundingActivities.escalateSilentAgencies({
          callId: ctx.callId,
          decisionId,
          at: new Date(at).toISOString(),
          agencyIds,
        });
      });
    }
  }
}
