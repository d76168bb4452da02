import { DomainError } from '@app/domain';
import { refusal } from './activity-failure';

/**
 * Runs a use case for an activity: its refusals named in `codes`, and a state machine's
 * ILLEGAL_TRANSITION, become non-retryable activity refusals (retrying cannot change the answer). Any
 * other error stays as it is, retryable.
 */
export async function refusingWith<T>(codes: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof DomainError &&
      error.kind !== 'forbidden' &&
      (codes.includes(error.code) || error.code === 'ILLEGAL_TRANSITION')
    )
      throw refusal(error.kind, error.code, error.message, [...error.violations], error.params);
    throw error;
  }
}
