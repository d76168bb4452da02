import { Injectable } from '@nestjs/common';
import type { RoleGrantStatus, Language, RoleGrant, UserStatus } from '@app/domain';
import type { Tx } from '../unit-of-work';
import type { RoleGrantRow, UserRow } from '../repositories/user.repository';

export interface UserProfileGrant {
  role: RoleGrant['role'];
  status: RoleGrantStatus;
  agencyId: string | null;
  agencyName: string | null;
  organisationId: string | null;
  organisationName: string | null;
  /** The agency's region, else the organisation's. */
  regionCode: string | null;
}

export interface UserProfile {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
  language: Language;
  /** Every grant but the revoked, oldest first, with the names of their scopes. */
  grants: UserProfileGrant[];
}

/** A user as `/me` and `POST /users` show it. */
@Injectable()
export class UserProfileReadModel {
  async load(tx: Tx, userId: string): Promise<UserProfile | null> {
    const users: Array<Pick<UserRow, 'id' | 'email' | 'display_name' | 'status' | 'language'>> = await tx.query(
      'SELECT id, email, display_name, status, language FROM app_user WHERE id = $1',
      [userId],
    );
    if (users.length === 0) return null;
    const grants: Array<
      Pick<RoleGrantRow, 'role' | 'status' | 'agency_id' | 'organisation_id'> & {
        agency_name: string | null;
        region_code: string | null;
        organisation_name: string | null;
      }
    > = await tx.query(
      `SELECT g.role, g.status, g.agency_id, a.name AS agency_name,
              coalesce(a.region_code, o.region_code) AS region_code, g.organisation_id,
              o.legal_name AS organisation_name
         FROM role_grant g
         LEFT JOIN funding_agency a ON a.id = g.agency_id
         LEFT JOIN organisation o ON o.id = g.organisation_id
        WHERE g.user_id = $1 AND g.status <> 'REVOKED' ORDER BY g.created_at`,
      [userId],
    );
    const user = users[0];
    return {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      status: user.status,
      language: user.language,
      grants: grants.map((g) => ({
        role: g.role,
        status: g.status,
        agencyId: g.agency_id,
        agencyName: g.agency_name,
        organisationId: g.organisation_id,
        organisationName: g.organisation_name,
        regionCode: g.region_code,
      })),
    };
  }
}
