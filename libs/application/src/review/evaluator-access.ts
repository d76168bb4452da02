import { Injectable, NotFoundException } from '@nestjs/common';
import { hasRole, type Principal } from '@app/common';
import { DomainError } from '@app/domain';
import {
  CallRepository,
  EvaluatorPoolRepository,
  type CallRecord,
  type PoolMemberRecord,
  type Tx,
} from '@app/persistence';

/**
 * The evaluator-pool boundary (SPEC §2): programme managers manage every call's pool and read every
 * profile; an evaluator sees its own profile and, for a call whose pool it is in, the declaration, the
 * conflict check and its own conflicts — never other evaluators. Everyone else (applicants, agency
 * officers, evaluators outside the pool) gets 404, so that not even a call's pool is revealed.
 */
@Injectable()
export class EvaluatorAccess {
  constructor(
    private readonly calls: CallRepository,
    private readonly pool: EvaluatorPoolRepository,
  ) {}

  isProgrammeManager(principal: Principal): boolean {
    return hasRole(principal, 'PROGRAMME_MANAGER');
  }

  /** Profiles of other people: programme managers only; 404 for anyone else. */
  requireProgrammeManager(principal: Principal, what: string): void {
    if (!this.isProgrammeManager(principal)) throw new NotFoundException(`${what} not found.`);
  }

  /** A call whose pool the caller manages (programme managers; 404 for anyone else or an unknown call). */
  async managedCall(manager: Tx, principal: Principal, callId: string): Promise<CallRecord> {
    this.requireProgrammeManager(principal, `Call ${callId}`);
    const call = await this.calls.find(manager, callId);
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    return call;
  }

  /** The caller is an evaluator in the call's pool (404 otherwise); `lock` takes its pool row FOR UPDATE. */
  async poolMember(
    manager: Tx,
    principal: Principal,
    callId: string,
    lock = false,
  ): Promise<{ call: CallRecord; member: PoolMemberRecord }> {
    const member = hasRole(principal, 'EVALUATOR')
      ? await this.pool.member(manager, callId, principal.userId, lock)
      : null;
    const call = member ? await this.calls.find(manager, callId) : null;
    if (!member || !call) throw new NotFoundException(`Call ${callId} not found.`);
    return { call, member };
  }

  /**
   * The caller is in the pool and signed the call's declaration (SPEC V2: nothing about proposals before
   * signing). In the pool but unsigned is a 403 problem `DECLARATION_NOT_SIGNED`: the evaluator knows
   * it is in the pool (it was told and reads the declaration), so a 404 would hide nothing and only
   * confuse; the code tells the client what to do.
   */
  async signedMember(
    manager: Tx,
    principal: Principal,
    callId: string,
    lock = false,
  ): Promise<{ call: CallRecord; member: PoolMemberRecord }> {
    const found = await this.poolMember(manager, principal, callId, lock);
    if (found.member.declarationSignedAt === null) {
      throw new DomainError(
        'DECLARATION_NOT_SIGNED',
        'Sign the call’s confidentiality and no-conflict declaration first (POST /calls/{id}/declaration/sign).',
        'forbidden',
      );
    }
    return found;
  }
}
