import { condition } from '@temporalio/workflow';
import type { CallContext } from './call-context';

/**
 * The ranking is final (SPEC §4 RANKED): the call waits for the programme manager to propose the
 * funding decision (`proposeFundingDecision` update), or a cancellation.
 */
export async function runRankedPhase(ctx: CallContext): Promise<'CANCELLED' | 'FUNDING_DECISION'> {
  await condition(() => ctx.cancelled || ctx.decisionMoved !== undefined);
  return ctx.cancelled ? 'CANCELLED' : 'FUNDING_DECISION';
}
