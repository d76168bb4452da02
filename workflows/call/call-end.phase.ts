import { condition, workflowInfo } from '@temporalio/workflow';
import { CALL_END_LOOK_INTERVAL_MS, callEndWakeAt, nextCallEndStep } from '@app/domain';
import { callEndActivities } from './call-activities';
import type { CallContext } from './call-context';

/**
 * One look at the call's end (SPEC §4 DECIDED → MONITORING → CLOSED), in turn with the updates: the facts are read,
 * the domain says whether the call moves, and the activity moves the table (asking the domain again under the call's
 * lock). Returns the phase the table is now in when it is past `phase`, or `null` to wait for the next change.
 */
export async function lookAtCallEnd(
  ctx: CallContext,
  phase: 'DECIDED' | 'MONITORING',
): Promise<'MONITORING' | 'CLOSED' | null> {
  ctx.endChanged = false;
  return ctx.serial(async () => {
    const facts = await callEndActivities.callEndFacts({ callId: ctx.callId });
    const now = Date.now();
    const step = nextCallEndStep(facts, now);
    ctx.endWakeAt = callEndWakeAt(facts, now);
    const moved =
      step.kind === 'MONITOR' || step.kind === 'CLOSE'
        ? await callEndActivities.advanceCallEnd({
            callId: ctx.callId,
            to: step.kind === 'MONITOR' ? 'MONITORING' : 'CLOSED',
            at: new Date(now).toISOString(),
          })
        : null;
    const state = moved?.state ?? facts.state;
    if (state === 'CLOSED' || (state === 'MONITORING' && phase === 'DECIDED')) {
      // Updates queued behind this look see the new phase (and refuse what DECIDED alone allows).
      ctx.phase = state;
      return state;
    }
    return null;
  });
}

/**
 * How long the DECIDED phase waits unsignalled before it looks again: a day, or less when the last redress window of
 * the call closes sooner (the end then comes at that instant, not up to a day later).
 */
export function untilNextCallEndLook(ctx: CallContext): number {
  if (ctx.endWakeAt == null) return CALL_END_LOOK_INTERVAL_MS;
  return Math.max(1, Math.min(CALL_END_LOOK_INTERVAL_MS, ctx.endWakeAt - Date.now()));
}

/**
 * MONITORING (SPEC §4): the funded projects run; nothing awaits the call but their end. Each signal (a project
 * ended, or anything else the end depends on) makes it look again, and so does a day without one; once every project has ended the call is CLOSED
 * and the workflow completes. The phase lasts as long as the projects do: when Temporal suggests a new run it
 * continues as new into MONITORING.
 */
export async function runMonitoringPhase(ctx: CallContext): Promise<'MONITORING' | 'CLOSED'> {
  ctx.endChanged = true;
  for (;;) {
    // Once a day unsignalled as well: a lost signal costs a day, not the call's end.
    if (!(await condition(() => ctx.endChanged || workflowInfo().continueAsNewSuggested, CALL_END_LOOK_INTERVAL_MS)))
      ctx.endChanged = true;
    if (!ctx.endChanged) return 'MONITORING';
    if ((await lookAtCallEnd(ctx, 'MONITORING')) === 'CLOSED') return 'CLOSED';
  }
}
