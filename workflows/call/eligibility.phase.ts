import { condition } from '@temporalio/workflow';
import { eligibilityActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/**
 * Regional eligibility check (SPEC R1–R2). Agencies record their decisions in PostgreSQL; at the
 * eligibility deadline — and at every deadline the programme manager grants one agency afterwards —
 * the decisions still missing are escalated to the programme managers. A proposal without all its
 * decisions waits: it never passes silently. The evaluation issue adds the move to IN_EVALUATION.
 */
export async function runEligibilityPhase(ctx: CallContext): Promise<'CANCELLED'> {
  const state = ctx.state!;
  state.eligibilityWakeups ??= [state.eligibilityDeadline];
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    const next = [...state.eligibilityWakeups].sort()[0];
    const version = ctx.deadlineVersion;
    if (next === undefined) {
      await condition(() => ctx.cancelled || ctx.deadlineVersion !== version);
      continue;
    }
    const remaining = millisUntil(next);
    if (remaining > 0) {
      await condition(() => ctx.cancelled || ctx.deadlineVersion !== version, remaining);
      continue;
    }
    await ctx.serial(async () => {
      if (ctx.cancelled) return;
      await eligibilityActivities.escalateMissingEligibility({ callId: ctx.callId, at: next });
      state.eligibilityWakeups = state.eligibilityWakeups!.filter((w) => w !== next);
    });
  }
}
