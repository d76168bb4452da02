import { proxyActivities } from '@temporalio/workflow';
import type { AssignmentJobActivities, ReviewActivities } from '@app/contracts';

/** Single transactions on a proposal's assignments; idempotent, refusals are non-retryable. */
export const reviewActivities = proxyActivities<ReviewActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The solver of a whole call: minutes at most (SPEC P2: ≤ 30 s at conference scale), with heartbeats. */
export const assignmentJobActivities = proxyActivities<AssignmentJobActivities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 3 },
});
