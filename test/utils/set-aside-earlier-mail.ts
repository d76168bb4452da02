import { queryRows } from './reset-database';

/**
 * Suites share one database in a run, and suites without a mail-delivering worker leave their messages PENDING.
 * A suite that starts the real worker and waits for its own mail would otherwise wait behind all of them (the
 * worker delivers oldest first): before its worker starts, it sets the earlier suites' undelivered mail aside.
 */
export async function setAsideEarlierMail(url: string): Promise<void> {
  await queryRows(url, "UPDATE outbox_message SET status = 'SUPPRESSED', locked_until = NULL WHERE status = 'PENDING'");
}
