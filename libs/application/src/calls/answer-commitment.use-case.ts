import { Injectable } from '@nestjs/common';
import type { AnswerCommitmentRequest, CommitmentResult } from '@app/contracts';
import { AuditWriter, CallRepository, UnitOfWork } from '@app/persistence';
import { lockedCall } from './call-workflow-state';
import { agencyNotInvited, commitmentResult } from './save-commitment-terms.use-case';

/** An agency confirms or declines its commitment (SPEC A2), idempotent under the update id. */
@Injectable()
export class AnswerCommitmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { callId: string; request: AnswerCommitmentRequest; updateId: string }): Promise<CommitmentResult> {
    const { request } = input;
    const businessKey = `update:${input.updateId}`;
    return this.uow.run(async (tx) => {
      await lockedCall(this.calls, tx, input.callId);
      const current = await this.calls.commitment(tx, input.callId, request.agencyId, true);
      if (!current) throw agencyNotInvited(request.agencyId);
      if (await this.audit.isRecorded(tx, businessKey)) return commitmentResult(current);
      const status = request.answer === 'CONFIRM' ? 'CONFIRMED' : 'DECLINED';
      await this.calls.transitionCommitment(tx, input.callId, request.agencyId, status, request.reason ?? null);
      await this.audit.record(tx, {
        actor: request.actor,
        action: request.answer === 'CONFIRM' ? 'commitment.confirmed' : 'commitment.declined',
        entityType: 'fund-commitment',
        entityId: `${input.callId}:${request.agencyId}`,
        before: { status: current.status },
        after: { status, ...(request.reason ? { reason: request.reason } : {}) },
        businessKey,
      });
      return commitmentResult((await this.calls.commitment(tx, input.callId, request.agencyId))!);
    });
  }
}
