import { Injectable } from '@nestjs/common';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import {
  CallRepository,
  EligibilityRepository,
  OutboxWriter,
  ProposalEvaluationRepository,
  ProposalRepository,
  ReviewAssignmentRepository,
  type CallRecord,
  type ProposalRecord,
  type RedressRecord,
  type Tx,
} from '@app/persistence';

const DAY_MS = 24 * 60 * 60 * 1000;
/** When the call's own eligibility period cannot be read: the 10 days ACIE calls usually give. */
export const DEFAULT_RECHECK_DAYS = 10;

export interface ReopenedState {
  state: string;
  [detail: string]: unknown;
}

/**
 * What an upheld redress request does to its proposal (SPEC V9), inside the outcome's transaction (the
 * caller holds the call row FOR SHARE, the call's assignment lock and the proposal row FOR UPDATE).
 * Each method returns the before/after the audit event records.
 */
@Injectable()
export class RedressReopening {
  constructor(
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The time the agencies get to decide again: the call's eligibility period for the stage (its
   * eligibility deadline minus its submission deadline), from now; 10 days when that is not positive.
   */
  recheckDueAt(call: CallRecord, stageNo: number, now: Date): Date {
    const stage = call.configuration.timeline.stages[stageNo - 1];
    const period = stage ? Date.parse(stage.eligibilityDeadline) - Date.parse(stage.submissionDeadline) : NaN;
    return new Date(now.getTime() + (Number.isFinite(period) && period > 0 ? period : DEFAULT_RECHECK_DAYS * DAY_MS));
  }

  /**
   * Back to ELIGIBILITY_CHECK: every regional decision of the proposal is PENDING again, due at
   * `recheckDueAt` (a funded partner of a confirmed region that has none gets one, as at the close), the
   * stage's consensus is cleared (a re-found eligible proposal is evaluated afresh), the eligibility round
   * is counted (so the new result has its own audit and notification keys), and the officers of each
   * agency concerned are asked to decide again.
   */
  async reopenEligibility(
    manager: Tx,
    call: CallRecord,
    proposal: ProposalRecord,
    request: RedressRecord,
    now: Date,
  ): Promise<{ before: ReopenedState; after: ReopenedState }> {
    const dueAt = this.recheckDueAt(call, request.stageNo, now);
    const previous = (await this.eligibility.ofProposal(manager, proposal.id, true)).map((d) => ({
      organisationId: d.organisationId,
      agencyId: d.agencyId,
      decision: d.decision,
      reason: d.reason,
    }));
    await this.eligibility.reopen(manager, proposal.id, dueAt);
    await this.eligibility.requestForProposal(manager, proposal.id, call.id, dueAt);
    const consensusCleared = await this.evaluations.clearConsensus(manager, proposal.id, request.stageNo);
    await this.proposals.transitionReopened(manager, proposal.id, 'ELIGIBILITY_CHECK');
    const perAgency = await this.eligibility.countsPerAgencyOfProposal(manager, proposal.id);
    const deadline = toZonedIso(dueAt.toISOString(), call.configuration.timeZone);
    for (const agency of perAgency) {
      for (const officer of await this.calls.officersOf(manager, agency.agencyId)) {
        await this.outbox.enqueue(manager, {
          kind: 'ELIGIBILITY_RECHECK_REQUESTED',
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: {
            proposalAcronym: proposal.content.acronym,
            callTitle: call.configuration.title,
            agencyName: agency.agencyName,
            count: agency.count,
            deadline,
            page: webLinks.proposal(proposal.id),
          },
          idempotencyKey: `redress-recheck:${request.id}:${agency.agencyId}:${officer.id}`,
        });
      }
    }
    return {
      before: {
        state: proposal.state,
        eligibilityReasons: proposal.eligibilityReasons,
        eligibilityDecisions: previous,
      },
      after: {
        state: 'ELIGIBILITY_CHECK',
        decisionsPending: perAgency.reduce((sum, a) => sum + a.count, 0),
        dueAt: dueAt.toISOString(),
        consensusCleared,
      },
    };
  }

  /**
   * Back to ELIGIBLE, where the auto-assignment job picks it up (it moves it to IN_REVIEW with its
   * offers): the stage's rapporteur and consensus are cleared; its earlier assignments and reviews stay
   * as history, and since a pair is offered once per stage (V4) none of those evaluators is offered it
   * again. The programme manager re-runs the assignment. An INELIGIBLE proposal so re-opened has been
   * found eligible by the programme manager's outcome: its ineligibility reasons are cleared, the
   * agencies' decisions stay as recorded.
   */
  async reopenEvaluation(
    manager: Tx,
    proposal: ProposalRecord,
    request: RedressRecord,
  ): Promise<{ before: ReopenedState; after: ReopenedState }> {
    const consensusCleared = await this.evaluations.clearConsensus(manager, proposal.id, request.stageNo);
    const assignments = await this.assignments.countByState(manager, proposal.id, request.stageNo);
    // A fresh panel: the stage's earlier assignments are withdrawn (their reviews stay stored and audited),
    // so they count neither as reviewers nor in the consensus and ranking, and the pairs are never offered again.
    const withdrawn = await this.assignments.transitionStageToWithdrawn(manager, proposal.id, request.stageNo);
    await this.proposals.transitionReopened(manager, proposal.id, 'ELIGIBLE');
    return {
      before: {
        state: proposal.state,
        eligibilityReasons: proposal.eligibilityReasons,
        assignments,
      },
      after: { state: 'ELIGIBLE', consensusCleared, assignmentsWithdrawn: withdrawn },
    };
  }
}
