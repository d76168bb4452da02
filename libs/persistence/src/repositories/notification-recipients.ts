import type { EntityManager } from 'typeorm';

/** Who an outbox message goes to (the `recipient` of `OutboxWriter.enqueue`). */
export interface NotificationRecipient {
  userId: string;
  email: string;
  displayName: string;
}

/**
 * The active programme managers, in id order: who gets escalations and alerts (one installation, one
 * programme: SPEC §2).
 */
export function activeProgrammeManagers(manager: EntityManager): Promise<NotificationRecipient[]> {
  return manager.query(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName"
       FROM role_grant g JOIN app_user u ON u.id = g.user_id
      WHERE g.role = 'PROGRAMME_MANAGER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
  );
}

/** One user as a recipient. */
export async function recipientOf(manager: EntityManager, userId: string): Promise<NotificationRecipient> {
  const rows: NotificationRecipient[] = await manager.query(
    'SELECT id AS "userId", email, display_name AS "displayName" FROM app_user WHERE id = $1',
    [userId],
  );
  return rows[0];
}
