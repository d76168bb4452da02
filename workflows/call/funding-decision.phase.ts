import { condition } from '@temporalio/workflow';
import { fundingActivities } from './call-activities';
import { millisUntil, type CallContext } from './call-context';

/**
 * The agencies' approval of the proposed decision (SPEC F4). Answers arrive as updates; this phase owns
 * the decision deadline: agencies still silent when it passes are reminded and escalated, once per
 * deadline, and the decision waits — it never passes silently — until they answer or the programme
 * manager extends the deadline. An objection returns the decision to the programme manager, whose
 * revision (a new proposal) starts the approvals again. Every approval → DECIDED.
 */
export async function runFundingDecisionPhase(ctx: CallContext): Promise<'CANCELLED' | 'DECIDED'> {
  for (;;) {
    if (ctx.cancelled) return 'CANCELLED';
    if (ctx.decisionMoved === 'DECIDED') return 'DECIDED';
    const state = ctx.state!;
    const funding = state.funding!;
    const deadline = state.decisionDeadline;
    const version = ctx.deadlineVersion;
    const decisionId = funding.decisionId;
    const moved = (): boolean =>
      ctx.cancelled ||
      ctx.decisionMoved === 'DECIDED' ||
      ctx.deadlineVersion !== version ||
      state.funding?.decisionId !== decisionId;
    const due = funding.status === 'PROPOSED' && !funding.escalatedAt.includes(deadline);
    const remaining = millisUntil(deadline);
    if (!due) {
      await condition(
        () => moved() || (state.funding?.status === 'PROPOSED' && !state.funding.escalatedAt.includes(deadline)),
      );
      continue;
    }
    if (remaining > 0) {
      await condition(moved, remaining);
      continue;
    }
    await ctx.serial(async () => {
      const current = ctx.state!.funding;
      if (
        ctx.cancelled ||
        !current ||
        current.status !== 'PROPOSED' ||
        current.escalatedAt.includes(deadline) ||
        millisUntil(ctx.state!.decisionDeadline) > 0
      )
        return;
      await fundingActivities.escalateSilentAgencies({
        callId: ctx.callId,
        decisionId: current.decisionId,
        at: deadline,
      });
      current.escalatedAt = [...current.escalatedAt, deadline];
    });
  }
}
