import { ApplicationFailure } from '@temporalio/common';
import { DomainError, type DomainErrorKind, type ProblemParams, type Violation } from '@app/domain';

/**
 * How a domain refusal crosses Temporal: an `ApplicationFailure` typed `<kind>:<CODE>`, non-retryable
 * (retrying cannot change the answer), with `[violations, params?]` as details. The worker's interceptors
 * encode every `DomainError` an activity or an update throws; the API decodes the failure back into the
 * `DomainError` its problem+json filter answers with (409, 422, 404).
 */
export type FailureKind = 'conflict' | 'rule' | 'not-found';

export function failureType(kind: FailureKind, code: string): string {
  return `${kind}:${code}`;
}

/** `forbidden` travels as `rule`: authorisation is the API's, a refusal inside the workflow is a rule. */
function failureKind(kind: DomainErrorKind): FailureKind {
  return kind === 'conflict' || kind === 'not-found' ? kind : 'rule';
}

export function toApplicationFailure(error: DomainError): ApplicationFailure {
  const violations = [...error.violations];
  return ApplicationFailure.create({
    type: failureType(failureKind(error.kind), error.code),
    message: error.message,
    nonRetryable: true,
    details: error.params ? [violations, error.params] : [violations],
  });
}

function isParams(value: unknown): value is ProblemParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The refusal a workflow or activity failed with, as the domain error it was. */
export function toDomainError(failure: ApplicationFailure): DomainError {
  const [kind, code] = (failure.type ?? 'rule:UNKNOWN').split(':') as [DomainErrorKind, string];
  const details = failure.details?.[0];
  const violations = Array.isArray(details) ? (details as Violation[]) : [];
  const params = failure.details?.[1];
  return new DomainError(code, failure.message, kind, violations, isParams(params) ? params : undefined);
}

/** A refusal encoded by the codec: `<kind>:<CODE>`. Other application failures are not refusals. */
export function isRefusal(failure: ApplicationFailure): boolean {
  return failure.type?.includes(':') ?? false;
}
