import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { webLinks } from '@app/contracts';
import { toZonedIso } from '@app/domain';
import {
  CallRepository,
  OutboxWriter,
  type CallRecord,
  type ProposalRecord,
  type RedressRecord,
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
    manager: EntityManager,
    call: CallRecord,
    proposal: ProposalRecord,
    request: RedressRecord,
    now: Date,
  ): Promise<{ before: ReopenedState; after: ReopenedState }> {
    const dueAt = this.recheckDueAt(call, request.stageNo, now);
    const previous: Array<{ organisationId: string; agencyId: string; decision: string; reason: string | null }> =
      await manager.query(
        'SELECT organisation_id AS "organisationId", agency_id AS "agencyId", decision, reason FROM eligibility_decision WHERE proposal_id = $1 ORDER BY organisation_id FOR UPDATE',
        [proposal.id],
      );
    await manager.query(
      `UPDATE eligibility_decision SET decision = 'PENDING', reason = NULL, decided_by = NULL, decided_on_behalf = false, decided_at = NULL, due_at = $2, escalated_at = NULL
        WHERE proposal_id = $1`,
      [proposal.id, dueAt],
    );
    await manager.query(
      `INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at)
       SELECT pp.proposal_id, pp.organisation_id, fc.agency_id, o.region_code, $3
         FROM proposal_partner pp
         JOIN organisation o ON o.id = pp.organisation_id
         JOIN fund_commitment fc ON fc.call_id = $2 AND fc.region_code = o.region_code AND fc.status = 'CONFIRMED'
        WHERE pp.proposal_id = $1 AND pp.funded
       ON CONFLICT DO NOTHING`,
      [proposal.id, call.id, dueAt],
    );
    const consensusCleared = await this.clearConsensus(manager, proposal.id, request.stageNo);
    await manager.query(
      "UPDATE proposal SET state = 'ELIGIBILITY_CHECK', eligibility_reasons = NULL, eligibility_round = eligibility_round + 1, updated_at = clock_timestamp() WHERE id = $1",
      [proposal.id],
    );
    const perAgency: Array<{ agencyId: string; agencyName: string; n: string }> = await manager.query(
      `SELECT d.agency_id AS "agencyId", a.name AS "agencyName", count(*) AS n FROM eligibility_decision d JOIN funding_agency a ON a.id = d.agency_id
        WHERE d.proposal_id = $1 GROUP BY d.agency_id, a.name ORDER BY d.agency_id`,
      [proposal.id],
    );
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
            count: Number(agency.n),
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
        decisionsPending: perAgency.reduce((sum, a) => sum + Number(a.n), 0),
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
    manager: EntityManager,
    proposal: ProposalRecord,
    request: RedressRecord,
  ): Promise<{ before: ReopenedState; after: ReopenedState }> {
    const consensusCleared = await this.clearConsensus(manager, proposal.id, request.stageNo);
    const assignments: Array<{ state: string; n: string }> = await manager.query(
      'SELECT state, count(*) AS n FROM review_assignment WHERE proposal_id = $1 AND stage_no = $2 GROUP BY state ORDER BY state',
      [proposal.id, request.stageNo],
    );
    // A fresh panel: the stage's earlier assignments are withdrawn (their reviews stay stored and audited),
    // so they count neither as reviewers nor in the consensus and ranking, and the pairs are never offered again.
    const [, withdrawn]: [unknown[], number] = await manager.query(
      "UPDATE review_assignment SET state = 'WITHDRAWN' WHERE proposal_id = $1 AND stage_no = $2 AND state IN ('OFFERED','ACCEPTED','REVIEW_SUBMITTED')",
      [proposal.id, request.stageNo],
    );
    await manager.query(
      "UPDATE proposal SET state = 'ELIGIBLE', eligibility_reasons = CASE WHEN state = 'INELIGIBLE' THEN '[]'::jsonb ELSE eligibility_reasons END, updated_at = clock_timestamp() WHERE id = $1",
      [proposal.id],
    );
    return {
      before: {
        state: proposal.state,
        eligibilityReasons: proposal.eligibilityReasons,
        assignments: Object.fromEntries(assignments.map((a) => [a.state, Number(a.n)])),
      },
      after: { state: 'ELIGIBLE', consensusCleared, assignmentsWithdrawn: withdrawn },
    };
  }

  /**
   * Clears the stage's rapporteur and consensus (V7) — the whole consensus together, as its table demands.
   */
  private async clearConsensus(manager: EntityManager, proposalId: string, stageNo: number): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE proposal_evaluation SET rapporteur_id = NULL, rapporteur_at = NULL, consensus = NULL, consensus_by = NULL, consensus_at = NULL, outcome = NULL,
              weighted_total = NULL, unweighted_sum = NULL, reasons = '[]'::jsonb, flagged_for_discussion = false, updated_at = clock_timestamp()
        WHERE proposal_id = $1 AND stage_no = $2 AND (consensus IS NOT NULL OR rapporteur_id IS NOT NULL)`,
      [proposalId, stageNo],
    );
    return count > 0;
  }
}
