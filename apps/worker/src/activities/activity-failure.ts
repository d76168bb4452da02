import { ApplicationFailure } from '@temporalio/activity';
import { failureType } from '@app/contracts';
import type { ProblemParams, Violation } from '@app/domain';
import type { CallRecord, CallRepository, Tx } from '@app/persistence';

/**
 * A domain refusal inside an activity: non-retryable (retrying cannot change the answer), typed
 * `<kind>:<CODE>` with the violations (and the values the message names) as details, so the API can
 * answer 409 or 422 naming each rule.
 */
export function refusal(
  kind: 'conflict' | 'rule' | 'not-found',
  code: string,
  message: string,
  violations: Violation[] = [],
  params?: ProblemParams,
): ApplicationFailure {
  return ApplicationFailure.create({
    type: failureType(kind, code),
    message,
    nonRetryable: true,
    details: params ? [violations, params] : [violations],
  });
}

/** The call row under its exclusive lock (SPEC S1 ordering), or a non-retryable not-found refusal. */
export async function lockCall(calls: CallRepository, tx: Tx, callId: string): Promise<CallRecord> {
  const call = await calls.find(tx, callId, true);
  if (!call) throw refusal('not-found', 'CALL_NOT_FOUND', `Call ${callId} not found.`, [], { callId });
  return call;
}
