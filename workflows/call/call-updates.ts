import { currentUpdateInfo, setHandler } from '@temporalio/workflow';
import {
  answerCommitmentUpdate,
  answerFundingDecisionUpdate,
  closeReserveListUpdate,
  proposeFundingDecisionUpdate,
  callStateQuery,
  callEndChangedSignal,
  cancelCallUpdate,
  extendAgencyEligibilityUpdate,
  extendDeadlineUpdate,
  finaliseRankingUpdate,
  putCommitmentUpdate,
  startEvaluationUpdate,
  type ExtendDeadlineRequest,
} from '@app/contracts';
import { DomainError } from '@app/domain';
import { callActivities, eligibilityActivities, fundingActivities } from './call-activities';
import { commitmentOf, phaseName, type CallContext } from './call-context';
import { serialisedUpdate } from './serialised-update';

const updateId = (): string => currentUpdateInfo()?.id ?? 'no-update-id';

function assertCanPut(ctx: CallContext, agencyId: string): void {
  if (ctx.phase === 'CANCELLED')
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      'The call is CANCELLED; commitments can no longer change.',
      'conflict',
      [],
      {
        state: 'CANCELLED',
      },
    );
  if (ctx.phase === 'STARTING') return;
  const commitment = commitmentOf(ctx, agencyId);
  if (commitment.status === 'DECLINED' || commitment.status === 'DROPPED_OUT') {
    throw new DomainError(
      'COMMITMENT_STATE_CONFLICT',
      `The commitment is ${commitment.status}; it can no longer change.`,
      'conflict',
      [],
      { state: commitment.status },
    );
  }
  if (ctx.phase !== 'ALIGNMENT' && commitment.status !== 'CONFIRMED') {
    throw new DomainError(
      'COMMITMENT_STATE_CONFLICT',
      `The alignment has ended; the commitment is ${commitment.status}.`,
      'conflict',
      [],
      { state: commitment.status },
    );
  }
}

function assertCanAnswer(ctx: CallContext, agencyId: string, answer: 'CONFIRM' | 'DECLINE'): void {
  if (ctx.phase !== 'ALIGNMENT' && ctx.phase !== 'STARTING') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${phaseName(ctx)}; agencies answer during the fund alignment only.`,
      'conflict',
      [],
      { state: phaseName(ctx), allowed: ['FUND_ALIGNMENT'] },
    );
  }
  if (ctx.phase === 'STARTING') return;
  const commitment = commitmentOf(ctx, agencyId);
  if (commitment.status === 'CONFIRMED' || commitment.status === 'DECLINED' || commitment.status === 'DROPPED_OUT') {
    throw new DomainError(
      'COMMITMENT_STATE_CONFLICT',
      `The commitment is already ${commitment.status}.`,
      'conflict',
      [],
      {
        state: commitment.status,
      },
    );
  }
  if (answer === 'CONFIRM' && commitment.status !== 'PROPOSED') {
    throw new DomainError(
      'COMMITMENT_NOT_PROPOSED',
      'Propose an amount (PUT the commitment) before confirming it.',
      'rule',
    );
  }
}

const EXTENDABLE_IN: Record<ExtendDeadlineRequest['field'], Array<CallContext['phase']>> = {
  alignmentDeadline: ['STARTING', 'ALIGNMENT'],
  opensAt: ['STARTING', 'ALIGNMENT', 'AWAITING_OPENING'],
  submissionDeadline: ['STARTING', 'ALIGNMENT', 'AWAITING_OPENING', 'OPEN'],
  decisionDeadline: [
    'STARTING',
    'ALIGNMENT',
    'AWAITING_OPENING',
    'OPEN',
    'ELIGIBILITY',
    'EVALUATION',
    'RANKED',
    'FUNDING_DECISION',
  ],
};

function assertCanExtend(ctx: CallContext, request: ExtendDeadlineRequest): void {
  if (!EXTENDABLE_IN[request.field].includes(ctx.phase)) {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${phaseName(ctx)}; ${request.field} can no longer be extended.`,
      'conflict',
      [],
      { state: phaseName(ctx) },
    );
  }
  if (Number.isNaN(Date.parse(request.newDeadline)))
    throw new DomainError('INVALID_INSTANT', 'newDeadline must be an ISO-8601 instant.', 'rule');
  const current = ctx.state?.[request.field];
  if (current !== undefined && Date.parse(request.newDeadline) <= Date.parse(current)) {
    throw new DomainError(
      'DEADLINE_NOT_LATER',
      `The new ${request.field} must be later than the current one (${current}).`,
      'rule',
      [],
      {
        field: request.field,
        current,
      },
    );
  }
}

function assertCanExtendAgency(ctx: CallContext, newDeadline: string): void {
  if (ctx.phase !== 'ELIGIBILITY' && ctx.phase !== 'EVALUATION') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${phaseName(ctx)}; an agency's eligibility deadline is extended during the eligibility check.`,
      'conflict',
      [],
      { state: phaseName(ctx) },
    );
  }
  const instant = Date.parse(newDeadline);
  if (Number.isNaN(instant))
    throw new DomainError('INVALID_INSTANT', 'newDeadline must be an ISO-8601 instant.', 'rule');
  if (instant <= Date.now())
    throw new DomainError('DEADLINE_NOT_LATER', 'The new deadline must be in the future.', 'rule');
}

function assertCanStartEvaluation(ctx: CallContext): void {
  if (ctx.phase !== 'ELIGIBILITY' && ctx.phase !== 'EVALUATION') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${phaseName(ctx)}; evaluators are assigned from ELIGIBILITY_CHECK or IN_EVALUATION.`,
      'conflict',
      [],
      { state: phaseName(ctx), allowed: ['ELIGIBILITY_CHECK', 'IN_EVALUATION'] },
    );
  }
}

function assertCanCloseReserve(ctx: CallContext): void {
  if (ctx.phase !== 'DECIDED')
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${phaseName(ctx)}; the reserve list is closed once DECIDED.`,
      'conflict',
      [],
      { state: phaseName(ctx), allowed: ['DECIDED'] },
    );
  if (ctx.state?.funding?.status === 'PROPOSED')
    throw new DomainError(
      'DECISION_AWAITING_AGENCIES',
      'A promotion is awaiting the agencies; close the reserve list after it.',
      'conflict',
    );
}

function assertCanProposeDecision(ctx: CallContext): void {
  const returned =
    ctx.phase === 'FUNDING_DECISION' && ctx.state?.funding?.status === 'RETURNED' && ctx.decisionMoved !== 'DECIDED';
  // After DECIDED a promotion (F5) may be proposed whenever none awaits the agencies.
  const promotion = ctx.phase === 'DECIDED' && ctx.state?.funding?.status !== 'PROPOSED';
  if (!(ctx.phase === 'RANKED' && ctx.decisionMoved === undefined) && !returned && !promotion) {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      ctx.phase === 'FUNDING_DECISION'
        ? 'A decision is awaiting the agencies; it is revised after an objection.'
        : `The call is ${phaseName(ctx)}; the funding decision is proposed from RANKED.`,
      'conflict',
      [],
      { state: phaseName(ctx), allowed: ['RANKED'] },
    );
  }
}

function assertCanAnswerDecision(ctx: CallContext, agencyId: string): void {
  const funding = ctx.state?.funding;
  if ((ctx.phase !== 'FUNDING_DECISION' && ctx.phase !== 'DECIDED') || !funding || ctx.decisionMoved === 'DECIDED') {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      'The call is ' +
        `${ctx.decisionMoved === 'DECIDED' ? 'DECIDED' : phaseName(ctx)}; ` +
        'agencies answer a proposed funding decision.',
      'conflict',
      [],
      { state: ctx.decisionMoved === 'DECIDED' ? 'DECIDED' : phaseName(ctx) },
    );
  }
  if (funding.status === 'RETURNED')
    throw new DomainError(
      'DECISION_RETURNED',
      'The decision was returned to the programme manager after an objection; wait for the revision.',
      'conflict',
    );
  if (!funding.agencyIds.includes(agencyId))
    throw new DomainError(
      'AGENCY_NOT_PARTICIPATING',
      `Agency ${agencyId} does not approve this decision.`,
      'not-found',
      [],
      { agencyId },
    );
  if (funding.approved.includes(agencyId))
    throw new DomainError('ALREADY_ANSWERED', 'Your agency has already approved this decision.', 'conflict');
}

function assertCanFinaliseRanking(ctx: CallContext): void {
  if (ctx.phase !== 'EVALUATION' || ctx.afterRanking !== undefined) {
    throw new DomainError(
      'CALL_STATE_CONFLICT',
      `The call is ${ctx.afterRanking ? 'RANKED' : phaseName(ctx)}; the ranking is finalised from IN_EVALUATION.`,
      'conflict',
      [],
      { state: ctx.afterRanking ? 'RANKED' : phaseName(ctx), allowed: ['IN_EVALUATION'] },
    );
  }
}

/**
 * Human actions on the call, as updates with validators that check only what the workflow knows
 * (phase, commitment status, deadlines). Their effects run one at a time through `ctx.serial`, and
 * the validator's checks are repeated there, since a phase may end while an update waits its turn.
 */
export function registerCallHandlers(ctx: CallContext, ready: () => Promise<void>): void {
  setHandler(callStateQuery, () => ({ phase: ctx.phase, state: ctx.state }));
  setHandler(callEndChangedSignal, () => {
    ctx.endChanged = true;
  });

  serialisedUpdate(ctx, ready, putCommitmentUpdate, {
    guard: (request) => assertCanPut(ctx, request.agencyId),
    effect: async (request) => {
      const result = await callActivities.saveCommitmentTerms({
        callId: ctx.callId,
        request,
        afterAlignment: ctx.phase !== 'ALIGNMENT',
        updateId: updateId(),
      });
      const commitment = commitmentOf(ctx, request.agencyId);
      commitment.status = result.status;
      return result;
    },
  });

  serialisedUpdate(ctx, ready, answerCommitmentUpdate, {
    guard: (request) => assertCanAnswer(ctx, request.agencyId, request.answer),
    effect: async (request) => {
      const result = await callActivities.answerCommitment({ callId: ctx.callId, request, updateId: updateId() });
      commitmentOf(ctx, request.agencyId).status = result.status;
      return result;
    },
  });

  serialisedUpdate(ctx, ready, extendDeadlineUpdate, {
    guard: (request) => assertCanExtend(ctx, request),
    effect: async (request) => {
      await callActivities.extendDeadline({ callId: ctx.callId, request, updateId: updateId() });
      if (ctx.state) ctx.state[request.field] = new Date(Date.parse(request.newDeadline)).toISOString();
      ctx.deadlineVersion += 1;
      return { field: request.field, deadline: new Date(Date.parse(request.newDeadline)).toISOString() };
    },
  });

  serialisedUpdate(ctx, ready, extendAgencyEligibilityUpdate, {
    guard: (request) => assertCanExtendAgency(ctx, request.newDeadline),
    effect: async (request) => {
      const result = await eligibilityActivities.extendAgencyEligibility({
        callId: ctx.callId,
        request,
        updateId: updateId(),
      });
      const deadline = new Date(Date.parse(request.newDeadline)).toISOString();
      ctx.state!.eligibilityWakeups = [...(ctx.state!.eligibilityWakeups ?? []), deadline];
      ctx.deadlineVersion += 1;
      return { agencyId: request.agencyId, deadline, pendingDecisions: result.pendingDecisions };
    },
  });

  serialisedUpdate(ctx, ready, startEvaluationUpdate, {
    guard: (_request) => assertCanStartEvaluation(ctx),
    effect: async (request) => {
      if (!ctx.evaluationStarted) {
        await callActivities.startEvaluation({ callId: ctx.callId, request, updateId: updateId() });
        ctx.evaluationStarted = true;
      }
      return { state: 'IN_EVALUATION' as const };
    },
  });

  serialisedUpdate(ctx, ready, finaliseRankingUpdate, {
    guard: (_request) => assertCanFinaliseRanking(ctx),
    effect: async (request) => {
      const { nextState, ...result } = await callActivities.finaliseRanking({
        callId: ctx.callId,
        request,
        updateId: updateId(),
      });
      if (nextState) ctx.state = nextState;
      ctx.afterRanking = result.state === 'OPEN' ? 'OPEN' : 'RANKED';
      return result;
    },
  });

  serialisedUpdate(ctx, ready, proposeFundingDecisionUpdate, {
    guard: (_request) => assertCanProposeDecision(ctx),
    effect: async (request) => {
      const summary = await fundingActivities.proposeFundingDecision({
        callId: ctx.callId,
        request,
        updateId: updateId(),
        at: new Date().toISOString(),
      });
      ctx.state!.funding = {
        decisionId: summary.decisionId,
        status: 'PROPOSED',
        agencyIds: summary.agencyIds,
        approved: [],
        escalatedAt: [],
      };
      if (ctx.phase === 'RANKED') ctx.decisionMoved = 'FUNDING_DECISION';
      // After DECIDED this is a promotion (F5): the call stays DECIDED.
      return summary;
    },
  });

  serialisedUpdate(ctx, ready, answerFundingDecisionUpdate, {
    guard: (request) => assertCanAnswerDecision(ctx, request.agencyId),
    effect: async (request) => {
      const funding = ctx.state!.funding!;
      const result = await fundingActivities.answerFundingDecision({
        callId: ctx.callId,
        decisionId: funding.decisionId,
        request,
        updateId: updateId(),
        at: new Date().toISOString(),
      });
      if (result.answer === 'APPROVED') funding.approved = [...funding.approved, request.agencyId];
      if (result.decisionStatus === 'RETURNED') funding.status = 'RETURNED';
      if (result.decisionStatus === 'DECIDED') {
        // The decision (or promotion) is done: nothing awaits the agencies any more.
        ctx.state!.funding = undefined;
        if (ctx.phase !== 'DECIDED') ctx.decisionMoved = 'DECIDED';
      }
      return result;
    },
  });

  serialisedUpdate(ctx, ready, closeReserveListUpdate, {
    guard: (_request) => assertCanCloseReserve(ctx),
    effect: (request) => fundingActivities.closeReserveList({ callId: ctx.callId, request, updateId: updateId() }),
  });

  const refuseCancelled = (): void => {
    if (ctx.phase === 'CANCELLED')
      throw new DomainError('CALL_STATE_CONFLICT', 'The call is already CANCELLED.', 'conflict', [], {
        state: 'CANCELLED',
      });
  };
  serialisedUpdate(ctx, ready, cancelCallUpdate, {
    guard: (_request) => refuseCancelled(),
    effect: async (request) => {
      await callActivities.cancelCall({ callId: ctx.callId, request, updateId: updateId() });
      ctx.cancelled = true;
      ctx.phase = 'CANCELLED';
      return { state: 'CANCELLED' as const };
    },
    validator: (_request) => {
      refuseCancelled();
      if (ctx.phase === 'MONITORING' || ctx.phase === 'CLOSED')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${ctx.phase}; only calls before DECIDED can be cancelled.`,
          'conflict',
          [],
          { state: ctx.phase },
        );
      if (ctx.phase === 'DECIDED' || ctx.decisionMoved === 'DECIDED')
        throw new DomainError(
          'CALL_STATE_CONFLICT',
          'The call is DECIDED; only calls before DECIDED can be cancelled.',
          'conflict',
          [],
          {
            state: 'DECIDED',
          },
        );
    },
  });
}
