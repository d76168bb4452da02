import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { assertTransitions, outboxMessageMachine, type NotificationData, type OutboxMessageStatus } from '@app/domain';
import type { UserRow } from './user.repository';

/** A message reserved for one delivery attempt until `lockedUntil`. */
export interface ClaimedOutboxMessage {
  id: string;
  messageId: string;
  kind: string;
  recipientEmail: string;
  /** The text as written; what is sent is rendered from `templateData` when the row has it. */
  subject: string;
  bodyText: string;
  /** Null on rows written before e-mails were rendered at delivery. */
  templateData: NotificationData | null;
  /** The recipient account's language now, else the one the message was written for (null: English). */
  language: string | null;
  /** Including the attempt this claim starts. */
  attempts: number;
  lockedUntil: Date;
}

export interface DigestEntryRow {
  id: string;
  kind: string;
  subject: string;
  bodyText: string;
  templateData: NotificationData | null;
}

export interface DigestRequest {
  userId: string;
  /** `yyyy-mm-dd`: the digest day. */
  day: string;
  /** Messages created before this instant belong to the digest. */
  cutoff: Date;
  messageIdDomain: string;
  /** `language`: the user's language when the digest is made. */
  compose(entries: DigestEntryRow[], language: string): { subject: string; body: string };
}

export interface CreatedDigest {
  digestId: string;
  included: number;
}

export type OutboxDelivery = 'IMMEDIATE' | 'DAILY_DIGEST' | 'SUPPRESSED';

/** A row of `outbox_message` (the columns the engine reads). */
export interface OutboxMessageRow {
  id: string;
  message_id: string;
  idempotency_key: string;
  kind: string;
  recipient_user_id: string | null;
  recipient_email: string;
  subject: string;
  body_text: string;
  template_data: NotificationData | null;
  language: string | null;
  delivery: OutboxDelivery;
  status: OutboxMessageStatus;
  attempts: number;
  locked_until: Date | null;
  created_at: Date;
}

type ClaimedRow = Pick<
  OutboxMessageRow,
  | 'id'
  | 'message_id'
  | 'kind'
  | 'recipient_email'
  | 'subject'
  | 'body_text'
  | 'template_data'
  | 'language'
  | 'attempts'
  | 'created_at'
> & { locked_until: Date };

type DigestRow = Pick<OutboxMessageRow, 'id' | 'kind' | 'subject' | 'body_text' | 'template_data' | 'recipient_email'>;

/** TypeORM answers an UPDATE with `[rows, affectedCount]`; this returns the RETURNING rows. */
async function updateReturning<T>(manager: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const [rows]: [T[], number] = await manager.query(sql, parameters);
  return rows;
}

/**
 * The delivery side of the notification outbox (SPEC §5 N1). A claim reserves a message with a lease
 * (`locked_until`) and counts the attempt in the same statement, so a worker that dies between the SMTP
 * server's acceptance and `markSent` leaves the row PENDING: after the lease another worker sends it
 * again with the same Message-ID — the only possible repeat. "now" comes from the caller's Clock.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Reserves up to `limit` due IMMEDIATE messages (`FOR UPDATE SKIP LOCKED`: concurrent workers get
   * different rows). A message whose last allowed attempt ended without a record becomes FAILED.
   */
  async claimDue(options: {
    now: Date;
    leaseMs: number;
    limit: number;
    maxAttempts: number;
  }): Promise<ClaimedOutboxMessage[]> {
    return this.dataSource.transaction(async (manager) => {
      await this.transitionAbandonedToFailed(manager, options.now, options.maxAttempts);
      const rows = await updateReturning<ClaimedRow>(
        manager,
        `UPDATE outbox_message m
            SET locked_until = $1::timestamptz + make_interval(secs => $2::double precision / 1000),
                attempts = m.attempts + 1
          WHERE m.id IN (
                SELECT id FROM outbox_message
                 WHERE status = 'PENDING' AND delivery = 'IMMEDIATE' AND attempts < $4
                   AND (locked_until IS NULL OR locked_until <= $1)
                 ORDER BY created_at
                 LIMIT $3
                 FOR UPDATE SKIP LOCKED)
          RETURNING m.id, m.message_id, m.kind, m.recipient_email, m.subject, m.body_text, m.template_data,
                    coalesce((SELECT u.language FROM app_user u WHERE u.id = m.recipient_user_id), m.language)
                      AS language,
                    m.attempts, m.locked_until, m.created_at`,
        [options.now, options.leaseMs, options.limit, options.maxAttempts],
      );
      const claimed = rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
      return claimed.map((row) => ({
        id: row.id,
        messageId: row.message_id,
        kind: row.kind,
        recipientEmail: row.recipient_email,
        subject: row.subject,
        bodyText: row.body_text,
        templateData: row.template_data,
        language: row.language,
        attempts: row.attempts,
        lockedUntil: row.locked_until,
      }));
    });
  }

  /** A message whose last allowed attempt ended without a record (its worker stopped) is given up. */
  private async transitionAbandonedToFailed(manager: EntityManager, now: Date, maxAttempts: number): Promise<void> {
    assertTransitions(outboxMessageMachine, ['PENDING'], 'FAILED');
    await manager.query(
      `UPDATE outbox_message
          SET status = 'FAILED', locked_until = NULL,
              last_error = coalesce(last_error,
                                    'no outcome recorded for the last attempt (worker stopped during delivery)')
        WHERE status = 'PENDING' AND delivery = 'IMMEDIATE' AND attempts >= $2 AND locked_until <= $1`,
      [now, maxAttempts],
    );
  }

  /**
   * Records the SMTP server's acceptance, and the text that went out (rendered at delivery); a no-op
   * (false) unless the message is still PENDING.
   */
  markSent(id: string, now: Date, sent?: { subject: string; body: string }): Promise<boolean> {
    return this.transitionToSent(id, now, sent);
  }

  private async transitionToSent(id: string, now: Date, sent?: { subject: string; body: string }): Promise<boolean> {
    outboxMessageMachine.assert('PENDING', 'SENT');
    const rows = await updateReturning<{ id: string }>(
      this.dataSource.manager,
      `UPDATE outbox_message SET status = 'SENT', sent_at = $2, locked_until = NULL, last_error = NULL,
              subject = coalesce($3, subject), body_text = coalesce($4, body_text)
        WHERE id = $1 AND status = 'PENDING'
        RETURNING id`,
      [id, now, sent?.subject ?? null, sent?.body ?? null],
    );
    return rows.length === 1;
  }

  /**
   * Records a failed attempt: the message waits until `retryAt` (its backoff, kept in `locked_until`),
   * or becomes FAILED once `maxAttempts` attempts were made. Returns the resulting status.
   */
  recordFailure(
    id: string,
    options: { error: string; retryAt: Date; maxAttempts: number },
  ): Promise<'PENDING' | 'FAILED' | null> {
    return this.transitionAfterFailedAttempt(id, options);
  }

  /** The one move this makes is PENDING → FAILED (the last attempt); otherwise the message stays PENDING. */
  private async transitionAfterFailedAttempt(
    id: string,
    options: { error: string; retryAt: Date; maxAttempts: number },
  ): Promise<'PENDING' | 'FAILED' | null> {
    outboxMessageMachine.assert('PENDING', 'FAILED');
    const rows = await updateReturning<{ status: 'PENDING' | 'FAILED' }>(
      this.dataSource.manager,
      `UPDATE outbox_message
          SET last_error = left($2, 2000),
              status = CASE WHEN attempts >= $4 THEN 'FAILED' ELSE 'PENDING' END,
              locked_until = CASE WHEN attempts >= $4 THEN NULL ELSE $3::timestamptz END
        WHERE id = $1 AND status = 'PENDING'
        RETURNING status`,
      [id, options.error, options.retryAt, options.maxAttempts],
    );
    return rows[0]?.status ?? null;
  }

  /**
   * Gives back claimed messages that were not attempted (a stopping worker): due again at once, attempt not
   * counted.
   */
  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.dataSource.query(
      `UPDATE outbox_message SET locked_until = NULL, attempts = greatest(attempts - 1, 0)
        WHERE id = ANY($1::uuid[]) AND status = 'PENDING'`,
      [ids],
    );
  }

  /** Users with PENDING DAILY_DIGEST messages created before `cutoff`. */
  async usersWithDigestDue(cutoff: Date): Promise<string[]> {
    const rows: Array<{ recipient_user_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT recipient_user_id FROM outbox_message
        WHERE status = 'PENDING' AND delivery = 'DAILY_DIGEST' AND recipient_user_id IS NOT NULL AND created_at < $1`,
      [cutoff],
    );
    return rows.map((row) => row.recipient_user_id);
  }

  /**
   * In one transaction: locks the user's due digest messages, inserts ONE digest message (an IMMEDIATE
   * outbox message, idempotency key `digest:<user>:<day>`) and marks the included messages DIGESTED.
   * Returns null when another worker holds or already made this digest: a user never gets two for a day.
   */
  async createDigest(request: DigestRequest): Promise<CreatedDigest | null> {
    return this.dataSource.transaction(async (manager) => {
      const entries: DigestRow[] = await manager.query(
        `SELECT id, kind, subject, body_text, template_data, recipient_email FROM outbox_message
          WHERE status = 'PENDING' AND delivery = 'DAILY_DIGEST' AND recipient_user_id = $1 AND created_at < $2
          ORDER BY created_at, id
          FOR UPDATE SKIP LOCKED`,
        [request.userId, request.cutoff],
      );
      if (entries.length === 0) return null;
      const users: Array<Pick<UserRow, 'email' | 'language'>> = await manager.query(
        'SELECT email, language FROM app_user WHERE id = $1',
        [request.userId],
      );
      const recipientEmail = users[0]?.email ?? entries[entries.length - 1].recipient_email;
      const composed = request.compose(
        entries.map((e) => ({
          id: e.id,
          kind: e.kind,
          subject: e.subject,
          bodyText: e.body_text,
          templateData: e.template_data,
        })),
        users[0]?.language ?? 'en',
      );
      const digestId = randomUUID();
      const inserted: Array<Pick<OutboxMessageRow, 'id'>> = await manager.query(
        `INSERT INTO outbox_message (id, message_id, idempotency_key, kind, recipient_user_id, recipient_email,
                                     subject, body_text,
                                     critical, delivery, status, digest_date)
         VALUES ($1, $2, $3, 'DAILY_DIGEST', $4, $5, $6, $7, false, 'IMMEDIATE', 'PENDING', $8::date)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING id`,
        [
          digestId,
          `<${digestId}@${request.messageIdDomain}>`,
          `digest:${request.userId}:${request.day}`,
          request.userId,
          recipientEmail,
          composed.subject,
          composed.body,
          request.day,
        ],
      );
      // The day's digest exists already: these messages were committed after it was made; the next day takes them.
      if (inserted.length === 0) return null;
      await this.transitionToDigested(
        manager,
        entries.map((e) => e.id),
        digestId,
        request.day,
      );
      return { digestId, included: entries.length };
    });
  }

  /** The messages (locked PENDING by the caller) went out in the digest `digestId`. */
  private async transitionToDigested(manager: EntityManager, ids: string[], digestId: string, day: string) {
    assertTransitions(outboxMessageMachine, ['PENDING'], 'DIGESTED');
    await manager.query(
      `UPDATE outbox_message SET status = 'DIGESTED', digest_id = $1, digest_date = $2::date
        WHERE id = ANY($3::uuid[])`,
      [digestId, day, ids],
    );
  }
}
