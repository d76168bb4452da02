import { proxyActivities } from '@temporalio/workflow';
import type {
  CallActivities,
  CallEndActivities,
  EligibilityActivities,
  FundingDecisionActivities,
} from '@app/contracts';

/** Database writes of the call lifecycle; each is idempotent and refuses broken rules as non-retryable failures. */
export const callActivities = proxyActivities<CallActivities>({
  // Short: these are single database transactions; a worker killed mid-activity is retried within seconds.
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The close at the deadline and the eligibility escalations touch every proposal of a call: a longer budget. */
export const eligibilityActivities = proxyActivities<EligibilityActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The funding decision's transactions lock every commitment of the call and may write many grants: a longer budget. */
export const fundingActivities = proxyActivities<FundingDecisionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** The call's end after DECIDED: a read and a single-row transition. */
export const callEndActivities = proxyActivities<CallEndActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
