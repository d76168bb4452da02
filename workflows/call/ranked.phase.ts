import { condition } from '@temporalio/workflow';
import type { CallContext } from './call-context';

/**
 * The ranking is final (SPEC §4 RANKED). The funding decision (a later phase) starts from here; until it
 * exists the call waits, and can still be cancelled.
 */
export async function runRankedPhase(ctx: CallContext): Promise<'CANCELLED'> {
  await condition(() => ctx.cancelled);
  return 'CANCELLED';
}
