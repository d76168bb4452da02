import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { agencyIdsOf, hasRole, type Principal } from '@app/common';
import {
  checkAnnex,
  checkProposal,
  DomainError,
  eligibilityOutcome,
  type AnnexRequirement,
  type ProposalContent,
  type RegionalDecision,
} from '@app/domain';
import { webLinks, PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { AuditWriter, OutboxWriter, UserRepository, WorkflowSignalOutboxRepository } from '@app/persistence';
import { EligibilityContextLoader } from './eligibility-context.loader';

export interface EligibilityDecisionInput {
  decision: 'ELIGIBLE' | 'INELIGIBLE';
  reason?: string;
}

/**
 * A region's decision on one of its funded partners (SPEC R1), recorded by that agency's officer — or
 * by a programme manager on the agency's behalf, with a reason, after an escalation (R2). When the last
 * decision is in (or one is ineligible) the proposal becomes ELIGIBLE or INELIGIBLE — with E1–E5
 * re-checked on the counted version — and its applicants are told.
 */
@Injectable()
export class RecordEligibilityUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: EligibilityContextLoader,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  async execute(principal: Principal, proposalId: string, organisationId: string, input: EligibilityDecisionInput) {
    return this.dataSource.transaction(async (manager) => {
      const [proposal]: Array<{
        id: string;
        call_id: string;
        state: string;
        coordinator_organisation_id: string;
        last_version: number;
        acronym: string;
        title: string;
        eligibility_round: number;
        stage_no: number;
        call_state: string;
      }> = await manager.query(
        `SELECT p.id, p.call_id, p.state, p.coordinator_organisation_id, p.last_version, p.acronym, j.title, p.eligibility_round, p.stage_no, j.state AS call_state
           FROM proposal p JOIN joint_call j ON j.id = p.call_id WHERE p.id = $1 FOR UPDATE OF p`,
        [proposalId],
      );
      const [row]: Array<{ agency_id: string; decision: string }> = proposal
        ? await manager.query(
            'SELECT agency_id, decision FROM eligibility_decision WHERE proposal_id = $1 AND organisation_id = $2',
            [proposalId, organisationId],
          )
        : [];
      const onBehalf =
        hasRole(principal, 'PROGRAMME_MANAGER') && !agencyIdsOf(principal).includes(row?.agency_id ?? '');
      if (!proposal || !row || (!onBehalf && !agencyIdsOf(principal).includes(row.agency_id))) {
        throw new NotFoundException(
          `No eligibility decision of organisation ${organisationId} in proposal ${proposalId} for you.`,
        );
      }
      if (proposal.state !== 'ELIGIBILITY_CHECK')
        throw new DomainError(
          'PROPOSAL_STATE_CONFLICT',
          `The proposal is ${proposal.state}; regional decisions are recorded during ELIGIBILITY_CHECK.`,
          'conflict',
          [],
          { state: proposal.state, allowed: ['ELIGIBILITY_CHECK'] },
        );
      if (row.decision !== 'PENDING')
        throw new DomainError(
          'DECISION_ALREADY_RECORDED',
          `This partner was already declared ${row.decision}.`,
          'conflict',
          [],
          { state: row.decision },
        );
      const missingReason = !input.reason?.trim() && (input.decision === 'INELIGIBLE' || onBehalf);
      if (missingReason) {
        throw new DomainError(
          'REASON_REQUIRED',
          onBehalf ? 'A decision on an agency’s behalf needs a reason.' : 'An ineligible decision needs a reason.',
          'rule',
          [{ field: 'reason', code: 'REASON_REQUIRED', message: 'required' }],
        );
      }
      if (input.decision === 'ELIGIBLE') {
        // SPEC S6: a missing or incomplete regional annex is a regional eligibility failure.
        const [annex]: Array<{
          requirement: AnnexRequirement | null;
          fields: Record<string, string> | null;
          documents: Record<string, string> | null;
        }> = await manager.query(
          `SELECT fc.rules->'regionalAnnex' AS requirement, a.fields, a.documents
             FROM eligibility_decision d JOIN fund_commitment fc ON fc.call_id = $3 AND fc.region_code = d.region_code
             LEFT JOIN regional_annex a ON a.proposal_id = d.proposal_id AND a.organisation_id = d.organisation_id
            WHERE d.proposal_id = $1 AND d.organisation_id = $2`,
          [proposalId, organisationId, proposal.call_id],
        );
        if (annex?.requirement?.required) {
          const gaps = annex.fields
            ? checkAnnex({ fields: annex.fields, documents: annex.documents ?? {} }, annex.requirement)
            : [{ rule: 'S6', field: 'annex', code: 'ANNEX_MISSING', message: 'no regional annex was given' }];
          if (gaps.length) {
            throw new DomainError(
              'ANNEX_MISSING',
              'The region requires a regional annex this partner has not given completely: declare the partner ineligible, or wait for the annex until its due date.',
              'rule',
              gaps,
            );
          }
        }
      }
      await manager.query(
        'UPDATE eligibility_decision SET decision = $3, reason = $4, decided_by = $5, decided_on_behalf = $6, decided_at = clock_timestamp() WHERE proposal_id = $1 AND organisation_id = $2',
        [proposalId, organisationId, input.decision, input.reason?.trim() || null, principal.userId, onBehalf],
      );
      await this.audit.record(manager, {
        actor: { userId: principal.userId, role: onBehalf ? 'PROGRAMME_MANAGER' : 'AGENCY_OFFICER' },
        action: onBehalf ? 'eligibility.decided-on-behalf' : 'eligibility.decided',
        entityType: 'proposal',
        entityId: proposalId,
        after: { organisationId, agencyId: row.agency_id, decision: input.decision, reason: input.reason ?? null },
      });

      const decisions: RegionalDecision[] = await manager.query(
        'SELECT organisation_id AS "organisationId", region_code AS "regionCode", decision, reason FROM eligibility_decision WHERE proposal_id = $1 ORDER BY organisation_id',
        [proposalId],
      );
      const [version]: Array<{ content: ProposalContent }> = await manager.query(
        'SELECT content FROM proposal_version WHERE proposal_id = $1 AND version = $2',
        [proposalId, proposal.last_version],
      );
      const outcome = eligibilityOutcome(
        decisions,
        checkProposal(version.content, await this.contexts.load(manager, proposal.call_id)),
      );
      if (outcome.state !== 'PENDING') {
        // A check re-opened by an upheld redress request (V9) is a new round with its own result.
        const round = proposal.eligibility_round > 0 ? `:round-${proposal.eligibility_round}` : '';
        await manager.query(
          'UPDATE proposal SET state = $2, eligibility_reasons = $3, updated_at = clock_timestamp() WHERE id = $1',
          [proposalId, outcome.state, JSON.stringify(outcome.reasons)],
        );
        await this.audit.record(manager, {
          actor: null,
          action: outcome.state === 'ELIGIBLE' ? 'proposal.eligible' : 'proposal.ineligible',
          entityType: 'proposal',
          entityId: proposalId,
          before: { state: 'ELIGIBILITY_CHECK' },
          after: { state: outcome.state, reasons: outcome.reasons },
          businessKey: `eligibility-outcome:${proposalId}${round}`,
        });
        for (const member of await this.users.activeMembersOf(manager, proposal.coordinator_organisation_id)) {
          await this.outbox.enqueue(manager, {
            kind: 'PROPOSAL_ELIGIBILITY_RESULT',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              proposalAcronym: proposal.acronym,
              callTitle: proposal.title,
              outcome: outcome.state === 'ELIGIBLE' ? 'ELIGIBLE' : `INELIGIBLE: ${outcome.reasons.join('; ')}`,
              page: webLinks.proposal(proposalId),
            },
            idempotencyKey: `eligibility-result:${proposalId}:${member.id}${round}`,
          });
        }
        if (
          outcome.state === 'ELIGIBLE' &&
          (proposal.call_state === 'IN_EVALUATION' || proposal.call_state === 'DECIDED')
        ) {
          // Eligible after the review started (SPEC §4: late ones are assigned as they become eligible): its
          // review workflow offers it to the next best evaluators with spare load (after DECIDED: a proposal
          // re-opened by an upheld redress, re-evaluated to enter through the reserve path, F5).
          await this.signals.enqueue(manager, {
            dedupeKey: `late-eligible:${proposalId}${round}`,
            workflowId: WorkflowIds.proposalReview(proposalId, proposal.stage_no),
            workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
            taskQueue: TaskQueues.main,
            startArgs: [{ callId: proposal.call_id, proposalId, stageNo: proposal.stage_no }],
            signalName: 'offersChanged',
            signalArgs: [{ reason: 'eligible during the evaluation' }],
          });
        }
      }
      return {
        proposalId,
        organisationId,
        decision: input.decision,
        onBehalf,
        proposalState: outcome.state === 'PENDING' ? 'ELIGIBILITY_CHECK' : outcome.state,
        reasons: outcome.reasons,
      };
    });
  }
}
