import { Injectable } from '@nestjs/common';
import type { ExtendAgencyEligibilityRequest } from '@app/contracts';
import {
  AuditWriter,
  CallRepository,
  EligibilityRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { lockedCall } from './call-workflow-state';

/** A new due date for one agency's pending eligibility decisions in the call (SPEC R2). */
@Injectable()
export class ExtendAgencyEligibilityUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: {
    callId: string;
    request: ExtendAgencyEligibilityRequest;
    updateId: string;
  }): Promise<{ pendingDecisions: number }> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const { agencyId, newDeadline, reason, actor } = input.request;
      const extended = await this.eligibility.extendForAgency(tx, call.id, agencyId, newDeadline);
      const pendingDecisions = extended.decisions;
      await this.audit.record(tx, {
        actor,
        action: 'call.agency-eligibility-deadline-extended',
        entityType: 'call',
        entityId: call.id,
        after: { agencyId, deadline: newDeadline, reason, pendingDecisions },
        businessKey: `update:${input.updateId}`,
      });
      // The proposals' workflows keep the due dates: each reads its new one.
      await signalProposalsChanged(
        this.signals,
        tx,
        extended.proposalIds.map((id) => ({ id, callId: call.id })),
        'eligibility-deadline-extended',
        input.updateId,
      );
      return { pendingDecisions };
    });
  }
}
