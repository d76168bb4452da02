import type { Role, RoleGrant } from '@app/domain';

/** The authenticated caller, loaded from PostgreSQL on every request (grants are never trusted from the token). */
export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  grants: RoleGrant[];
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return principal.grants.some((g) => roles.includes(g.role));
}

/** Organisations the caller acts for as an applicant. */
export function organisationIdsOf(principal: Principal): string[] {
  return principal.grants.flatMap((g) => (g.role === 'APPLICANT' ? [g.organisationId] : []));
}

/** Agencies the caller acts for as an officer. */
export function agencyIdsOf(principal: Principal): string[] {
  return principal.grants.flatMap((g) => (g.role === 'AGENCY_OFFICER' ? [g.agencyId] : []));
}

/** The role recorded in audit events: the most privileged one the caller holds. */
export function auditRoleOf(principal: Principal): Role {
  const order: Role[] = ['ADMIN', 'PROGRAMME_MANAGER', 'AGENCY_OFFICER', 'EVALUATOR', 'APPLICANT'];
  return order.find((role) => hasRole(principal, role)) ?? 'APPLICANT';
}
