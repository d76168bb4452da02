import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  EligibilityRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { callStateConflict, lockedCall } from './call-workflow-state';

/**
 * The submission deadline (SPEC §4): OPEN → SUBMISSION_CLOSED → ELIGIBILITY_CHECK in one transaction under
 * the exclusive lock of the call row — the lock every submission holds shared (S1). The stage's submitted
 * proposals go to ELIGIBILITY_CHECK, each funded partner of a confirmed region gets a pending decision due at
 * the eligibility deadline, and the agencies' officers are asked. A repeat finds the call closed.
 */
@Injectable()
export class CloseSubmissionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: { callId: string }): Promise<{ proposalsInCheck: number; decisionsRequested: number }> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      if (call.state === 'SUBMISSION_CLOSED' || call.state === 'ELIGIBILITY_CHECK')
        return { proposalsInCheck: 0, decisionsRequested: 0 };
      if (call.state !== 'OPEN') throw callStateConflict(call.state, 'submission closes from OPEN.', ['OPEN']);
      const stageNo = call.currentStage;
      const stageKey = stageNo === 1 ? '' : `:s${stageNo}`;
      const stage = call.configuration.timeline.stages[stageNo - 1];
      await this.calls.transitionCall(tx, call.id, 'SUBMISSION_CLOSED');
      await this.audit.record(tx, {
        actor: null,
        action: 'call.submission-closed',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'OPEN' },
        after: { state: 'SUBMISSION_CLOSED' },
        businessKey: `submission-closed:${call.id}${stageKey}`,
      });
      const moved = await this.proposals.transitionProposalsOfStage(
        tx,
        call.id,
        stageNo,
        'SUBMITTED',
        'ELIGIBILITY_CHECK',
      );
      // One pending decision per funded partner of a region that confirmed its funds, due at the eligibility deadline.
      const requested = await this.eligibility.requestForStage(tx, call.id, stageNo, stage.eligibilityDeadline);
      await this.calls.transitionCall(tx, call.id, 'ELIGIBILITY_CHECK');
      await this.audit.record(tx, {
        actor: null,
        action: 'call.eligibility-check-started',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'SUBMISSION_CLOSED' },
        after: { state: 'ELIGIBILITY_CHECK', proposals: moved.length, decisionsRequested: requested },
        businessKey: `eligibility-check-started:${call.id}${stageKey}`,
      });
      const deadline = toZonedIso(stage.eligibilityDeadline, call.configuration.timeZone);
      for (const agency of await this.eligibility.countsPerAgencyOfCall(tx, call.id)) {
        for (const officer of await this.calls.officersOf(tx, agency.agencyId)) {
          await this.outbox.enqueue(tx, {
            kind: 'ELIGIBILITY_CHECK_REQUESTED',
            recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
            data: {
              callTitle: call.configuration.title,
              agencyName: agency.agencyName,
              count: agency.count,
              deadline,
              page: webLinks.tasks(),
            },
            idempotencyKey: `eligibility-requested:${call.id}${stageKey}:${agency.agencyId}:${officer.id}`,
          });
        }
      }
      // Each proposal's workflow starts its eligibility timers; a withdrawn one can no longer come back (S4).
      const withdrawn = await this.proposals.idsOfStageIn(tx, call.id, stageNo, ['WITHDRAWN']);
      await signalProposalsChanged(
        this.signals,
        tx,
        [...moved, ...withdrawn].map((id) => ({ id, callId: call.id })),
        'submission-closed',
        `${call.id}${stageKey}`,
      );
      return { proposalsInCheck: moved.length, decisionsRequested: requested };
    });
  }
}
