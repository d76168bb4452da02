import { Injectable } from '@nestjs/common';
import { AuditWriter, CallRepository, UnitOfWork } from '@app/persistence';
import { CallOfficerNotifier } from './call-officer-notifier';
import { lockedCall } from './call-workflow-state';

/**
 * The alignment deadline (SPEC A2): commitments not answered drop out; a call without enough confirmed
 * regions goes FUND_ALIGNMENT → CANCELLED (the workflow opens the others with `OpenCallUseCase`).
 */
@Injectable()
export class ConcludeAlignmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly notifier: CallOfficerNotifier,
  ) {}

  async execute(input: {
    callId: string;
    confirmedRegions: string[];
    droppedOutAgencyIds: string[];
    opens: boolean;
    reason?: string;
  }): Promise<void> {
    await this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      for (const agencyId of input.droppedOutAgencyIds) {
        const current = await this.calls.commitment(tx, call.id, agencyId, true);
        if (current && (current.status === 'INVITED' || current.status === 'PROPOSED')) {
          await this.calls.transitionCommitment(
            tx,
            call.id,
            agencyId,
            'DROPPED_OUT',
            'No confirmation by the alignment deadline',
          );
        }
        await this.audit.record(tx, {
          actor: null,
          action: 'commitment.dropped-out',
          entityType: 'fund-commitment',
          entityId: `${call.id}:${agencyId}`,
          after: { status: 'DROPPED_OUT' },
          businessKey: `dropped-out:${call.id}:${agencyId}`,
        });
      }
      await this.notifier.notify(
        tx,
        call,
        input.droppedOutAgencyIds,
        'ALIGNMENT_DROPPED_OUT',
        {},
        'alignment-dropped-out',
      );
      await this.calls.markAlignmentConcluded(tx, call.id);
      if (!input.opens && call.state === 'FUND_ALIGNMENT') {
        await this.calls.transitionCall(tx, call.id, 'CANCELLED', input.reason ?? 'Not enough confirmed regions');
        const invited = (await this.calls.commitments(tx, call.id)).map((c) => c.agencyId);
        await this.notifier.notify(tx, call, invited, 'CALL_CANCELLED', { reason: input.reason }, 'call-cancelled');
      }
      await this.audit.record(tx, {
        actor: null,
        action: input.opens ? 'call.alignment-concluded' : 'call.cancelled',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'FUND_ALIGNMENT' },
        after: input.opens
          ? { state: 'FUND_ALIGNMENT', confirmedRegions: input.confirmedRegions }
          : { state: 'CANCELLED', reason: input.reason },
        businessKey: `alignment-concluded:${call.id}`,
      });
    });
  }
}
