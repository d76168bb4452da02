import { Injectable, NotFoundException } from '@nestjs/common';
import { agencyIdsOf, hasRole, type Principal } from '@app/common';
import { checkAnnex, checkProposal, DomainError, eligibilityOutcome } from '@app/domain';
import { webLinks, PROPOSAL_REVIEW_WORKFLOW_TYPE, TaskQueues, WorkflowIds, offersChangedSignal } from '@app/contracts';
import {
  AuditWriter,
  CallRepository,
  EligibilityRepository,
  OutboxWriter,
  ProposalRepository,
  ReferenceDataRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
  type Tx,
} from '@app/persistence';
import { EligibilityContextLoader } from './eligibility-context.loader';
import { signalProposalsChanged } from './proposal-changed';

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
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly proposals: ProposalRepository,
    private readonly eligibility: EligibilityRepository,
    private readonly contexts: EligibilityContextLoader,
    private readonly users: UserRepository,
    private readonly outbox: OutboxWriter,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly referenceData: ReferenceDataRepository,
  ) {}

  /** The organisation is a partner of the proposal in a region of the caller's agency (or the caller is a programme manager). */
  private async decidesLater(
    tx: Tx,
    principal: Principal,
    proposalId: string,
    organisationId: string,
  ): Promise<boolean> {
    const partner = (await this.proposals.partners(tx, proposalId)).find((p) => p.organisationId === organisationId);
    if (!partner) return false;
    if (hasRole(principal, 'PROGRAMME_MANAGER')) return true;
    return (await this.referenceData.regionsOfAgencies(tx, agencyIdsOf(principal))).includes(partner.regionCode);
  }

  async execute(principal: Principal, proposalId: string, organisationId: string, input: EligibilityDecisionInput) {
    return this.uow.run(async (tx) => {
      const proposal = await this.proposals.find(tx, proposalId, 'update');
      const call = proposal ? await this.calls.find(tx, proposal.callId) : null;
      const row = proposal ? await this.eligibility.find(tx, proposalId, organisationId) : null;
      const onBehalf = hasRole(principal, 'PROGRAMME_MANAGER') && !agencyIdsOf(principal).includes(row?.agencyId ?? '');
      if (!proposal || !call || !row || (!onBehalf && !agencyIdsOf(principal).includes(row.agencyId))) {
        // A submitted proposal whose partner the caller will decide on: "not yet" (409 naming the state), not "not yours".
        if (proposal?.state === 'SUBMITTED' && call && !row)
          if (await this.decidesLater(tx, principal, proposalId, organisationId))
            throw new DomainError(
              'PROPOSAL_STATE_CONFLICT',
              `The proposal is ${proposal.state}; regional decisions are recorded during ELIGIBILITY_CHECK.`,
              'conflict',
              [],
              { state: proposal.state, allowed: ['ELIGIBILITY_CHECK'] },
            );
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
        const annex = await this.eligibility.annexOf(tx, proposal.callId, proposalId, organisationId);
        if (annex?.requirement?.required) {
          const gaps = annex.fields
            ? checkAnnex({ fields: annex.fields, documents: annex.documents ?? {} }, annex.requirement)
            : [{ rule: 'S6', field: 'annex', code: 'ANNEX_MISSING', message: 'no regional annex was given' }];
          if (gaps.length) {
            throw new DomainError(
              'ANNEX_MISSING',
              'The region requires a regional annex this partner has not given completely: declare the ' +
                'partner ineligible, or wait for the annex until its due date.',
              'rule',
              gaps,
            );
          }
        }
      }
      await this.eligibility.record(tx, proposalId, organisationId, {
        decision: input.decision,
        reason: input.reason?.trim() || null,
        decidedBy: principal.userId,
        onBehalf,
      });
      await this.audit.record(tx, {
        actor: { userId: principal.userId, role: onBehalf ? 'PROGRAMME_MANAGER' : 'AGENCY_OFFICER' },
        action: onBehalf ? 'eligibility.decided-on-behalf' : 'eligibility.decided',
        entityType: 'proposal',
        entityId: proposalId,
        after: { organisationId, agencyId: row.agencyId, decision: input.decision, reason: input.reason ?? null },
      });

      const decisions = await this.eligibility.regionalDecisions(tx, proposalId);
      const version = await this.proposals.version(tx, proposalId, proposal.lastVersion);
      const outcome = eligibilityOutcome(
        decisions,
        checkProposal(version!.content!, await this.contexts.load(tx, proposal.callId)),
      );
      if (outcome.state !== 'PENDING') {
        // A check re-opened by an upheld redress request (V9) is a new round with its own result.
        const round = proposal.eligibilityRound > 0 ? `:round-${proposal.eligibilityRound}` : '';
        await this.proposals.transitionProposal(tx, proposalId, outcome.state, {
          eligibilityReasons: outcome.reasons,
        });
        await this.audit.record(tx, {
          actor: null,
          action: outcome.state === 'ELIGIBLE' ? 'proposal.eligible' : 'proposal.ineligible',
          entityType: 'proposal',
          entityId: proposalId,
          before: { state: 'ELIGIBILITY_CHECK' },
          after: { state: outcome.state, reasons: outcome.reasons },
          businessKey: `eligibility-outcome:${proposalId}${round}`,
        });
        // The proposal's workflow: its eligibility timers end; an ineligible one opens its redress window.
        await signalProposalsChanged(
          this.signals,
          tx,
          [{ id: proposalId, callId: proposal.callId }],
          'eligibility-outcome',
          `${proposalId}${round}`,
        );
        for (const member of await this.users.activeMembersOf(tx, proposal.coordinatorOrganisationId)) {
          await this.outbox.enqueue(tx, {
            kind: 'PROPOSAL_ELIGIBILITY_RESULT',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              proposalAcronym: proposal.content.acronym,
              callTitle: call.configuration.title,
              outcome: outcome.state === 'ELIGIBLE' ? 'ELIGIBLE' : `INELIGIBLE: ${outcome.reasons.join('; ')}`,
              page: webLinks.proposal(proposalId),
            },
            idempotencyKey: `eligibility-result:${proposalId}:${member.id}${round}`,
          });
        }
        if (outcome.state === 'ELIGIBLE' && (call.state === 'IN_EVALUATION' || call.state === 'DECIDED')) {
          // Eligible after the review started (SPEC §4: late ones are assigned as they become eligible): its
          // review workflow offers it to the next best evaluators with spare load (after DECIDED: a proposal
          // re-opened by an upheld redress, re-evaluated to enter through the reserve path, F5).
          await this.signals.enqueue(tx, {
            dedupeKey: `late-eligible:${proposalId}${round}`,
            workflowId: WorkflowIds.proposalReview(proposalId, proposal.stageNo),
            workflowType: PROPOSAL_REVIEW_WORKFLOW_TYPE,
            taskQueue: TaskQueues.main,
            startArgs: [{ callId: proposal.callId, proposalId, stageNo: proposal.stageNo }],
            signal: offersChangedSignal,
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
