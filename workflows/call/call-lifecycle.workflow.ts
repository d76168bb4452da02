import { allHandlersFinished, condition, continueAsNew, workflowInfo } from '@temporalio/workflow';
import type { CallLifecycleInput, CallPhase } from '@app/contracts';
import { runAlignmentPhase } from './alignment.phase';
import { callActivities } from './call-activities';
import { createCallContext } from './call-context';
import { registerCallHandlers } from './call-updates';
import { runEligibilityPhase, runEvaluationPhase } from './eligibility.phase';
import { runOpenPhase } from './open.phase';
import { runAwaitingOpeningPhase } from './opening.phase';
import { runMonitoringPhase } from './call-end.phase';
import { runDecidedPhase } from './decided.phase';
import { runFundingDecisionPhase } from './funding-decision.phase';
import { runRankedPhase } from './ranked.phase';

export interface CallLifecycleResult {
  finalState: 'CANCELLED' | 'CLOSED';
}

/**
 * One workflow per call (`call-<id>`). Each run executes one phase and continues as new into the
 * next with the small state it needs, so histories stay short and a phase is added by adding a
 * case here, without touching the others.
 */
export async function callLifecycleWorkflow(input: CallLifecycleInput): Promise<CallLifecycleResult> {
  const ctx = createCallContext(input.callId, input.phase ?? 'STARTING', input.state ?? null);
  let started = input.phase !== undefined;
  registerCallHandlers(ctx, () => condition(() => started));

  if (!started) {
    ctx.state = await callActivities.beginAlignment({
      callId: input.callId,
      agencyIds: input.invitedAgencyIds ?? [],
      actor: input.startedBy ?? { userId: 'system', role: 'SYSTEM' },
      workflowId: workflowInfo().workflowId,
    });
    ctx.phase = 'ALIGNMENT';
    started = true;
  }

  let next: CallPhase | 'CANCELLED' | 'CLOSED';
  switch (ctx.phase) {
    case 'ALIGNMENT':
      next = await runAlignmentPhase(ctx);
      break;
    case 'AWAITING_OPENING':
      next = await runAwaitingOpeningPhase(ctx);
      break;
    case 'OPEN':
      next = await runOpenPhase(ctx);
      break;
    case 'ELIGIBILITY':
      next = await runEligibilityPhase(ctx);
      break;
    case 'EVALUATION':
      next = await runEvaluationPhase(ctx);
      break;
    case 'RANKED':
      next = await runRankedPhase(ctx);
      break;
    case 'FUNDING_DECISION':
      next = await runFundingDecisionPhase(ctx);
      break;
    case 'DECIDED':
      next = await runDecidedPhase(ctx);
      break;
    case 'MONITORING':
      next = await runMonitoringPhase(ctx);
      break;
    default:
      next = 'CANCELLED';
  }
  await condition(allHandlersFinished);
  if (next === 'CANCELLED' || next === 'CLOSED') return { finalState: next };
  return continueAsNew<typeof callLifecycleWorkflow>({ callId: input.callId, phase: next, state: ctx.state });
}
