import { Injectable } from '@nestjs/common';
import { auditRoleOf, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  EvaluatorPoolRepository,
  UnitOfWork,
  type CallRecord,
  type PoolMemberRecord,
} from '@app/persistence';
import { declarationHash, declarationText } from './declaration-text';
import { EvaluatorAccess } from './evaluator-access';

/** While the call is still a draft its title (part of the text) may change; a cancelled call needs no evaluation. */
const NO_SIGNING_STATES = ['DRAFT', 'CANCELLED'];

/**
 * An evaluator in the call's pool signs its confidentiality and no-conflict declaration (SPEC V2), quoting
 * the hash of the text it read. Idempotent: signing the current text again changes nothing.
 */
@Injectable()
export class SignDeclarationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly pool: EvaluatorPoolRepository,
    private readonly access: EvaluatorAccess,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: {
    callId: string;
    declarationHash: string;
    user: Principal;
  }): Promise<{ call: CallRecord; member: PoolMemberRecord }> {
    const { callId, user } = input;
    return this.uow.run(async (tx) => {
      const { call, member } = await this.access.poolMember(tx, user, callId, true);
      const current = declarationHash(declarationText({ id: call.id, title: call.configuration.title }));
      if (input.declarationHash !== current) {
        throw new DomainError(
          'DECLARATION_HASH_MISMATCH',
          'The hash is not that of the current declaration: read it again (GET /calls/{id}/declaration) ' +
            'and sign what you read.',
          'rule',
          [
            {
              field: 'declarationHash',
              code: 'DECLARATION_HASH_MISMATCH',
              message: 'not the SHA-256 of the current declaration text',
            },
          ],
        );
      }
      if (member.declarationHash === current) return { call, member };
      if (NO_SIGNING_STATES.includes(call.state)) {
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; its declaration is signed once the call has left DRAFT ` +
            'and while it is not CANCELLED.',
          'conflict',
          [],
          { state: call.state },
        );
      }
      await this.pool.sign(tx, callId, user.userId, current);
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'call.evaluator-declaration-signed',
        entityType: 'call',
        entityId: callId,
        before: member.declarationHash === null ? null : { declarationHash: member.declarationHash },
        after: { evaluatorId: user.userId, declarationHash: current },
      });
      return { call, member: (await this.pool.member(tx, callId, user.userId))! };
    });
  }
}
