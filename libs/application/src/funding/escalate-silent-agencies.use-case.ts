import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  CallRepository,
  FundingDecisionRepository,
  OutboxWriter,
  UnitOfWork,
} from '@app/persistence';
import { lockedCall } from '../calls/call-workflow-state';

/**
 * The decision deadline passed with agencies silent (SPEC F4): their officers are reminded and the
 * programme managers told, once per decision and deadline.
 */
@Injectable()
export class EscalateSilentAgenciesUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly decisions: FundingDecisionRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: {
    callId: string;
    decisionId: string;
    at: string;
    agencyIds?: string[];
  }): Promise<{ silent: string[] }> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const silent = await this.decisions.silentAgencies(tx, call.id, input.decisionId, input.agencyIds ?? null);
      if (silent.length === 0) return { silent: [] };
      await this.audit.record(tx, {
        actor: null,
        action: 'funding-decision.agencies-escalated',
        entityType: 'call',
        entityId: call.id,
        after: { decisionId: input.decisionId, deadline: input.at, silentAgencies: silent.map((s) => s.agencyId) },
        businessKey: `funding-escalated:${input.decisionId}:${input.at}`,
      });
      const deadline = toZonedIso(input.at, call.configuration.timeZone);
      for (const agency of silent) {
        for (const officer of await this.calls.officersOf(tx, agency.agencyId)) {
          await this.outbox.enqueue(tx, {
            kind: 'FUNDING_DECISION_REMINDER',
            recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
            data: { callTitle: call.configuration.title, agencyName: agency.name, deadline, page: webLinks.tasks() },
            idempotencyKey: `funding-reminder:${input.decisionId}:${input.at}:${officer.id}`,
          });
        }
      }
      for (const pm of await activeProgrammeManagers(tx)) {
        await this.outbox.enqueue(tx, {
          kind: 'FUNDING_DECISION_ESCALATION',
          recipient: pm,
          data: { callTitle: call.configuration.title, count: silent.length, deadline, page: webLinks.call(call.id) },
          idempotencyKey: `funding-escalation:${input.decisionId}:${input.at}:${pm.userId}`,
        });
      }
      return { silent: silent.map((s) => s.agencyId) };
    });
  }
}
