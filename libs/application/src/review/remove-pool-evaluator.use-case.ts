import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { DomainError, type Violation } from '@app/domain';
import { AuditWriter, EvaluatorPoolRepository, UnitOfWork, type PoolMemberRecord, type Tx } from '@app/persistence';
import { EvaluatorAccess } from './evaluator-access';

/**
 * A programme manager removes an evaluator from the call's pool; its signature and declared conflicts go
 * with it. Idempotent: an evaluator not in the pool is no refusal.
 */
@Injectable()
export class RemovePoolEvaluatorUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly audit: AuditWriter,
  ) {}

  /** Why the evaluator cannot leave the pool now; empty = it can. Each rule is one line here. */
  private async removalRefusals(_tx: Tx, _member: PoolMemberRecord): Promise<Violation[]> {
    const refusals: Violation[] = [];
    return refusals;
  }

  async execute(input: { callId: string; userId: string; user: Principal }): Promise<void> {
    const { callId, userId, user } = input;
    await this.uow.run(async (tx) => {
      await this.access.managedCall(tx, user, callId);
      const member = await this.pool.member(tx, callId, userId, true);
      if (!member) return;
      const refusals = await this.removalRefusals(tx, member);
      if (refusals.length)
        throw new DomainError(
          'EVALUATOR_REMOVAL_REFUSED',
          'The evaluator cannot leave this call’s pool now.',
          'conflict',
          refusals,
        );
      await this.pool.removeFromPool(tx, callId, userId);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-removed',
        entityType: 'call',
        entityId: callId,
        before: {
          evaluatorId: userId,
          declarationSigned: member.declarationSignedAt !== null,
          conflictCount: member.conflictCount,
        },
      });
    });
  }
}
