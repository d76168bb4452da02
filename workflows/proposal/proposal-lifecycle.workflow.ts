import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  proposalStateQuery,
  proposalWithdrawnSignal,
  versionSubmittedSignal,
  type ProposalLifecycleInput,
  type ProposalWorkflowView,
  type VersionSubmittedSignal,
} from '@app/contracts';

/**
 * The proposal's own lifecycle workflow: it keeps the versions it has been told of (idempotently: a
 * repeated signal changes nothing) and whether the proposal is withdrawn.
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
  setHandler(versionSubmittedSignal, (signal: VersionSubmittedSignal) => {
    if (view.versions.some((v) => v.version === signal.version)) return;
    view.versions = [...view.versions, signal].sort((a, b) => a.version - b.version);
    view.latestVersion = Math.max(view.latestVersion, signal.version);
    view.withdrawn = false;
  });
  setHandler(proposalWithdrawnSignal, () => {
    view.withdrawn = true;
  });
  setHandler(proposalStateQuery, () => view);
  // Long-lived: hand over to a fresh run before the history grows large.
  await condition(() => workflowInfo().continueAsNewSuggested);
  await continueAsNew<typeof proposalLifecycleWorkflow>({ ...input, carried: view });
}
