import type { EntityManager } from 'typeorm';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}

/** Active programme managers, in id order: who gets escalations and alerts. */
export async function programmeManagers(manager: EntityManager): Promise<Recipient[]> {
  return manager.query(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName" FROM role_grant g JOIN app_user u ON u.id = g.user_id
      WHERE g.role = 'PROGRAMME_MANAGER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
  );
}

export async function userContact(manager: EntityManager, userId: string): Promise<Recipient> {
  const rows: Recipient[] = await manager.query('SELECT id AS "userId", email, display_name AS "displayName" FROM app_user WHERE id = $1', [userId]);
  return rows[0];
}
