/** The roles of SPEC §2. A user holds grants, each a role with its own scope. */
export const ROLES = ['ADMIN', 'PROGRAMME_MANAGER', 'AGENCY_OFFICER', 'APPLICANT', 'EVALUATOR'] as const;
export type Role = (typeof ROLES)[number];

export const ORGANISATION_TYPES = [
  'SME',
  'LARGE_ENTERPRISE',
  'UNIVERSITY',
  'RESEARCH_ORG',
  'CLUSTER_ORG',
  'PUBLIC_BODY',
  'OTHER',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** A role grant with its scope: officers act for one agency, applicants for one organisation. */
export type RoleGrant =
  | { role: 'ADMIN' | 'PROGRAMME_MANAGER' | 'EVALUATOR' }
  | { role: 'AGENCY_OFFICER'; agencyId: string }
  | { role: 'APPLICANT'; organisationId: string };

/** Staff roles an admin creates with `POST /users` (applicants register, evaluators are invited). */
export const STAFF_ROLES = ['ADMIN', 'PROGRAMME_MANAGER', 'AGENCY_OFFICER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
