import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  roleGrantMachine,
  userAccountMachine,
  type DeliveryPreference,
  type RoleGrantStatus,
  type Language,
  type NotificationKind,
  type RoleGrant,
  type UserStatus,
} from '@app/domain';
import type { Tx } from '../unit-of-work';

export type { RoleGrantStatus, UserStatus } from '@app/domain';

export interface UserRecord {
  id: string;
  email: string;
  displayName: string;
  status: UserStatus;
}

/** A row of `app_user` (the columns the engine reads). */
export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  status: UserStatus;
  password_hash: string | null;
  language: Language;
}

/** A row of `role_grant`. */
export interface RoleGrantRow {
  id: string;
  user_id: string;
  role: RoleGrant['role'];
  agency_id: string | null;
  organisation_id: string | null;
  status: RoleGrantStatus;
  created_at: Date;
}

/** A row of `notification_preference`. */
export interface NotificationPreferenceRow {
  user_id: string;
  kind: NotificationKind;
  mode: DeliveryPreference;
}

/** A member of an organisation, or one asking to become one. */
export interface MemberRecord {
  userId: string;
  displayName: string;
  email: string;
  status: RoleGrantStatus;
}

const toUser = (r: Pick<UserRow, 'id' | 'email' | 'display_name' | 'status'>): UserRecord => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  status: r.status,
});

export function toRoleGrant(row: Pick<RoleGrantRow, 'role' | 'agency_id' | 'organisation_id'>): RoleGrant {
  if (row.role === 'AGENCY_OFFICER') return { role: 'AGENCY_OFFICER', agencyId: row.agency_id as string };
  if (row.role === 'APPLICANT') return { role: 'APPLICANT', organisationId: row.organisation_id as string };
  return { role: row.role };
}

/** The grant's identity: one grant per user, role and scope (the unique index `role_grant_unique`). */
const GRANT_SCOPE = `user_id = $1 AND role = $2
  AND coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid)
    = coalesce($3::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
  AND coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid)
    = coalesce($4::uuid, '00000000-0000-0000-0000-000000000000'::uuid)`;

/** Users, their role grants and notification preferences. E-mail addresses are unique case-insensitively. */
@Injectable()
export class UserRepository {
  async findByEmail(tx: Tx, email: string, lock = false): Promise<UserRecord | null> {
    const rows: Array<Pick<UserRow, 'id' | 'email' | 'display_name' | 'status'>> = await tx.query(
      `SELECT id, email, display_name, status FROM app_user
        WHERE email_normalised = lower($1)${lock ? ' FOR UPDATE' : ''}`,
      [email],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findById(tx: Tx, id: string): Promise<UserRecord | null> {
    const rows: Array<Pick<UserRow, 'id' | 'email' | 'display_name' | 'status'>> = await tx.query(
      'SELECT id, email, display_name, status FROM app_user WHERE id = $1',
      [id],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** What a login checks: the account of the e-mail with its password hash. */
  async findCredentials(
    tx: Tx,
    email: string,
  ): Promise<{ id: string; passwordHash: string | null; status: UserStatus } | null> {
    const rows: Array<Pick<UserRow, 'id' | 'password_hash' | 'status'>> = await tx.query(
      'SELECT id, password_hash, status FROM app_user WHERE email_normalised = lower($1)',
      [email],
    );
    return rows[0] ? { id: rows[0].id, passwordHash: rows[0].password_hash, status: rows[0].status } : null;
  }

  async isActive(tx: Tx, userId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query("SELECT 1 FROM app_user WHERE id = $1 AND status = 'ACTIVE'", [userId]);
    return rows.length > 0;
  }

  /** An active account with its active grants, oldest first; null when unknown, unverified or disabled. */
  async findActiveWithGrants(tx: Tx, userId: string): Promise<{ user: UserRecord; grants: RoleGrant[] } | null> {
    const users: Array<Pick<UserRow, 'id' | 'email' | 'display_name' | 'status'>> = await tx.query(
      "SELECT id, email, display_name, status FROM app_user WHERE id = $1 AND status = 'ACTIVE'",
      [userId],
    );
    if (users.length === 0) return null;
    const grants: Array<Pick<RoleGrantRow, 'role' | 'agency_id' | 'organisation_id'>> = await tx.query(
      `SELECT role, agency_id, organisation_id FROM role_grant
        WHERE user_id = $1 AND status = 'ACTIVE' ORDER BY created_at`,
      [userId],
    );
    return { user: toUser(users[0]), grants: grants.map(toRoleGrant) };
  }

  /** Serialises concurrent work on one key (the admin bootstrap of one e-mail) until the transaction ends. */
  async lockKey(tx: Tx, key: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
  }

  /** Creates a user, or returns null when the e-mail is taken (the caller decides what that means). */
  async create(
    tx: Tx,
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
    const rows: Array<{ id: string }> = await tx.query(
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
  async setLanguage(tx: Tx, userId: string, language: Language): Promise<void> {
    await tx.query('UPDATE app_user SET language = $2, updated_at = clock_timestamp() WHERE id = $1', [
      userId,
      language,
    ]);
  }

  async setPassword(tx: Tx, userId: string, passwordHash: string): Promise<void> {
    await tx.query('UPDATE app_user SET password_hash = $2, updated_at = clock_timestamp() WHERE id = $1', [
      userId,
      passwordHash,
    ]);
  }

  /**
   * The address is proven (a followed link, an invitation, the admin bootstrap): an unverified account
   * becomes active; an active one keeps its status; a disabled one is left as it is.
   */
  async transitionToActive(tx: Tx, userId: string): Promise<void> {
    const [row]: Array<Pick<UserRow, 'status'>> = await tx.query(
      'SELECT status FROM app_user WHERE id = $1 FOR UPDATE',
      [userId],
    );
    if (!row || row.status === 'DISABLED') return;
    if (row.status !== 'ACTIVE') userAccountMachine.assert(row.status, 'ACTIVE');
    await tx.query(
      `UPDATE app_user
          SET status = 'ACTIVE', email_verified_at = coalesce(email_verified_at, clock_timestamp()),
              updated_at = clock_timestamp()
        WHERE id = $1 AND status <> 'DISABLED'`,
      [userId],
    );
  }

  /**
   * Adds a grant (idempotent: an existing active grant is kept, a pending or revoked one takes `status`).
   * Returns the grant's id.
   */
  async grant(tx: Tx, userId: string, grant: RoleGrant, status: RoleGrantStatus = 'ACTIVE'): Promise<string> {
    const agencyId = grant.role === 'AGENCY_OFFICER' ? grant.agencyId : null;
    const organisationId = grant.role === 'APPLICANT' ? grant.organisationId : null;
    const scope = [userId, grant.role, agencyId, organisationId];
    // Twice at most: an insert that loses to a concurrent grant of the same scope finds it on the second pass.
    for (let pass = 0; pass < 2; pass++) {
      const [existing]: Array<Pick<RoleGrantRow, 'id' | 'status'>> = await tx.query(
        `SELECT id, status FROM role_grant WHERE ${GRANT_SCOPE} FOR UPDATE`,
        scope,
      );
      if (existing) {
        if (existing.status !== 'ACTIVE' && existing.status !== status)
          await this.transitionGrant(tx, existing.id, existing.status, status);
        return existing.id;
      }
      const inserted: Array<Pick<RoleGrantRow, 'id'>> = await tx.query(
        `INSERT INTO role_grant (id, user_id, role, agency_id, organisation_id, status)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (user_id, role, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'::uuid),
                      coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid))
         DO NOTHING
         RETURNING id`,
        [randomUUID(), ...scope, status],
      );
      if (inserted.length === 1) return inserted[0].id;
    }
    throw new Error(`The ${grant.role} grant of user ${userId} could neither be found nor inserted.`);
  }

  private async transitionGrant(tx: Tx, grantId: string, from: RoleGrantStatus, to: RoleGrantStatus): Promise<void> {
    roleGrantMachine.assert(from, to);
    await tx.query('UPDATE role_grant SET status = $2 WHERE id = $1', [grantId, to]);
  }

  /** Approves a pending request to join an organisation; false when there is none. */
  async transitionPendingMembershipToActive(tx: Tx, organisationId: string, userId: string): Promise<boolean> {
    const [pending]: Array<Pick<RoleGrantRow, 'id' | 'status'>> = await tx.query(
      `SELECT id, status FROM role_grant
        WHERE organisation_id = $1 AND user_id = $2 AND role = 'APPLICANT' AND status = 'PENDING_APPROVAL'
        FOR UPDATE`,
      [organisationId, userId],
    );
    if (!pending) return false;
    roleGrantMachine.assert(pending.status, 'ACTIVE');
    await tx.query("UPDATE role_grant SET status = 'ACTIVE' WHERE id = $1", [pending.id]);
    return true;
  }

  async activeMembersOf(tx: Tx, organisationId: string): Promise<UserRecord[]> {
    const rows: Array<Pick<UserRow, 'id' | 'email' | 'display_name' | 'status'>> = await tx.query(
      `SELECT u.id, u.email, u.display_name, u.status FROM role_grant g JOIN app_user u ON u.id = g.user_id
        WHERE g.organisation_id = $1 AND g.role = 'APPLICANT' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE'
        ORDER BY u.id`,
      [organisationId],
    );
    return rows.map(toUser);
  }

  /** The organisation's members and pending requests (not the revoked), by name. */
  async membersOf(tx: Tx, organisationId: string): Promise<MemberRecord[]> {
    const rows: Array<Pick<UserRow, 'id' | 'display_name' | 'email'> & Pick<RoleGrantRow, 'status'>> = await tx.query(
      `SELECT u.id, u.display_name, u.email, g.status FROM role_grant g JOIN app_user u ON u.id = g.user_id
          WHERE g.organisation_id = $1 AND g.role = 'APPLICANT' AND g.status <> 'REVOKED'
          ORDER BY u.display_name, u.id`,
      [organisationId],
    );
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name, email: r.email, status: r.status }));
  }

  /** The kinds the user chose a delivery for (the others are IMMEDIATE). */
  async notificationPreferences(
    tx: Tx,
    userId: string,
  ): Promise<Array<{ kind: NotificationKind; mode: DeliveryPreference }>> {
    const rows: Array<Pick<NotificationPreferenceRow, 'kind' | 'mode'>> = await tx.query(
      'SELECT kind, mode FROM notification_preference WHERE user_id = $1',
      [userId],
    );
    return rows.map((r) => ({ kind: r.kind, mode: r.mode }));
  }

  async setNotificationPreference(
    tx: Tx,
    userId: string,
    kind: NotificationKind,
    mode: DeliveryPreference,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO notification_preference (user_id, kind, mode) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, kind) DO UPDATE SET mode = EXCLUDED.mode`,
      [userId, kind, mode],
    );
  }
}
