import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { renderForDelivery } from '@app/domain';
import { OutboxRepository, type ClaimedOutboxMessage } from '@app/persistence';
import { MailTransport } from './mail-transport';
import { PollingLoop } from '../polling/polling-loop';
import { retryDelayMs } from './retry-backoff';

/** Messages claimed per poll; a full batch is followed by another claim at once. */
const BATCH_SIZE = 20;

/**
 * Delivers the notification outbox (SPEC §5 N1): claims due IMMEDIATE messages with a lease, renders each
 * in its recipient's language, sends it with its stored Message-ID, records SENT or the failure
 * (exponential backoff, FAILED after OUTBOX_MAX_ATTEMPTS). At-least-once: a crash between the server's
 * acceptance and the record repeats the mail after the lease with the same Message-ID, which receivers use
 * to drop the duplicate.
 */
@Injectable()
export class OutboxDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDeliveryService.name);
  private readonly loop: PollingLoop;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly transport: MailTransport,
    private readonly clock: Clock,
  ) {
    this.loop = new PollingLoop(
      'outbox delivery',
      config.OUTBOX_POLL_INTERVAL_MS,
      (stopping) => this.deliverDue(stopping),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
    this.logger.log(
      `Outbox delivery started (${this.config.MAIL_TRANSPORT}, every ${this.config.OUTBOX_POLL_INTERVAL_MS} ms)`,
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.transport.close();
    this.logger.log('Outbox delivery stopped');
  }

  /** One poll: claims and delivers due messages until none is left or `stopping()`. Returns how many were sent. */
  async deliverDue(stopping: () => boolean = () => false): Promise<number> {
    let sent = 0;
    while (!stopping()) {
      const batch = await this.outbox.claimDue({
        now: this.clock.now(),
        leaseMs: this.config.OUTBOX_LEASE_MS,
        limit: BATCH_SIZE,
        maxAttempts: this.config.OUTBOX_MAX_ATTEMPTS,
      });
      for (const [index, message] of batch.entries()) {
        if (stopping()) {
          await this.outbox.release(batch.slice(index).map((m) => m.id));
          return sent;
        }
        if (await this.deliver(message)) sent += 1;
      }
      if (batch.length < BATCH_SIZE) break;
    }
    return sent;
  }

  private async deliver(message: ClaimedOutboxMessage): Promise<boolean> {
    let rendered: { subject: string; body: string };
    try {
      // Rendered now, in the recipient's language of this moment; the Message-ID stays the one fixed at enqueue.
      // Inside the try: a message that cannot be rendered fails alone, as a refused delivery does, instead of
      // failing the poll and holding up the batch claimed with it.
      rendered = renderForDelivery(
        { kind: message.kind, templateData: message.templateData, subject: message.subject, body: message.bodyText },
        message.language,
        { appUrl: this.config.PUBLIC_APP_URL },
      );
      await this.transport.send({
        outboxId: message.id,
        messageId: message.messageId,
        to: message.recipientEmail,
        subject: rendered.subject,
        text: rendered.body,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryAt = new Date(this.clock.now().getTime() + retryDelayMs(message.attempts));
      const status = await this.outbox.recordFailure(message.id, {
        error: reason,
        retryAt,
        maxAttempts: this.config.OUTBOX_MAX_ATTEMPTS,
      });
      this.logger.warn(
        { outboxId: message.id, messageId: message.messageId, attempts: message.attempts, status },
        status === 'FAILED'
          ? `delivery failed for good after ${message.attempts} attempts: ${reason}`
          : `delivery failed, retry at ${retryAt.toISOString()}: ${reason}`,
      );
      return false;
    }
    await this.outbox.markSent(message.id, this.clock.now(), rendered);
    this.logger.log(
      { outboxId: message.id, messageId: message.messageId, kind: message.kind, language: message.language ?? 'en' },
      `e-mail sent: ${rendered.subject}`,
    );
    return true;
  }
}
