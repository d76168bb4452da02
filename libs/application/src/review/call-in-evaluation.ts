import { DomainError } from '@app/domain';

/**
 * IN_EVALUATION — or DECIDED, for a proposal re-opened by an upheld redress after the decision (SPEC V9):
 * its new consensus puts it on the reserve list, and the reserve-promotion path (F5) decides.
 */
export function assertCallInEvaluation(state: string | null, what: string): void {
  if (state !== 'IN_EVALUATION' && state !== 'DECIDED') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${state ?? 'gone'}; ${what} while it is IN_EVALUATION.`,
      'conflict',
      [],
      { state: state ?? 'gone', allowed: ['IN_EVALUATION'] },
    );
  }
}
