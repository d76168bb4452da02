import { Injectable } from '@nestjs/common';
import type { ActorRef } from '@app/contracts';
import {
  AuditWriter,
  CallRepository,
  ProposalRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { CallOfficerNotifier } from './call-officer-notifier';
import { callStateConflict, lockedCall } from './call-workflow-state';

/** Any state before DECIDED → CANCELLED (SPEC §4), the agencies still in told; a repeat does nothing. */
@Injectable()
export class CancelCallUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly notifier: CallOfficerNotifier,
    private readonly proposals: ProposalRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  async execute(input: { callId: string; request: { reason: string; actor: ActorRef }; updateId: string }) {
    await this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      if (call.state === 'CANCELLED') return;
      if (['DECIDED', 'MONITORING', 'CLOSED'].includes(call.state))
        throw callStateConflict(call.state, 'only calls before DECIDED can be cancelled.');
      await this.calls.transitionCall(tx, call.id, 'CANCELLED', input.request.reason);
      await this.audit.record(tx, {
        actor: input.request.actor,
        action: 'call.cancelled',
        entityType: 'call',
        entityId: call.id,
        before: { state: call.state },
        after: { state: 'CANCELLED', reason: input.request.reason },
        businessKey: `update:${input.updateId}`,
      });
      const invited = (await this.calls.commitments(tx, call.id))
        .filter((c) => c.status !== 'DECLINED' && c.status !== 'DROPPED_OUT')
        .map((c) => c.agencyId);
      await this.notifier.notify(
        tx,
        call,
        invited,
        'CALL_CANCELLED',
        { reason: input.request.reason },
        'call-cancelled',
      );
      // Nothing more happens to the call's proposals: their workflows complete.
      await signalProposalsChanged(
        this.signals,
        tx,
        (await this.proposals.submittedIdsOfCall(tx, call.id)).map((id) => ({ id, callId: call.id })),
        'call-cancelled',
        input.updateId,
      );
    });
  }
}
