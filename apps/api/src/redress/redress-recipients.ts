import type { EntityManager } from 'typeorm';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}

/** The active programme managers (one installation serves one programme: they see every call, SPEC §2). */
export function activeProgrammeManagers(manager: EntityManager): Promise<Recipient[]> {
  return manager.query(
    `SELECT u.id AS "userId", u.email, u.display_name AS "displayName" FROM role_grant g JOIN app_user u ON u.id = g.user_id
      WHERE g.role = 'PROGRAMME_MANAGER' AND g.status = 'ACTIVE' AND u.status = 'ACTIVE' ORDER BY u.id`,
  );
}
