import { Injectable } from '@nestjs/common';
import type { ActorRef, CallWorkflowState } from '@app/contracts';
import { DomainError, toZonedIso } from '@app/domain';
import { AuditWriter, CallRepository, ReferenceDataRepository, UnitOfWork, type Tx } from '@app/persistence';
import { CallOfficerNotifier } from './call-officer-notifier';
import { callStateConflict, callWorkflowState, lockedCall } from './call-workflow-state';

/**
 * DRAFT → FUND_ALIGNMENT (SPEC §4): invites the agencies, records the workflow and tells their officers;
 * a repeat (the call already in FUND_ALIGNMENT) only answers the workflow's state. The API does it in the
 * transaction that acknowledges the start, so the workflow's own call normally finds it done.
 */
@Injectable()
export class BeginAlignmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly referenceData: ReferenceDataRepository,
    private readonly audit: AuditWriter,
    private readonly notifier: CallOfficerNotifier,
  ) {}

  execute(input: {
    callId: string;
    agencyIds: string[];
    actor: ActorRef;
    workflowId: string;
  }): Promise<CallWorkflowState> {
    return this.uow.run((tx) => this.within(tx, input));
  }

  /** The same step inside the caller's transaction (the call row locked here). */
  async within(
    tx: Tx,
    input: { callId: string; agencyIds: string[]; actor: ActorRef; workflowId: string },
  ): Promise<CallWorkflowState> {
    const call = await lockedCall(this.calls, tx, input.callId);
    if (call.state === 'DRAFT') {
      for (const agencyId of input.agencyIds) {
        const agency = await this.referenceData.agencyWithCurrency(tx, agencyId);
        if (!agency)
          throw new DomainError('UNKNOWN_AGENCY', `Agency ${agencyId} does not exist.`, 'rule', [], { agencyId });
        await this.calls.invite(tx, call.id, agency);
      }
      await this.calls.transitionCall(tx, call.id, 'FUND_ALIGNMENT');
      await this.calls.setWorkflowId(tx, call.id, input.workflowId);
      await this.audit.record(tx, {
        actor: input.actor.userId === 'system' ? null : input.actor,
        action: 'call.alignment-started',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'DRAFT' },
        after: { state: 'FUND_ALIGNMENT', invitedAgencyIds: input.agencyIds },
        workflowId: input.workflowId,
        businessKey: `alignment-started:${call.id}`,
      });
      await this.notifier.notify(
        tx,
        call,
        input.agencyIds,
        'ALIGNMENT_INVITATION',
        { deadline: toZonedIso(call.configuration.timeline.alignmentDeadline, call.configuration.timeZone) },
        'alignment-invitation',
      );
    } else if (call.state !== 'FUND_ALIGNMENT') {
      throw callStateConflict(call.state, 'the alignment starts from DRAFT.', ['DRAFT']);
    }
    return callWorkflowState(call, await this.calls.commitments(tx, call.id), 1);
  }
}
