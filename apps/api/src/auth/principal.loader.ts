import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/common';
import type { RoleGrant } from '@app/domain';

interface GrantRow {
  role: RoleGrant['role'];
  agency_id: string | null;
  organisation_id: string | null;
}

/** Loads an active user and its active grants; `null` when the user is unknown, unverified or disabled. */
@Injectable()
export class PrincipalLoader {
  constructor(private readonly dataSource: DataSource) {}

  async load(userId: string): Promise<Principal | null> {
    const users: Array<{ id: string; email: string; display_name: string }> = await this.dataSource.query(
      "SELECT id, email, display_name FROM app_user WHERE id = $1 AND status = 'ACTIVE'",
      [userId],
    );
    if (users.length === 0) return null;
    const grants: GrantRow[] = await this.dataSource.query(
      "SELECT role, agency_id, organisation_id FROM role_grant WHERE user_id = $1 AND status = 'ACTIVE' ORDER BY created_at",
      [userId],
    );
    return {
      userId: users[0].id,
      email: users[0].email,
      displayName: users[0].display_name,
      grants: grants.map(toGrant),
    };
  }
}

export function toGrant(row: GrantRow): RoleGrant {
  if (row.role === 'AGENCY_OFFICER') return { role: 'AGENCY_OFFICER', agencyId: row.agency_id as string };
  if (row.role === 'APPLICANT') return { role: 'APPLICANT', organisationId: row.organisation_id as string };
  return { role: row.role };
}
