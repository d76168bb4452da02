import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import {
  activeProgrammeManagers,
  AuditWriter,
  CallRepository,
  EligibilityRepository,
  OutboxWriter,
  UnitOfWork,
} from '@app/persistence';
import { lockedCall } from './call-workflow-state';

/** SPEC R2: the decisions still pending at their due date are escalated to the programme managers, once. */
@Injectable()
export class EscalateMissingEligibilityUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: { callId: string; at: string }): Promise<{ escalated: number }> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const escalated = await this.eligibility.escalateDue(tx, call.id, input.at);
      if (escalated.length === 0) return { escalated: 0 };
      await this.audit.record(tx, {
        actor: null,
        action: 'call.eligibility-escalated',
        entityType: 'call',
        entityId: call.id,
        after: { missingDecisions: escalated.length, proposals: [...new Set(escalated)] },
        businessKey: `eligibility-escalated:${call.id}:${input.at}`,
      });
      for (const pm of await activeProgrammeManagers(tx)) {
        await this.outbox.enqueue(tx, {
          kind: 'ELIGIBILITY_ESCALATION',
          recipient: pm,
          data: { callTitle: call.configuration.title, count: escalated.length, page: webLinks.tasks() },
          idempotencyKey: `eligibility-escalation:${call.id}:${input.at}:${pm.userId}`,
        });
      }
      return { escalated: escalated.length };
    });
  }
}
