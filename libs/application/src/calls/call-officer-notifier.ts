import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import type { NotificationData, NotificationKind } from '@app/domain';
import { CallRepository, OutboxWriter, type CallRecord, type Tx } from '@app/persistence';

/** Tells the officers of some agencies of a call about it, one message per officer and business key. */
@Injectable()
export class CallOfficerNotifier {
  constructor(
    private readonly calls: CallRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async notify(
    tx: Tx,
    call: CallRecord,
    agencyIds: string[],
    kind: NotificationKind,
    data: NotificationData,
    keyPrefix: string,
  ): Promise<void> {
    const commitments = await this.calls.commitments(tx, call.id);
    for (const agencyId of agencyIds) {
      const agencyName = commitments.find((c) => c.agencyId === agencyId)?.agencyName;
      for (const officer of await this.calls.officersOf(tx, agencyId)) {
        await this.outbox.enqueue(tx, {
          kind,
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: {
            callTitle: call.configuration.title,
            agencyName,
            page: webLinks.commitment(call.id, agencyId),
            ...data,
          },
          idempotencyKey: `${keyPrefix}:${call.id}:${agencyId}:${officer.id}`,
        });
      }
    }
  }
}
