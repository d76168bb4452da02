import { defineQuery, defineSignal } from '@temporalio/workflow';

/**
 * One workflow per proposal (`proposal-<id>`), started by its first submission. Submissions are decided
 * by PostgreSQL (SPEC S1); the workflow learns of each version through the transactional outbox — a
 * relay in the worker delivers `versionSubmitted` with signal-with-start, at least once (the workflow
 * ignores versions it already knows).
 */
export const PROPOSAL_LIFECYCLE_WORKFLOW_TYPE = 'proposalLifecycleWorkflow';

export interface ProposalLifecycleInput {
  proposalId: string;
  callId: string;
}

export interface VersionSubmittedSignal {
  version: number;
  sha256: string;
  submittedAt: string;
}

export interface ProposalWithdrawnSignal {
  /** The withdrawal's audit time, to order it against versions. */
  at: string;
  reason: string;
}

export interface ProposalWorkflowView {
  proposalId: string;
  versions: VersionSubmittedSignal[];
  latestVersion: number;
  withdrawn: boolean;
}

export const versionSubmittedSignal = defineSignal<[VersionSubmittedSignal]>('versionSubmitted');
export const proposalWithdrawnSignal = defineSignal<[ProposalWithdrawnSignal]>('proposalWithdrawn');
export const proposalStateQuery = defineQuery<ProposalWorkflowView>('proposalState');
