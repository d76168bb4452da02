import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/common';
import {
  PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
  TaskQueues,
  webLinks,
  WorkflowIds,
  proposalWithdrawnSignal,
} from '@app/contracts';
import { canWithdraw, DomainError } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  BudgetLedgerRepository,
  CallRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
  type ProposalRecord,
  type Tx,
} from '@app/persistence';
import { ProposalAccess } from './proposal-access';

export interface ProposalWithdrawal {
  id: string;
  state: 'WITHDRAWN';
  withdrawnReason: string;
  /** After the decision: the allocations freed for the reserve list (minor units). */
  freed?: number;
}

/**
 * The coordinator withdraws the proposal with a reason (SPEC S4); before the deadline, submitting again
 * reverses it. A SELECTED proposal after the decision withdraws while no money has moved (F5).
 */
@Injectable()
export class WithdrawProposalUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly calls: CallRepository,
    private readonly ledger: BudgetLedgerRepository,
    private readonly access: ProposalAccess,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(user: Principal, id: string, reason: string): Promise<ProposalWithdrawal> {
    return this.uow.run(async (tx) => {
      const { proposal } = await this.access.asCoordinator(tx, user, id, 'update');
      if (proposal.state === 'SELECTED') return this.withdrawFunded(tx, user, proposal, reason);
      if (!canWithdraw(proposal.state, false))
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; it cannot be withdrawn.`,
          'conflict',
          [],
          { state: proposal.state },
        );
      const now = await this.proposals.transitionProposal(tx, id, 'WITHDRAWN', { withdrawnReason: reason });
      await this.signalWithdrawn(tx, proposal, now, reason);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: 'APPLICANT' },
        action: 'proposal.withdrawn',
        entityType: 'proposal',
        entityId: id,
        before: { state: proposal.state },
        after: { state: 'WITHDRAWN', reason },
      });
      return { id, state: 'WITHDRAWN', withdrawnReason: reason };
    });
  }

  /**
   * A funded proposal withdraws after the decision (SPEC F5): while no instalment is released its grants
   * fail and their allocations leave the ledger in this transaction (the commitments' locks first, as every
   * ledger write), and the programme managers are told, to promote the next reserve proposal.
   */
  private async withdrawFunded(
    tx: Tx,
    user: Principal,
    proposal: ProposalRecord,
    reason: string,
  ): Promise<ProposalWithdrawal> {
    await this.ledger.lockCommitments(tx, proposal.callId);
    const grants = await this.ledger.lockGrantsOfProposal(tx, proposal.id);
    if (await this.ledger.moneyMoved(tx, proposal.id))
      throw new DomainError(
        'FUNDING_ALREADY_RUNNING',
        'Money has been released to this project; it ends through the programme manager (termination), not a ' +
          'withdrawal.',
        'conflict',
      );
    let freed = 0;
    const awarded = grants.filter((g) => g.status === 'AWARDED');
    for (const grant of awarded) {
      freed += await this.ledger.failGrant(
        tx,
        { id: grant.id, proposalId: proposal.id, organisationId: grant.organisationId },
        `The consortium withdrew the proposal: ${reason}`,
      );
    }
    const now = await this.proposals.transitionProposal(tx, proposal.id, 'WITHDRAWN', { withdrawnReason: reason });
    await this.signalWithdrawn(tx, proposal, now, reason);
    await this.audit.record(tx, {
      actor: { userId: user.userId, role: 'APPLICANT' },
      action: 'proposal.withdrawn-after-decision',
      entityType: 'proposal',
      entityId: proposal.id,
      before: { state: 'SELECTED' },
      after: { state: 'WITHDRAWN', reason, grantsFailed: awarded.length, freed },
    });
    const call = await this.calls.find(tx, proposal.callId);
    for (const pm of await activeProgrammeManagers(tx)) {
      await this.outbox.enqueue(tx, {
        kind: 'GRANT_WITHDRAWN',
        recipient: pm,
        data: {
          callTitle: call?.configuration.title,
          proposalAcronym: proposal.content.acronym,
          reason: `the consortium withdrew the funded proposal: ${reason}`,
          page: webLinks.call(proposal.callId),
        },
        idempotencyKey: `proposal-withdrawn-after-decision:${proposal.id}:${pm.userId}`,
      });
    }
    return { id: proposal.id, state: 'WITHDRAWN', withdrawnReason: reason, freed };
  }

  /** The proposal's workflow learns of the withdrawal through the outbox (a final state once submissions close). */
  private signalWithdrawn(tx: Tx, proposal: ProposalRecord, at: Date, reason: string): Promise<void> {
    return this.signals.enqueue(tx, {
      dedupeKey: `proposal-withdrawn:${proposal.id}:${at.toISOString()}`,
      workflowId: WorkflowIds.proposal(proposal.id),
      workflowType: PROPOSAL_LIFECYCLE_WORKFLOW_TYPE,
      taskQueue: TaskQueues.main,
      startArgs: [{ proposalId: proposal.id, callId: proposal.callId }],
      signal: proposalWithdrawnSignal,
      signalArgs: [{ at: at.toISOString(), reason }],
    });
  }
}
