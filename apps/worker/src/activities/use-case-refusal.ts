import { DomainError } from '@app/domain';
import { refusal } from './activity-failure';

/** A use case's refusal as the activity's non-retryable failure (`<kind>:<CODE>`, violations and params). */
export async function refusing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError)
      throw refusal(
        error.kind === 'not-found' ? 'not-found' : error.kind === 'conflict' ? 'conflict' : 'rule',
        error.code,
        error.message,
        [...error.violations],
        error.params,
      );
    throw error;
  }
}
