import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  EvaluatorPoolRepository,
  OutboxWriter,
  UnitOfWork,
  type PoolMemberRecord,
} from '@app/persistence';
import { assertPoolOpen } from './pool-open';
import { EvaluatorAccess } from './evaluator-access';

/**
 * A programme manager adds an evaluator to the call's pool (SPEC §2): an active evaluator with a profile,
 * told by e-mail to sign the call's declaration. Adding one already there changes nothing (`added` false).
 */
@Injectable()
export class AddPoolEvaluatorUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    callId: string;
    userId: string;
    user: Principal;
  }): Promise<{ added: boolean; member: PoolMemberRecord }> {
    const { callId, userId, user } = input;
    return this.uow.run(async (tx) => {
      const call = await this.access.managedCall(tx, user, callId);
      assertPoolOpen(call);
      if (!(await this.pool.isActiveEvaluator(tx, userId))) {
        throw new DomainError(
          'NOT_AN_EVALUATOR',
          'Only active users with the EVALUATOR role join a call’s pool.',
          'rule',
          [
            {
              field: 'userId',
              code: 'NOT_AN_EVALUATOR',
              message: `user ${userId} is not an active evaluator`,
              params: { userId },
            },
          ],
        );
      }
      const profile = await this.pool.profile(tx, userId);
      if (!profile) {
        throw new DomainError(
          'EVALUATOR_PROFILE_MISSING',
          'The evaluator has not completed its profile (expertise, country) yet.',
          'rule',
          [
            {
              field: 'userId',
              code: 'EVALUATOR_PROFILE_MISSING',
              message: `evaluator ${userId} has no profile`,
              params: { userId },
            },
          ],
        );
      }
      const { added, addedAt } = await this.pool.addToPool(tx, callId, userId, user.userId);
      if (added) {
        await this.outbox.enqueue(tx, {
          kind: 'EVALUATOR_ADDED_TO_CALL',
          recipient: { userId, email: profile.email, displayName: profile.displayName },
          data: { callTitle: call.configuration.title, inviterName: user.displayName, page: webLinks.tasks() },
          idempotencyKey: `evaluator-added:${callId}:${userId}:${new Date(addedAt).toISOString()}`,
        });
        await this.audit.record(tx, {
          actor: { userId: user.userId, role: auditRoleOf(user) },
          action: 'call.evaluator-added',
          entityType: 'call',
          entityId: callId,
          after: { evaluatorId: userId },
        });
      }
      return { added, member: (await this.pool.member(tx, callId, userId))! };
    });
  }
}
