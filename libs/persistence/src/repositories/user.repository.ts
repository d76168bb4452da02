import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Language, RoleGrant } from '@app/domain';

export type UserStatus = 'PENDING_VERIFICATION' | 'ACTIVE' | 'DISABLED';
export type GrantStatus = 'ACTIVE' | 'PENDING_APPROVAL' | 'REVOKED';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
}

/** Users and their role grants. E-mail addresses are unique case-insensitively. */
@Injectable()
export class UserRepository {
  async findByEmail(manager: EntityManager, email: string, lock = false): Promise<UserRecord | null> {
    const rows: Array<{ id: string; email: string; display_name: string; status: UserStatus }> = await manager.query(
      `SELECT id, email, display_name, status FROM app_user WHERE email_normalised = lower($1)${lock ? ' FOR UPDATE' : ''}`,
      [email],
    );
    return rows[0]
      ? { id: rows[0].id, email: rows[0].email, displayName: rows[0].display_name, status: rows[0].status }
      : null;
  }

  async findById(manager: EntityManager, id: string): Promise<UserRecord | null> {
    const rows: Array<{ id: string; email: string; display_name: string; status: UserStatus }> = await manager.query(
      'SELECT id, email, display_name, status FROM app_user WHERE id = $1',
      [id],
    );
    return rows[0]
      ? { id: rows[0].id, email: rows[0].email, displayName: rows[0].display_name, status: rows[0].status }
      : null;
  }

  /** Creates a user, or returns null when the e-mail is taken (the caller decides what that means). */
  async create(
    manager: EntityManager,
    input: {
      email: string;
      displayName: string;
      passwordHash: string | null;
      status: UserStatus;
      verified: boolean;
      language?: Language;
    },
  ): Promise<UserRecord | null> {
    const id = randomUUID();
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO app_user (id, email, display_name, password_hash, status, email_verified_at, language)
       VALUES ($1, $2, $3, $4, $5, CASE WHEN $6 THEN clock_timestamp() END, coalesce($7, 'en'))
       ON CONFLICT ON CONSTRAINT app_user_email_unique DO NOTHING RETURNING id`,
      [
        id,
        input.email.trim(),
        input.displayName.trim(),
        input.passwordHash,
        input.status,
        input.verified,
        input.language ?? null,
      ],
    );
    if (rows.length === 0) return null;
    return { id, email: input.email.trim(), displayName: input.displayName.trim(), status: input.status };
  }

  /** The account's language: the web app's and its e-mails'. */
  async setLanguage(manager: EntityManager, userId: string, language: Language): Promise<void> {
    await manager.query('UPDATE app_user SET language = $2, updated_at = clock_timestamp() WHERE id = $1', [
      userId,
      language,
    ]);
  }

  async setPassword(manager: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await manager.query('UPDATE app_user SET password_hash = $2, updated_at = clock_timestamp() WHERE id = $1', [
      userId,
      passwordHash,
    ]);
  }

  async activate(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      "UPDATE app_user SET status = 'ACTIVE', email_verified_at = coalesce(email_verified_at, clock_timestamp()), updated_at = clock_timestamp() WHERE id = $1 AND status <> 'DISABLED'",
      [userId],
    );
  }

  /** Adds a grant (idempotent: an existing identical grant is kept, a pending one can be activated). */
  async grant(
    manager: EntityManager,
    userId: string,
    grant: RoleGrant,
    status: GrantStatus = 'ACTIVE',
  ): Promise<string> {
    const agencyId = grant.role === 'AGENCY_OFFICER' ? grant.agencyId : null;
    const organisationId = grant.role === 'APPLICANT' ? grant.organisationId : null;
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO role_grant (id, user_id, role, agency_id, organisation_id, status) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (user_id, role, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid))
       DO UPDATE SET status = CASE WHEN role_grant.status = 'ACTIVE' THEN 'ACTIVE' ELSE EXCLUDED.status END
       RETURNING id`,
      [randomUUID(), userId, grant.role, agencyId, organisationId, status],
    );
    return rows[0].id;
  }

  async activeMembersOf(manager: EntityManager, organisationId: string): Promise<UserRecord[]> {
    const rows: Array<{ id: string; email: string; display_name: string; status: UserStatus }> = await manager.query(
      `SELECT u.id, u.email, u.display_name, u.status FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.organisation_id = $1 AND g.role = 'APPLICANT' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
      [organisationId],
    );
    return rows.map((r) => ({ id: r.id, email: r.email, displayName: r.display_name, status: r.status }));
  }
}
