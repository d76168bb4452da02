import { condition } from '@temporalio/workflow';
import type { CallContext } from './call-context';

/**
 * The call is open for submissions. The submission phase (next issue) will close it at the deadline;
 * until then the workflow keeps serving updates (raises of commitments, deadline extensions, cancel).
 */
export async function runOpenPhase(ctx: CallContext): Promise<'CANCELLED'> {
  await condition(() => ctx.cancelled);
  return 'CANCELLED';
}
