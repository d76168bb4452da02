import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { composeDigest, digestCutoff, dueDigestDay, renderForDelivery } from '@app/domain';
import { OutboxRepository } from '@app/persistence';
import { PollingLoop } from '../polling/polling-loop';

/**
 * The daily digest (SPEC §5 N1): from DIGEST_HOUR_UTC on (per the Clock), each user's PENDING
 * DAILY_DIGEST messages created before the day's cut-off become ONE outbox message of kind DAILY_DIGEST,
 * which the delivery loop sends like any other. Idempotent under `digest:<user>:<day>`: several workers,
 * repeated polls and restarts make one digest per user and day.
 */
@Injectable()
export class DigestService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DigestService.name);
  private readonly loop: PollingLoop;

  constructor(
    private readonly config: AppConfig,
    private readonly outbox: OutboxRepository,
    private readonly clock: Clock,
  ) {
    this.loop = new PollingLoop(
      'daily digest',
      config.OUTBOX_POLL_INTERVAL_MS,
      (stopping) => this.runOnce(stopping),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Makes the digests due now; returns how many this call created. */
  async runOnce(stopping: () => boolean = () => false): Promise<number> {
    const day = dueDigestDay(this.clock.now(), this.config.DIGEST_HOUR_UTC);
    const cutoff = digestCutoff(day, this.config.DIGEST_HOUR_UTC);
    let created = 0;
    for (const userId of await this.outbox.usersWithDigestDue(cutoff)) {
      if (stopping()) break;
      const digest = await this.outbox.createDigest({
        userId,
        day,
        cutoff,
        messageIdDomain: this.config.MAIL_MESSAGE_ID_DOMAIN,
        // Each entry rendered in the user's language of today, like a message sent on its own.
        compose: (entries, language) => {
          const rendered = entries.map((entry) =>
            renderForDelivery(
              { kind: entry.kind, templateData: entry.templateData, subject: entry.subject, body: entry.bodyText },
              language,
              { appUrl: this.config.PUBLIC_APP_URL },
            ),
          );
          return composeDigest(day, rendered, language);
        },
      });
      if (digest) {
        created += 1;
        this.logger.log(
          { digestId: digest.digestId, userId, day, included: digest.included },
          `daily digest of ${day} made for user ${userId}`,
        );
      }
    }
    return created;
  }
}
