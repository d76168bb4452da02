import { condition } from '@temporalio/workflow';
import { eligibilityActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/**
 * Regional eligibility check (SPEC R1–R2), until the programme manager starts the evaluation. Agencies record their
 * decisions in PostgreSQL; at the eligibility deadline — and at every deadline the programme manager grants one
 * agency afterwards — the decisions still missing are escalated to the programme managers. A proposal without all its
 * decisions waits: it never passes silently.
 */
export async function runEligibilityPhase(ctx: CallContext): Promise<'CANCELLED' | 'EVALUATION'> {
  return escalateMissingDecisions(ctx, () => (ctx.evaluationStarted ? 'EVALUATION' : undefined));
}

/**
 * Review (SPEC V1–V5): proposal review workflows own the offers and reviews; the call keeps escalating
 * regional decisions still missing, since late proposals join the review as they become eligible.
 */
export async function runEvaluationPhase(ctx: CallContext): Promise<'CANCELLED' | 'RANKED' | 'OPEN'> {
  return escalateMissingDecisions(ctx, () => ctx.afterRanking);
}

/** The escalation loop of both phases, until the call is cancelled or `handOver` names the next phase. */
async function escalateMissingDecisions<P extends string>(
  ctx: CallContext,
  handOver: () => P | undefined,
): Promise<'CANCELLED' | P> {
  const state = ctx.state!;
  state.eligibilityWakeups ??= [state.eligibilityDeadline];
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    const handedTo = handOver();
    if (handedTo !== undefined) return handedTo;
    const next = [...state.eligibilityWakeups].sort()[0];
    const version = ctx.deadlineVersion;
    if (next === undefined) {
      await condition(() => ctx.cancelled || handOver() !== undefined || ctx.deadlineVersion !== version);
      continue;
    }
    const remaining = millisUntil(next);
    if (remaining > 0) {
      await condition(() => ctx.cancelled || handOver() !== undefined || ctx.deadlineVersion !== version, remaining);
      continue;
    }
    await ctx.serial(async () => {
      if (ctx.cancelled) return;
      await eligibilityActivities.escalateMissingEligibility({ callId: ctx.callId, at: next });
      state.eligibilityWakeups = state.eligibilityWakeups!.filter((w) => w !== next);
    });
  }
}
