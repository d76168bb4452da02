import { Injectable } from '@nestjs/common';
import type { ActorRef } from '@app/contracts';
import { DomainError, validateCallConfiguration, type CallConfiguration } from '@app/domain';
import { AuditWriter, CallRepository, UnitOfWork } from '@app/persistence';
import { lockedCall } from './call-workflow-state';

/** A deadline moved later (SPEC S1), the timeline's order kept; idempotent under the update id. */
@Injectable()
export class ExtendDeadlineUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: {
    callId: string;
    request: {
      field: 'alignmentDeadline' | 'opensAt' | 'submissionDeadline';
      newDeadline: string;
      reason: string;
      actor: ActorRef;
    };
    updateId: string;
  }): Promise<void> {
    const businessKey = `update:${input.updateId}`;
    await this.uow.run(async (tx) => {
      // The exclusive row lock orders the extension against every submission (SPEC S1).
      const call = await lockedCall(this.calls, tx, input.callId);
      if (await this.audit.isRecorded(tx, businessKey)) return;
      const before: CallConfiguration = call.configuration;
      const instant = new Date(Date.parse(input.request.newDeadline)).toISOString();
      const timeline = structuredClone(before.timeline);
      const stage = call.currentStage - 1;
      if (input.request.field === 'submissionDeadline') timeline.stages[stage].submissionDeadline = instant;
      else timeline[input.request.field] = instant;
      const next: CallConfiguration = { ...before, timeline };
      const violations = validateCallConfiguration(next, {
        knownTransformativeActivities: next.transformativeActivityCodes,
      }).filter((v) => v.field?.startsWith('timeline'));
      if (violations.length)
        throw new DomainError(
          'TIMELINE_ORDER_BROKEN',
          'The new deadline breaks the order of the timeline.',
          'rule',
          violations,
        );
      await this.calls.saveConfiguration(tx, call.id, next);
      await this.audit.record(tx, {
        actor: input.request.actor,
        action: 'call.deadline-extended',
        entityType: 'call',
        entityId: call.id,
        before: {
          [input.request.field]:
            input.request.field === 'submissionDeadline'
              ? before.timeline.stages[stage].submissionDeadline
              : before.timeline[input.request.field],
        },
        after: { [input.request.field]: instant, reason: input.request.reason },
        businessKey,
      });
    });
  }
}
