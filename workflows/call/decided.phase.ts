import { condition } from '@temporalio/workflow';
import type { CallContext } from './call-context';

/**
 * The decision is made (SPEC §4 DECIDED). Reserve promotion (F5) and the monitoring phase are added
 * here by later work; until then the call waits. It can no longer be cancelled.
 */
export async function runDecidedPhase(_ctx: CallContext): Promise<'CANCELLED'> {
  await condition(() => false);
  return 'CANCELLED';
}
