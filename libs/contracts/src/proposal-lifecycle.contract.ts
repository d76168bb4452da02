import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ProposalTimerFacts } from '@app/domain';

/**
 * One workflow per proposal (`proposal-<id>`), started by its first submission. Submissions are decided
 * by PostgreSQL (SPEC S1); the workflow learns of each version through the transactional outbox — a
 * relay in the worker delivers `versionSubmitted` with signal-with-start, at least once (the workflow
 * ignores versions it already knows).
 *
 * The workflow owns the proposal's own timers (SPEC R2, V9): the regional decisions' due dates and their
 * escalation, and the redress window after the result. It reads them from the database (the deadlines live
 * there) whenever it hears that the proposal changed, and completes once the proposal is final and no
 * redress request can come any more.
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
/**
 * Something the proposal's timers depend on changed (the eligibility check opened or a due date moved, a
 * result was issued, a redress request was decided, the call moved on): the workflow reads its facts again.
 * Delivered through the outbox, at least once; a repeat costs one read.
 */
export interface ProposalChangedSignal {
  /** What changed, for the history's reader (`eligibility-opened`, `result`, …). */
  cause: string;
}
export const proposalChangedSignal = defineSignal<[ProposalChangedSignal]>('proposalChanged');

/** The proposal workflow's activities: one read of its timers' facts, one escalation. */
export interface ProposalActivities {
  /** The facts `nextProposalTimerStep` of `@app/domain` decides on, read in one snapshot. */
  proposalTimerFacts(input: { proposalId: string }): Promise<ProposalTimerFacts>;
  /**
   * SPEC R2: the regional decisions of the proposal's call still pending at `at` are escalated to the
   * programme managers, once — all of the call's at once, so that a deadline gives one message per call.
   */
  escalateProposalEligibility(input: { proposalId: string; at: string }): Promise<{ escalated: number }>;
}

export const proposalStateQuery = defineQuery<ProposalWorkflowView>('proposalState');
