import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { nextCallEndStep, type CallEndFacts, type CallState } from '@app/domain';
import { AuditWriter, CallEndFactsReadModel, CallRepository, UnitOfWork } from '@app/persistence';
import { lockedCall } from './call-workflow-state';

/** What the call's workflow decides its end on (`nextCallEndStep`), read afresh whenever it was signalled. */
@Injectable()
export class ReadCallEndFactsUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly facts: CallEndFactsReadModel,
  ) {}

  execute(input: { callId: string }): Promise<CallEndFacts> {
    return this.uow.read(async (tx) => {
      const facts = await this.facts.load(tx, input.callId);
      if (!facts) throw new Error(`Call ${input.callId} not found.`);
      return facts;
    });
  }
}

/**
 * SPEC §4: DECIDED → MONITORING once every funded project has started, → CLOSED once every project has ended (from
 * DECIDED through MONITORING, in one transaction, when the decision funded nothing). The facts are read again under
 * the call's lock and the domain asked again, at the workflow's instant (a redress window still open holds the call
 * in DECIDED): a move they no longer allow writes nothing (the workflow waits on), and a call already there (a retried
 * activity) is left as it is.
 */
@Injectable()
export class AdvanceCallEndUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly facts: CallEndFactsReadModel,
    private readonly audit: AuditWriter,
    private readonly clock: Clock,
  ) {}

  execute(input: { callId: string; to: 'MONITORING' | 'CLOSED'; at?: string }): Promise<{ state: CallState }> {
    const nowMs = input.at ? Date.parse(input.at) : this.clock.now().getTime();
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const facts = (await this.facts.load(tx, call.id))!;
      const step = nextCallEndStep(facts, nowMs);
      const wanted = input.to === 'MONITORING' ? 'MONITOR' : 'CLOSE';
      if (step.kind !== wanted) return { state: call.state as CallState };
      const path: CallState[] = call.state === 'DECIDED' ? ['MONITORING'] : [];
      if (input.to === 'CLOSED') path.push('CLOSED');
      let from: CallState = call.state as CallState;
      for (const to of path) {
        await this.calls.transitionCall(tx, call.id, to);
        await this.audit.record(tx, {
          actor: null,
          action: to === 'MONITORING' ? 'call.monitoring' : 'call.closed',
          entityType: 'call',
          entityId: call.id,
          before: { state: from },
          after: { state: to, projects: facts.projects },
          businessKey: `call-${to.toLowerCase()}:${call.id}`,
        });
        from = to;
      }
      return { state: from };
    });
  }
}
