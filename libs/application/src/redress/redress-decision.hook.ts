import { Injectable } from '@nestjs/common';
import { PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, WorkflowIds, offersChangedSignal } from '@app/contracts';
import type { RedressEffect } from '@app/domain';
import {
  AuditWriter,
  WorkflowSignalOutboxRepository,
  type CallRecord,
  type RedressRecord,
  type Tx,
} from '@app/persistence';

/**
 * Where redress meets the funding decision (SPEC V9, F5). Outcomes are recorded while the call is
 * IN_EVALUATION, RANKED or DECIDED. After the decision an upheld request re-opens the proposal as before
 * (eligibility or evaluation) and the proposal is re-evaluated in the DECIDED call: its review workflow
 * starts at once (a re-opened eligibility starts it when the proposal is found eligible again), a new
 * consensus above the thresholds puts it on the reserve list at its place in the ranking, and the
 * reserve-promotion path (`POST /calls/{id}/funding-decision` after DECIDED) funds it when it now fits.
 */
@Injectable()
export class RedressDecisionHook {
  /** Call states in which a programme manager records an outcome (409 naming the state otherwise). */
  static readonly REDRESS_OUTCOME_CALL_STATES: readonly string[] = ['IN_EVALUATION', 'RANKED', 'DECIDED'];

  constructor(
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
  ) {}

  decisionMade(_manager: Tx, call: CallRecord): Promise<boolean> {
    return Promise.resolve(call.state === 'DECIDED');
  }

  async enterThroughReservePromotion(
    manager: Tx,
    call: CallRecord,
    request: RedressRecord,
    effect: RedressEffect,
  ): Promise<void> {
    if (effect.reopenIn === 'IN_REVIEW') {
      await this.signals.enqueue(manager, {
        dedupeKey: `redress-reevaluation:${request.id}`,
        workflowId: WorkflowIds.proposalReview(request.proposalId, request.stageNo),
        workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ callId: call.id, proposalId: request.proposalId, stageNo: request.stageNo }],
        signal: offersChangedSignal,
        signalArgs: [{ reason: `redress:${request.id}` }],
      });
    }
    await this.audit.record(manager, {
      actor: null,
      action: 'proposal.redress-enters-reserve-path',
      entityType: 'proposal',
      entityId: request.proposalId,
      after: { redressRequestId: request.id, reopenIn: effect.reopenIn },
      businessKey: `redress-reserve-path:${request.id}`,
    });
  }
}
