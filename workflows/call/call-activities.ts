import { proxyActivities } from '@temporalio/workflow';
import type { CallActivities } from '@app/contracts';

/** Database writes of the call lifecycle; each is idempotent and refuses broken rules as non-retryable failures. */
export const callActivities = proxyActivities<CallActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
