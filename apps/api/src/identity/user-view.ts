import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language } from '@app/domain';
import type { GrantDto, UserDto } from './identity.dto';

/** Reads a user with display names of the scopes of its grants (for `/me` and `POST /users`). */
@Injectable()
export class UserView {
  async load(manager: EntityManager, userId: string): Promise<UserDto | null> {
    const users: Array<{ id: string; email: string; display_name: string; status: string; language: Language }> =
      await manager.query('SELECT id, email, display_name, status, language FROM app_user WHERE id = $1', [userId]);
    if (users.length === 0) return null;
    const grants: Array<{
      role: string;
      status: string;
      agency_id: string | null;
      agency_name: string | null;
      region_code: string | null;
      organisation_id: string | null;
      organisation_name: string | null;
    }> = await manager.query(
      `SELECT g.role, g.status, g.agency_id, a.name AS agency_name, coalesce(a.region_code, o.region_code) AS region_code, g.organisation_id, o.legal_name AS organisation_name
           FROM role_grant g LEFT JOIN funding_agency a ON a.id = g.agency_id LEFT JOIN organisation o ON o.id = g.organisation_id
          WHERE g.user_id = $1 AND g.status <> 'REVOKED' ORDER BY g.created_at`,
      [userId],
    );
    return {
      id: users[0].id,
      email: users[0].email,
      displayName: users[0].display_name,
      status: users[0].status,
      language: users[0].language,
      grants: grants.map((g): GrantDto => ({
        role: g.role,
        status: g.status,
        ...(g.agency_id
          ? { agencyId: g.agency_id, agencyName: g.agency_name ?? undefined, regionCode: g.region_code ?? undefined }
          : {}),
        ...(g.organisation_id
          ? {
              organisationId: g.organisation_id,
              organisationName: g.organisation_name ?? undefined,
              regionCode: g.region_code ?? undefined,
            }
          : {}),
      })),
    };
  }
}
