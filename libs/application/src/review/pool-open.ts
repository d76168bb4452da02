import { DomainError } from '@app/domain';
import type { CallRecord } from '@app/persistence';

/** Calls whose pool no longer changes: nothing is left to evaluate. */
const POOL_CLOSED_STATES = ['CANCELLED', 'CLOSED'];

export function assertPoolOpen(call: CallRecord): void {
  if (POOL_CLOSED_STATES.includes(call.state)) {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${call.state}; its evaluators no longer change.`,
      'conflict',
      [],
      { state: call.state },
    );
  }
}
