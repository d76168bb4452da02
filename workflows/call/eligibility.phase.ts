import { condition, patched } from '@temporalio/workflow';
import { eligibilityActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/**
 * From this patch on each proposal's own workflow escalates its missing regional decisions (its timers); before
 * it, the call's phases did, for the whole call.
 */
export const PROPOSAL_ESCALATES_PATCH = 'proposal-escalates-its-eligibility';

/**
 * Regional eligibility check (SPEC R1–R2), until the programme manager starts the evaluation. Agencies record their
 * decisions in PostgreSQL; at the eligibility deadline — and at every deadline the programme manager grants one
 * agency afterwards — the decisions still missing are escalated to the programme managers by the proposals' own
 * workflows. A proposal without all its decisions waits: it never passes silently.
 */
export async function runEligibilityPhase(ctx: CallContext): Promise<'CANCELLED' | 'EVALUATION'> {
  return escalateMissingDecisions(ctx, () => (ctx.evaluationStarted ? 'EVALUATION' : undefined));
}

/**
 * Review (SPEC V1–V5): proposal review workflows own the offers and reviews; late proposals join the review as
 * they become eligible (their regional decisions still escalated by their own workflows).
 */
export async function runEvaluationPhase(ctx: CallContext): Promise<'CANCELLED' | 'RANKED' | 'OPEN'> {
  return escalateMissingDecisions(ctx, () => ctx.afterRanking);
}

/**
 * Both phases wait until the call is cancelled or `handOver` names the next phase; runs from before
 * {@link PROPOSAL_ESCALATES_PATCH} escalate the call's missing decisions meanwhile (`eligibilityWakeups`).
 */
async function escalateMissingDecisions<P extends string>(
  ctx: CallContext,
  handOver: () => P | undefined,
): Promise<'CANCELLED' | P> {
  if (patched(PROPOSAL_ESCALATES_PATCH)) {
    await condition(() => ctx.cancelled || handOver() !== undefined);
    return ctx.cancelled ? 'CANCELLED' : handOver()!;
  }
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
