import { ApplicationFailure } from '@temporalio/activity';
import { failureType } from '@app/contracts';
import type { Violation } from '@app/domain';

/**
 * A domain refusal inside an activity: non-retryable (retrying cannot change the answer), typed
 * `<kind>:<CODE>` with the violations as details, so the API can answer 409 or 422 naming each rule.
 */
export function refusal(kind: 'conflict' | 'rule' | 'not-found', code: string, message: string, violations: Violation[] = []): ApplicationFailure {
  return ApplicationFailure.create({ type: failureType(kind, code), message, nonRetryable: true, details: [violations] });
}
