import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import {
  deliveryFor,
  NOTIFICATION_KINDS,
  renderNotification,
  type DeliveryPreference,
  type Language,
  type NotificationData,
  type NotificationKind,
} from '@app/domain';
import type { OutboxDelivery, OutboxMessageRow } from '../repositories/outbox.repository';
import type { NotificationPreferenceRow } from '../repositories/user.repository';

export interface OutboxMessageInput {
  kind: NotificationKind;
  /** `language` only matters without `userId`: an account's own language wins when the message is sent. */
  recipient: { userId?: string; email: string; displayName?: string; language?: Language };
  data: NotificationData;
  /** Business id of this message (e.g. `verify:<tokenId>`): enqueuing twice stores one message. */
  idempotencyKey: string;
}

export interface EnqueuedMessage {
  id: string;
  messageId: string;
  delivery: OutboxDelivery;
  created: boolean;
}

/**
 * Writes a notification into the transactional outbox (SPEC §5 N1), inside the caller's transaction:
 * the message exists exactly when the business change does. Its kind and template data are stored, and
 * the worker renders it when it sends it, in the recipient's language of that moment; the text written
 * now is the fallback and the record. The Message-ID is fixed now, so any repeat of a delivery carries it.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly config: AppConfig) {}

  async enqueue(manager: EntityManager, input: OutboxMessageInput): Promise<EnqueuedMessage> {
    let preference: DeliveryPreference | undefined;
    if (input.recipient.userId && !NOTIFICATION_KINDS[input.kind].critical) {
      const rows: Array<Pick<NotificationPreferenceRow, 'mode'>> = await manager.query(
        'SELECT mode FROM notification_preference WHERE user_id = $1 AND kind = $2',
        [input.recipient.userId, input.kind],
      );
      preference = rows[0]?.mode;
    }
    const delivery = deliveryFor(input.kind, preference);
    const templateData: NotificationData = { recipientName: input.recipient.displayName, ...input.data };
    const rendered = renderNotification(input.kind, templateData, input.recipient.language, {
      appUrl: this.config.PUBLIC_APP_URL,
    });
    const id = randomUUID();
    const messageId = `<${id}@${this.config.MAIL_MESSAGE_ID_DOMAIN}>`;
    const inserted: Array<Pick<OutboxMessageRow, 'id'>> = await manager.query(
      `INSERT INTO outbox_message (id, message_id, idempotency_key, kind, recipient_user_id, recipient_email,
                                   subject, body_text, critical, delivery, status, template_data, language)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING id`,
      [
        id,
        messageId,
        input.idempotencyKey,
        input.kind,
        input.recipient.userId ?? null,
        input.recipient.email,
        rendered.subject,
        rendered.body,
        NOTIFICATION_KINDS[input.kind].critical,
        delivery,
        delivery === 'SUPPRESSED' ? 'SUPPRESSED' : 'PENDING',
        JSON.stringify(templateData),
        input.recipient.language ?? null,
      ],
    );
    if (inserted.length === 1) return { id, messageId, delivery, created: true };
    const existing: Array<Pick<OutboxMessageRow, 'id' | 'message_id' | 'delivery'>> = await manager.query(
      'SELECT id, message_id, delivery FROM outbox_message WHERE idempotency_key = $1',
      [input.idempotencyKey],
    );
    return { id: existing[0].id, messageId: existing[0].message_id, delivery: existing[0].delivery, created: false };
  }
}
