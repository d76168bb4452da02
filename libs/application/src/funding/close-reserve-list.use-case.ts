import { Injectable } from '@nestjs/common';
import { webLinks, type CloseReserveListRequest } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  FundingDecisionRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { lockedCall } from '../calls/call-workflow-state';
import { signalCallEndChanged } from '../calls/call-end-signal';
import { signalProposalsChanged } from '../proposals/proposal-changed';

/**
 * F5: the programme manager closes the reserve list — RESERVE proposals become NOT_FUNDED, their applicants are told.
 */
@Injectable()
export class CloseReserveListUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly decisions: FundingDecisionRepository,
    private readonly proposals: ProposalRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: { callId: string; request: CloseReserveListRequest; updateId: string }): Promise<{ closed: number }> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      if (await this.audit.isRecorded(tx, `update:${input.updateId}`)) return { closed: 0 };
      if (call.state !== 'DECIDED')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the reserve list is closed once DECIDED.`,
          'conflict',
          [],
          { state: call.state, allowed: ['DECIDED'] },
        );
      if (await this.decisions.awaitingAgencies(tx, call.id))
        throw new DomainError(
          'DECISION_AWAITING_AGENCIES',
          'A promotion is awaiting the agencies; close the reserve list after it.',
          'conflict',
        );
      const closed = await this.proposals.transitionReserveToNotFunded(tx, call.id);
      // The decision is final once the reserve list is closed: the call's end waits for it.
      await this.calls.markReserveListClosed(tx, call.id);
      await signalCallEndChanged(this.signals, tx, call.id, 'reserve-list-closed', input.updateId);
      await this.audit.record(tx, {
        actor: input.request.actor,
        action: 'funding-decision.reserve-list-closed',
        entityType: 'call',
        entityId: call.id,
        after: { notFunded: closed.map((c) => c.id) },
        businessKey: `update:${input.updateId}`,
      });
      // NOT_FUNDED is final: each workflow keeps the redress window and completes.
      await signalProposalsChanged(
        this.signals,
        tx,
        closed.map((p) => ({ id: p.id, callId: call.id })),
        'not-funded',
        input.updateId,
      );
      for (const p of closed) {
        for (const member of await this.users.activeMembersOf(tx, p.coordinatorOrganisationId)) {
          await this.outbox.enqueue(tx, {
            kind: 'FUNDING_DECISION_RESULT',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              callTitle: call.configuration.title,
              proposalAcronym: p.acronym,
              outcome: 'not funded: the reserve list is closed',
              page: webLinks.proposalOutcome(p.id),
            },
            idempotencyKey: `reserve-closed:${p.id}:${member.id}`,
          });
        }
      }
      return { closed: closed.length };
    });
  }
}
