import { Injectable, NotFoundException } from '@nestjs/common';
import { auditRoleOf, Clock, hasRole, type Principal } from '@app/common';
import { webLinks } from '@app/contracts';
import { DomainError, redressEffect, type RedressOutcome } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  OutboxWriter,
  ProposalRepository,
  RedressRepository,
  ReviewAssignmentRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
  type RedressRecord,
} from '@app/persistence';
import { signalCallEndChanged } from '../calls/call-end-signal';
import { signalProposalsChanged } from '../proposals/proposal-changed';
import { RedressDecisionHook } from './redress-decision.hook';
import { RedressReopening, type ReopenedState } from './redress-reopening';

export interface RedressOutcomeInput {
  outcome: RedressOutcome;
  reason: string;
}

/** A redress request and the call's time zone, in which the API shows its instants. */
export interface RedressResult {
  request: RedressRecord;
  timeZone: string;
}

const OUTCOME_TEXT: Record<RedressOutcome, string> = {
  UPHELD_REOPEN_ELIGIBILITY: 'upheld — the eligibility check of your proposal is re-opened',
  UPHELD_REOPEN_EVALUATION: 'upheld — the evaluation of your proposal is re-opened',
  REJECTED: 'rejected — the result stands',
};

/**
 * Records a redress request's outcome (SPEC V9; programme managers, anyone else 404): once (409
 * REDRESS_ALREADY_DECIDED), while the call is IN_EVALUATION or RANKED (409 naming the state). Its effect
 * comes from `redressEffect`; re-opening is `RedressReopening`. One transaction — lock order: the call
 * row (shared: no state change of the call meanwhile), the call's assignment lock (no auto-assignment
 * writes meanwhile), the proposal, the request — with the audit events (before/after) and the
 * coordinator's notification.
 */
@Injectable()
export class DecideRedressUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly redress: RedressRepository,
    private readonly users: UserRepository,
    private readonly reopening: RedressReopening,
    private readonly decision: RedressDecisionHook,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  async execute(principal: Principal, redressId: string, body: RedressOutcomeInput): Promise<RedressResult> {
    if (!hasRole(principal, 'PROGRAMME_MANAGER'))
      throw new NotFoundException(`Redress request ${redressId} not found.`);
    return this.uow.run(async (manager) => {
      const found = await this.redress.find(manager, redressId);
      if (!found) throw new NotFoundException(`Redress request ${redressId} not found.`);
      const callState = (await this.calls.stateShared(manager, found.callId))!;
      await this.assignments.lockCallAssignments(manager, found.callId);
      const proposal = (await this.proposals.find(manager, found.proposalId, 'update'))!;
      const request = (await this.redress.find(manager, redressId, true))!;
      if (request.status !== 'FILED') {
        throw new DomainError(
          'REDRESS_ALREADY_DECIDED',
          `The redress request is already ${request.status} (${request.outcome}); its outcome is recorded once.`,
          'conflict',
          [],
          { state: request.status, outcome: String(request.outcome) },
        );
      }
      if (!RedressDecisionHook.REDRESS_OUTCOME_CALL_STATES.includes(callState)) {
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${callState}; redress outcomes are recorded while it is ` +
            `${RedressDecisionHook.REDRESS_OUTCOME_CALL_STATES.join(' or ')}.`,
          'conflict',
          [],
          { state: callState, allowed: [...RedressDecisionHook.REDRESS_OUTCOME_CALL_STATES] },
        );
      }
      const call = (await this.calls.find(manager, request.callId))!;
      const now = this.clock.now();
      const effect = redressEffect(body.outcome, await this.decision.decisionMade(manager, call));

      const decided = await this.redress.transitionDecided(manager, request.id, {
        outcome: body.outcome,
        reason: body.reason.trim(),
        decidedBy: principal.userId,
        decidedAt: now,
      });
      const actor = { userId: principal.userId, role: auditRoleOf(principal) };
      await this.audit.record(manager, {
        actor,
        action: 'redress.decided',
        entityType: 'redress_request',
        entityId: request.id,
        before: { status: 'FILED' },
        after: {
          status: decided.status,
          outcome: decided.outcome,
          reason: decided.outcomeReason,
          decidedAt: now.toISOString(),
        },
        businessKey: `redress-decided:${request.id}`,
      });

      let change: { before: ReopenedState; after: ReopenedState } | null = null;
      if (effect.reopenIn === 'ELIGIBILITY_CHECK')
        change = await this.reopening.reopenEligibility(manager, call, proposal, decided, now);
      // V9 re-opens the evaluation: the proposal re-enters it as ELIGIBLE, which the assignment job takes to IN_REVIEW.
      else if (effect.reopenIn === 'IN_REVIEW')
        change = await this.reopening.reopenEvaluation(manager, proposal, decided);
      // After the decision (V9): re-evaluated as in the evaluation, it enters the decision through F5.
      if (effect.viaReservePromotion) await this.decision.enterThroughReservePromotion(manager, call, decided, effect);
      if (change) {
        await this.audit.record(manager, {
          actor,
          action:
            effect.reopenIn === 'ELIGIBILITY_CHECK'
              ? 'proposal.redress-eligibility-reopened'
              : 'proposal.redress-evaluation-reopened',
          entityType: 'proposal',
          entityId: proposal.id,
          before: change.before,
          after: { ...change.after, redressRequestId: request.id, stageNo: request.stageNo },
          businessKey: `redress-reopened:${request.id}`,
        });
      }

      for (const member of await this.users.activeMembersOf(manager, proposal.coordinatorOrganisationId)) {
        await this.outbox.enqueue(manager, {
          kind: 'REDRESS_OUTCOME',
          recipient: { userId: member.id, email: member.email, displayName: member.displayName },
          data: {
            proposalAcronym: proposal.content.acronym,
            callTitle: call.configuration.title,
            outcome: OUTCOME_TEXT[body.outcome],
            reason: decided.outcomeReason ?? undefined,
            page: webLinks.proposalOutcome(proposal.id),
          },
          idempotencyKey: `redress-outcome:${request.id}:${member.id}`,
        });
      }
      // The proposal's workflow: re-opened, its timers start again; rejected, it can complete (one request per stage).
      await signalProposalsChanged(
        this.signals,
        manager,
        [{ id: proposal.id, callId: proposal.callId }],
        'redress-decided',
        request.id,
      );
      // After the decision an open redress holds the call in DECIDED: its end may now come.
      if (callState === 'DECIDED')
        await signalCallEndChanged(this.signals, manager, call.id, 'redress-decided', request.id);
      return { request: decided, timeZone: call.configuration.timeZone };
    });
  }
}
