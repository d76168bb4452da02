import { condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  proposalChangedSignal,
  proposalStateQuery,
  proposalWithdrawnSignal,
  versionSubmittedSignal,
  type ProposalLifecycleInput,
  type ProposalWorkflowView,
  type VersionSubmittedSignal,
} from '@app/contracts';
import { nextProposalTimerStep } from '@app/domain';
import { proposalActivities } from './proposal-activities';

/** From this patch on the workflow keeps the proposal's timers and completes; before it, it only listened. */
export const PROPOSAL_TIMERS_PATCH = 'proposal-owns-its-timers';

/**
 * The proposal's own lifecycle workflow. It keeps the versions it has been told of (idempotently: a repeated
 * signal changes nothing) and whether the proposal is withdrawn, and it owns the proposal's timers (SPEC R2,
 * V9): the regional decisions' due dates and their escalation, and the redress window after the result. It
 * completes once the proposal is final and no redress request can come any more.
 */
export async function proposalLifecycleWorkflow(
  input: ProposalLifecycleInput & { carried?: ProposalWorkflowView },
): Promise<void> {
  const view: ProposalWorkflowView = input.carried ?? {
    proposalId: input.proposalId,
    versions: [],
    latestVersion: 0,
    withdrawn: false,
  };
  /**
   * Bumped by a withdrawal and by `proposalChanged`: the facts the timers depend on may have changed. A new
   * version does not count — a submitted proposal in an open call has no timer (its check starts at the close,
   * which is signalled) — so a deadline rush costs the workflows no reads.
   */
  let changes = 0;
  /** `proposalChanged` signals only: a run from before the patch hands over to a fresh run on the first. */
  let timerSignals = 0;
  setHandler(versionSubmittedSignal, (signal: VersionSubmittedSignal) => {
    if (view.versions.some((v) => v.version === signal.version)) return;
    view.versions = [...view.versions, signal].sort((a, b) => a.version - b.version);
    view.latestVersion = Math.max(view.latestVersion, signal.version);
    view.withdrawn = false;
  });
  setHandler(proposalWithdrawnSignal, () => {
    changes += 1;
    view.withdrawn = true;
  });
  setHandler(proposalChangedSignal, () => {
    changes += 1;
    timerSignals += 1;
  });
  setHandler(proposalStateQuery, () => view);
  if (patched(PROPOSAL_TIMERS_PATCH)) {
    // A run started by a submission has nothing to time until the proposal changes; a renewed run reads at once.
    if (input.carried === undefined) await condition(() => changes > 0 || workflowInfo().continueAsNewSuggested);
    if ((await keepTimers(input.proposalId, () => changes)) === 'COMPLETE') return;
  } else {
    // A run started before the patch only listened; the first timer signal moves it to a run that keeps timers.
    await condition(() => workflowInfo().continueAsNewSuggested || timerSignals > 0);
  }
  // Long-lived: hand over to a fresh run before the history grows large.
  await continueAsNew<typeof proposalLifecycleWorkflow>({ ...input, carried: view });
}

/**
 * Reads the proposal's facts, takes the step `nextProposalTimerStep` names and sleeps until the next due
 * instant or the next signal — until the proposal is done, or the history asks for a fresh run.
 */
async function keepTimers(proposalId: string, changes: () => number): Promise<'COMPLETE' | 'CONTINUE_AS_NEW'> {
  let lastEscalation: string | undefined;
  for (;;) {
    if (workflowInfo().continueAsNewSuggested) return 'CONTINUE_AS_NEW';
    const seen = changes();
    const step = nextProposalTimerStep(await proposalActivities.proposalTimerFacts({ proposalId }), Date.now());
    if (step.kind === 'COMPLETE') return 'COMPLETE';
    // An escalation marks the decisions escalated; the same instant again would loop: wait for a change instead.
    if (step.kind === 'ESCALATE' && step.at !== lastEscalation) {
      await proposalActivities.escalateProposalEligibility({ proposalId, at: step.at });
      lastEscalation = step.at;
      continue;
    }
    const woken = () => changes() !== seen || workflowInfo().continueAsNewSuggested;
    if (step.kind === 'WAIT' && step.until !== null)
      await condition(woken, Math.max(1, Date.parse(step.until) - Date.now()));
    else await condition(woken);
  }
}
