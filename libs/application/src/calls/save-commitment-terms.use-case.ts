import { Injectable } from '@nestjs/common';
import type { CommitmentResult, PutCommitmentRequest } from '@app/contracts';
import { canChangeCommitmentAmount, DomainError, validateCommitmentTerms } from '@app/domain';
import { AuditWriter, CallRepository, isOverdraft, UnitOfWork, type CommitmentRecord } from '@app/persistence';

export const commitmentResult = (c: CommitmentRecord): CommitmentResult => ({
  agencyId: c.agencyId,
  regionCode: c.regionCode,
  status: c.status,
  currency: c.currency,
  amount: c.amount,
  flexibility: c.flexibility,
});

const publicTerms = (c: CommitmentRecord) => ({
  status: c.status,
  currency: c.currency,
  amount: c.amount,
  flexibility: c.flexibility,
  rules: c.rules,
});

export function agencyNotInvited(agencyId: string): DomainError {
  return new DomainError('AGENCY_NOT_INVITED', `Agency ${agencyId} is not invited to this call.`, 'not-found', [], {
    agencyId,
  });
}

/** Amount and the flexibility a region may actually use (SPEC F1: only when the call allows it). */
function usableOf(
  terms: { amount: number; flexibility: number },
  flexibilityAllowed: boolean,
): { amount: number; flexibility: number } {
  return { amount: terms.amount, flexibility: flexibilityAllowed ? terms.flexibility : 0 };
}

/**
 * An agency proposes (INVITED → PROPOSED) or changes its terms (SPEC A1), idempotent under the update id.
 * After the alignment the amount never falls below what is proposed and allocated (F2).
 */
@Injectable()
export class SaveCommitmentTermsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    callId: string;
    request: PutCommitmentRequest;
    afterAlignment: boolean;
    updateId: string;
  }): Promise<CommitmentResult> {
    const { request } = input;
    const businessKey = `update:${input.updateId}`;
    return this.uow.run(async (tx) => {
      const call = await this.calls.find(tx, input.callId);
      if (!call)
        throw new DomainError('CALL_NOT_FOUND', `Call ${input.callId} not found.`, 'not-found', [], {
          callId: input.callId,
        });
      const current = await this.calls.commitment(tx, input.callId, request.agencyId, true);
      if (!current) throw agencyNotInvited(request.agencyId);
      if (await this.audit.isRecorded(tx, businessKey)) return commitmentResult(current);
      const flexibilityAllowed = call.configuration.flexibilityAllowed;
      const violations = [
        ...validateCommitmentTerms(request.terms, { regionCurrency: current.currency, flexibilityAllowed }),
        // A1: amount plus the flexibility the call lets it use never below what is proposed and allocated (F2).
        ...(input.afterAlignment
          ? canChangeCommitmentAmount(
              usableOf(current, flexibilityAllowed),
              usableOf(request.terms, flexibilityAllowed),
              current.proposedTotal + current.allocatedTotal,
              'AFTER_ALIGNMENT',
              current.currency,
            )
          : []),
      ];
      if (violations.length)
        throw new DomainError(
          'COMMITMENT_RULES_BROKEN',
          `The commitment breaks ${violations.length} rule(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const status = current.status === 'INVITED' ? 'PROPOSED' : current.status;
      try {
        await this.calls.transitionCommitmentTerms(tx, input.callId, request.agencyId, request.terms, status);
      } catch (error) {
        // The database's no-overdraft CHECK: the last line, should the totals have moved under another path.
        if (isOverdraft(error))
          throw new DomainError(
            'COMMITMENT_RULES_BROKEN',
            'The commitment would fall below what is proposed and allocated.',
            'rule',
            [{ field: 'amount', rule: 'A1', code: 'BELOW_ALLOCATED', message: 'below proposed plus allocated' }],
          );
        throw error;
      }
      const saved = (await this.calls.commitment(tx, input.callId, request.agencyId))!;
      await this.audit.record(tx, {
        actor: request.actor,
        action: input.afterAlignment ? 'commitment.changed-after-alignment' : 'commitment.proposed',
        entityType: 'fund-commitment',
        entityId: `${input.callId}:${request.agencyId}`,
        before: publicTerms(current),
        after: publicTerms(saved),
        businessKey,
      });
      return commitmentResult(saved);
    });
  }
}
