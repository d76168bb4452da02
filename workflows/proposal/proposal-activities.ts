import { proxyActivities } from '@temporalio/workflow';
import type { ProposalActivities } from '@app/contracts';

/** The proposal's timers: one read, and an escalation that may touch every pending decision of the call. */
export const proposalActivities = proxyActivities<ProposalActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
