import { Injectable } from '@nestjs/common';
import { toZonedIso } from '@app/domain';
import { AuditWriter, CallRepository, UnitOfWork } from '@app/persistence';
import { CallOfficerNotifier } from './call-officer-notifier';
import { callStateConflict, lockedCall } from './call-workflow-state';

/** FUND_ALIGNMENT → OPEN at the opening instant (SPEC §4); the confirmed agencies' officers are told. */
@Injectable()
export class OpenCallUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly notifier: CallOfficerNotifier,
  ) {}

  async execute(input: { callId: string }): Promise<void> {
    await this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      if (call.state === 'OPEN') return;
      if (call.state !== 'FUND_ALIGNMENT')
        throw callStateConflict(call.state, 'it opens from FUND_ALIGNMENT.', ['FUND_ALIGNMENT']);
      await this.calls.transitionCall(tx, call.id, 'OPEN');
      await this.audit.record(tx, {
        actor: null,
        action: 'call.opened',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'FUND_ALIGNMENT' },
        after: { state: 'OPEN' },
        businessKey: `opened:${call.id}`,
      });
      const confirmed = (await this.calls.commitments(tx, call.id))
        .filter((c) => c.status === 'CONFIRMED')
        .map((c) => c.agencyId);
      const { timeline, timeZone } = call.configuration;
      await this.notifier.notify(
        tx,
        call,
        confirmed,
        'CALL_OPENED',
        { deadline: toZonedIso(timeline.stages[0].submissionDeadline, timeZone) },
        'call-opened',
      );
    });
  }
}
