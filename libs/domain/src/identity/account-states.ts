import { defineStateMachine } from '../state-machine';

/** An account's status (`app_user.status`): unverified until the e-mailed link is followed; disabled for good. */
export const USER_STATUSES = ['PENDING_VERIFICATION', 'ACTIVE', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const userAccountMachine = defineStateMachine<UserStatus>('user account', {
  PENDING_VERIFICATION: ['ACTIVE', 'DISABLED'],
  ACTIVE: ['DISABLED'],
  DISABLED: [],
});

/**
 * A role grant's status (`role_grant.status`), the organisation membership among them: a request to join
 * waits for a member's approval; a revoked grant may be granted again (pending or at once).
 */
export const GRANT_STATUSES = ['ACTIVE', 'PENDING_APPROVAL', 'REVOKED'] as const;
export type RoleGrantStatus = (typeof GRANT_STATUSES)[number];

export const roleGrantMachine = defineStateMachine<RoleGrantStatus>('role grant', {
  PENDING_APPROVAL: ['ACTIVE', 'REVOKED'],
  ACTIVE: ['REVOKED'],
  REVOKED: ['ACTIVE', 'PENDING_APPROVAL'],
});
