import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { DomainError, type Violation } from '@app/domain';
import { AuditWriter, EvaluatorPoolRepository, UnitOfWork, type DeclaredConflictRecord } from '@app/persistence';
import { EvaluatorAccess } from './evaluator-access';

/**
 * An evaluator who signed the call's declaration replaces the conflicts it declares with the call's
 * submitted proposals (SPEC V2); every unknown or repeated proposal is named.
 */
@Injectable()
export class ReplaceConflictsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    callId: string;
    conflicts: Array<{ proposalId: string; reason: string }>;
    user: Principal;
  }): Promise<DeclaredConflictRecord[]> {
    const { callId, user } = input;
    return this.uow.run(async (tx) => {
      await this.access.signedMember(tx, user, callId, true);
      const ids = input.conflicts.map((c) => c.proposalId.toLowerCase());
      const known = new Set(await this.pool.conflictCheckableIds(tx, callId, [...new Set(ids)]));
      const violations: Violation[] = [];
      const seen = new Set<string>();
      ids.forEach((id, index) => {
        if (!known.has(id))
          violations.push({
            field: `conflicts[${index}].proposalId`,
            code: 'UNKNOWN_PROPOSAL',
            message: `${id} is not a submitted proposal of this call`,
            params: { proposalId: id },
          });
        else if (seen.has(id))
          violations.push({
            field: `conflicts[${index}].proposalId`,
            code: 'DUPLICATE_PROPOSAL',
            message: `${id} is listed twice`,
            params: { proposalId: id },
          });
        seen.add(id);
      });
      if (violations.length)
        throw new DomainError(
          'CONFLICTS_INVALID',
          `The declaration names ${violations.length} proposal(s) it cannot.`,
          'rule',
          violations,
          { count: violations.length },
        );
      const before = await this.pool.conflicts(tx, callId, user.userId);
      const after = input.conflicts.map((c, i) => ({ proposalId: ids[i], reason: c.reason }));
      await this.pool.replaceConflicts(tx, callId, user.userId, after);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-conflicts-declared',
        entityType: 'call',
        entityId: callId,
        before: {
          evaluatorId: user.userId,
          conflicts: before.map((c) => ({ proposalId: c.proposalId, reason: c.reason })),
        },
        after: { evaluatorId: user.userId, conflicts: after },
      });
      return this.pool.conflicts(tx, callId, user.userId);
    });
  }
}
