import { Injectable } from '@nestjs/common';
import type { ActorRef } from '@app/contracts';
import { AuditWriter, CallRepository, UnitOfWork } from '@app/persistence';
import { callStateConflict, lockedCall } from './call-workflow-state';

/** ELIGIBILITY_CHECK → IN_EVALUATION (SPEC §4), when the programme manager first assigns evaluators. */
@Injectable()
export class StartEvaluationUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { callId: string; request: { actor: ActorRef }; updateId: string }): Promise<void> {
    await this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      if (call.state === 'IN_EVALUATION') return;
      if (call.state !== 'ELIGIBILITY_CHECK')
        throw callStateConflict(call.state, 'the evaluation starts from ELIGIBILITY_CHECK.', ['ELIGIBILITY_CHECK']);
      await this.calls.transitionCall(tx, call.id, 'IN_EVALUATION');
      await this.audit.record(tx, {
        actor: input.request.actor,
        action: 'call.evaluation-started',
        entityType: 'call',
        entityId: call.id,
        before: { state: 'ELIGIBILITY_CHECK' },
        after: { state: 'IN_EVALUATION' },
        businessKey: `update:${input.updateId}`,
      });
    });
  }
}
