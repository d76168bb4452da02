import { Injectable, NotFoundException } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  BudgetLedgerRepository,
  CallRepository,
  GrantRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
} from '@app/persistence';

export interface WithdrawGrantInput {
  grantId: string;
  reason: string;
  actor: { userId: string; role: string };
  /** The agencies whose grants the actor may withdraw; null for every grant (a programme manager). */
  agencyIds: string[] | null;
}

/**
 * A partner's grant fails before signature (SPEC F5): the partner's agency or a programme manager
 * withdraws it, with a reason, while no instalment has been released. Its allocation leaves the ledger
 * in the same transaction (under the commitments' locks), so the freed budget can fund the next reserve
 * proposal: the programme managers are told and propose the promotion.
 */
@Injectable()
export class WithdrawGrantUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly grants: GrantRepository,
    private readonly proposals: ProposalRepository,
    private readonly calls: CallRepository,
    private readonly ledger: BudgetLedgerRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: WithdrawGrantInput): Promise<{ grantId: string; status: 'FAILED'; freed: number }> {
    const id = input.grantId;
    const reason = input.reason.trim();
    return this.uow.run(async (tx) => {
      const grant = await this.grants.find(tx, id);
      if (!grant || (input.agencyIds !== null && !input.agencyIds.includes(grant.agencyId)))
        throw new NotFoundException(`Grant ${id} not found.`);
      // The ledger's lock order: the call's commitments first, then the grant.
      await this.ledger.lockCommitments(tx, grant.callId);
      const locked = (await this.grants.find(tx, id, true))!;
      if (locked.status !== 'AWARDED')
        throw new DomainError('GRANT_STATE_CONFLICT', `The grant is ${locked.status}.`, 'conflict', [], {
          state: locked.status,
        });
      if (await this.grants.hasMoved(tx, id))
        throw new DomainError(
          'GRANT_ALREADY_RUNNING',
          'Money has been released on this grant; it can no longer be withdrawn before signature.',
          'conflict',
        );
      const freed = await this.ledger.failGrant(tx, grant, reason);
      await this.audit.record(tx, {
        actor: input.actor,
        action: 'grant.withdrawn',
        entityType: 'grant',
        entityId: id,
        before: { status: 'AWARDED' },
        after: { status: 'FAILED', reason, freed },
      });
      const proposal = await this.proposals.find(tx, grant.proposalId);
      const call = await this.calls.find(tx, grant.callId);
      for (const pm of await activeProgrammeManagers(tx)) {
        await this.outbox.enqueue(tx, {
          kind: 'GRANT_WITHDRAWN',
          recipient: pm,
          data: {
            callTitle: call!.configuration.title,
            proposalAcronym: proposal!.content.acronym,
            reason,
            page: webLinks.call(grant.callId),
          },
          idempotencyKey: `grant-withdrawn:${id}:${pm.userId}`,
        });
      }
      return { grantId: id, status: 'FAILED' as const, freed };
    });
  }
}
