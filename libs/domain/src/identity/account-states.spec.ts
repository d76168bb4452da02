import { DomainError } from '../domain-error';
import { GRANT_STATUSES, roleGrantMachine, USER_STATUSES, userAccountMachine } from './account-states';

function movesOf<S extends string>(states: readonly S[], can: (from: S, to: S) => boolean): string[] {
  return states.flatMap((from) => states.filter((to) => can(from, to)).map((to) => `${from}>${to}`));
}

describe('identity state machines', () => {
  it('an account is verified once and may be disabled; a disabled account stays so', () => {
    expect(movesOf(USER_STATUSES, userAccountMachine.can)).toEqual([
      'PENDING_VERIFICATION>ACTIVE',
      'PENDING_VERIFICATION>DISABLED',
      'ACTIVE>DISABLED',
    ]);
    expect(() => userAccountMachine.assert('DISABLED', 'ACTIVE')).toThrow(DomainError);
  });

  it('a membership request is approved or revoked; a revoked grant may be granted again', () => {
    expect(movesOf(GRANT_STATUSES, roleGrantMachine.can)).toEqual([
      'ACTIVE>REVOKED',
      'PENDING_APPROVAL>ACTIVE',
      'PENDING_APPROVAL>REVOKED',
      'REVOKED>ACTIVE',
      'REVOKED>PENDING_APPROVAL',
    ]);
    expect(() => roleGrantMachine.assert('ACTIVE', 'PENDING_APPROVAL')).toThrow(/role grant is ACTIVE/);
  });
});
