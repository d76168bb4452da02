import { DomainError } from '@app/domain';
import { refusal } from './activity-failure';

/** A domain refusal as the activity's non-retryable failure (409 / 422 / 404 at the API). */
export function refused(error: unknown): never {
  if (error instanceof DomainError)
    throw refusal(
      error.kind === 'conflict' ? 'conflict' : error.kind === 'not-found' ? 'not-found' : 'rule',
      error.code,
      error.message,
      [...error.violations],
      error.params,
    );
  throw error;
}

/** A project use case's answer, its domain refusals as the activity's non-retryable failures. */
export function refusing<T>(work: Promise<T>): Promise<T> {
  return work.catch(refused);
}
