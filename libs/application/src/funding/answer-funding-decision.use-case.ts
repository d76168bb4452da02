import { Injectable } from '@nestjs/common';
import { webLinks, type AnswerFundingDecisionRequest, type FundingDecisionAnswerResult } from '@app/contracts';
import { callSettingsOf, DomainError, instalmentPlanFor, instalmentSchedule, projectStartFor } from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  BudgetLedgerRepository,
  CallRepository,
  FundingDecisionReadModel,
  FundingDecisionRepository,
  GrantRepository,
  OutboxWriter,
  ProposalRepository,
  UnitOfWork,
  UserRepository,
  WorkflowSignalOutboxRepository,
  type CallRecord,
  type FundingDecisionEntryRecord,
  type FundingDecisionRecord,
  type LedgerCommitment,
  type Tx,
} from '@app/persistence';
import { OpenProjectUseCase } from '../projects/open-project.use-case';
import { lockedCall } from '../calls/call-workflow-state';
import { signalProposalsChanged } from '../proposals/proposal-changed';

export interface AnswerFundingDecisionInput {
  callId: string;
  decisionId: string;
  request: AnswerFundingDecisionRequest;
  updateId: string;
  at: string;
}

/**
 * One agency's answer to a proposed decision or promotion (SPEC F4), under the call row's lock and the
 * commitments' row locks, idempotent per agency: an objection returns the decision to the programme
 * manager; the last approval decides it — the ledger allocates, the proposals take their outcomes,
 * grants, instalments and projects are created, and the applicants are told.
 */
@Injectable()
export class AnswerFundingDecisionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly decisions: FundingDecisionRepository,
    private readonly reads: FundingDecisionReadModel,
    private readonly ledger: BudgetLedgerRepository,
    private readonly grants: GrantRepository,
    private readonly proposals: ProposalRepository,
    private readonly openProject: OpenProjectUseCase,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: AnswerFundingDecisionInput): Promise<FundingDecisionAnswerResult> {
    const { request } = input;
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const decision = await this.decisions.lock(tx, call.id, input.decisionId);
      if (!decision)
        throw new DomainError('DECISION_NOT_FOUND', `Decision ${input.decisionId} not found.`, 'not-found', [], {
          decisionId: input.decisionId,
        });
      const commitments = await this.ledger.lockCommitments(tx, call.id);
      const asked = decision.summary.agencyIds ?? commitments.map((c) => c.agencyId);
      const mine = commitments.find((c) => c.agencyId === request.agencyId && asked.includes(c.agencyId));
      if (!mine)
        throw new DomainError(
          'AGENCY_NOT_PARTICIPATING',
          `Agency ${request.agencyId} does not approve this decision.`,
          'not-found',
          [],
          { agencyId: request.agencyId },
        );
      const answered = await this.decisions.approvalOf(tx, decision.id, request.agencyId);
      if (answered) {
        const status =
          decision.status === 'APPROVED' ? 'DECIDED' : decision.status === 'RETURNED' ? 'RETURNED' : 'PROPOSED';
        return { decisionId: decision.id, agencyId: request.agencyId, answer: answered.answer, decisionStatus: status };
      }
      if (decision.status !== 'PROPOSED')
        throw new DomainError(
          'DECISION_STATE_CONFLICT',
          `The decision is ${decision.status}; it no longer takes answers.`,
          'conflict',
          [],
          { state: decision.status },
        );
      if (request.answer === 'OBJECT' && !request.reason?.trim())
        throw new DomainError('OBJECTION_REASON_REQUIRED', 'An objection needs a reason.', 'rule', [
          { field: 'reason', code: 'OBJECTION_REASON_REQUIRED', message: 'why your region objects' },
        ]);
      const answer = request.answer === 'APPROVE' ? 'APPROVED' : 'OBJECTED';
      await this.decisions.recordAnswer(tx, {
        decisionId: decision.id,
        agencyId: request.agencyId,
        regionCode: mine.regionCode,
        answer,
        conditions: request.conditions?.trim() || null,
        reason: request.reason?.trim() || null,
        answeredBy: request.actor.userId,
        answeredAt: input.at,
      });
      await this.audit.record(tx, {
        actor: request.actor,
        action: answer === 'APPROVED' ? 'funding-decision.approved-by-agency' : 'funding-decision.objected-by-agency',
        entityType: 'call',
        entityId: call.id,
        after: {
          decisionId: decision.id,
          agencyId: request.agencyId,
          regionCode: mine.regionCode,
          conditions: request.conditions ?? null,
          reason: request.reason ?? null,
        },
        businessKey: `update:${input.updateId}`,
      });
      if (answer === 'OBJECTED') {
        await this.decisions.transitionDecision(tx, decision, 'RETURNED');
        for (const pm of await activeProgrammeManagers(tx)) {
          await this.outbox.enqueue(tx, {
            kind: 'FUNDING_DECISION_OBJECTED',
            recipient: pm,
            data: {
              callTitle: call.configuration.title,
              agencyName: mine.regionCode,
              reason: request.reason!.trim(),
              page: webLinks.call(call.id),
            },
            idempotencyKey: `funding-decision-objected:${decision.id}:${request.agencyId}:${pm.userId}`,
          });
        }
        return { decisionId: decision.id, agencyId: request.agencyId, answer, decisionStatus: 'RETURNED' };
      }
      if ((await this.decisions.approvedCount(tx, decision.id)) < asked.length)
        return { decisionId: decision.id, agencyId: request.agencyId, answer, decisionStatus: 'PROPOSED' };
      await this.decide(tx, call, decision, commitments, input.at, request.actor);
      return { decisionId: decision.id, agencyId: request.agencyId, answer, decisionStatus: 'DECIDED' };
    });
  }

  /**
   * Every agency approved (SPEC F4): allocate, mark the proposals, create grants and instalments, tell the applicants.
   */
  private async decide(
    tx: Tx,
    call: CallRecord,
    decision: FundingDecisionRecord,
    commitments: LedgerCommitment[],
    at: string,
    actor: { userId: string; role: string },
  ): Promise<void> {
    await this.decisions.transitionDecision(tx, decision, 'APPROVED', at);
    await this.ledger.allocate(tx, call.id, decision.id);
    const entries = await this.decisions.entries(tx, decision.id);
    const agencyOf = new Map(commitments.map((c) => [c.regionCode, c.agencyId]));
    const conditionOf = new Map(
      (await this.decisions.approvals(tx, decision.id)).map((a) => [a.agencyId, a.conditions]),
    );
    const settings = callSettingsOf(call.configuration);
    const start = projectStartFor(settings, at, call.configuration.timeZone);
    let grants = 0;
    for (const entry of entries) {
      await this.proposals.transitionToFundingOutcome(tx, entry.proposalId, entry.outcome);
      if (entry.outcome !== 'SELECTED') continue;
      const proposal = (await this.proposals.find(tx, entry.proposalId))!;
      const version = (await this.proposals.version(tx, entry.proposalId, proposal.lastVersion))!;
      const content = version.content!;
      for (const region of entry.amounts) {
        const agencyId = agencyOf.get(region.regionCode)!;
        for (const partner of region.partners.filter((x) => x.amount > 0)) {
          await this.grants.create(
            tx,
            {
              callId: call.id,
              decisionId: decision.id,
              proposalId: entry.proposalId,
              organisationId: partner.partnerId,
              agencyId,
              regionCode: region.regionCode,
              amount: partner.amount,
              currency: region.currency,
              conditions: conditionOf.get(agencyId) ?? null,
              projectStart: start.startDate,
            },
            instalmentSchedule(
              partner.amount,
              content.workPlan,
              content.durationMonths,
              instalmentPlanFor(settings, content.workPlan, content.durationMonths),
            ),
          );
          grants += 1;
        }
      }
      // SPEC §4: a project per funded proposal, its milestones dated from the start, its workflow started.
      await this.openProject.execute(tx, {
        call,
        decisionId: decision.id,
        proposalId: entry.proposalId,
        startDate: start.startDate,
      });
    }
    if (call.state !== 'DECIDED') await this.calls.transitionCall(tx, call.id, 'DECIDED');
    await this.audit.record(tx, {
      actor,
      action: decision.kind === 'PROMOTION' ? 'funding-decision.promotion-approved' : 'funding-decision.decided',
      entityType: 'call',
      entityId: call.id,
      before: { state: call.state },
      after: {
        state: 'DECIDED',
        decisionId: decision.id,
        revision: decision.revision,
        kind: decision.kind,
        grants,
        projectStart: start.startDate,
      },
      businessKey: `funding-decided:${decision.id}`,
    });
    await this.tellApplicants(tx, call, decision, entries, conditionOf, agencyOf);
  }

  /**
   * SPEC F4, V8: each applicant's outcome with its evaluation summary report (consensus per criterion, no identities).
   */
  private async tellApplicants(
    tx: Tx,
    call: CallRecord,
    decision: FundingDecisionRecord,
    entries: FundingDecisionEntryRecord[],
    conditionOf: Map<string, string | null>,
    agencyOf: Map<string, string>,
  ): Promise<void> {
    const evaluated = await this.reads.evaluatedApplicants(tx, call.id, call.configuration.stages);
    const entryOf = new Map(entries.map((e) => [e.proposalId, e]));
    // A promotion tells only the promoted consortia; the decision tells every evaluated one.
    const told = evaluated.filter((x) => decision.kind === 'DECISION' || entryOf.has(x.proposalId));
    // The result is sent now: each proposal's workflow reads its facts again (its state, and the redress
    // window of V9 that opens with this message).
    await signalProposalsChanged(
      this.signals,
      tx,
      told.map((p) => ({ id: p.proposalId, callId: call.id })),
      'result-sent',
      decision.id,
    );
    for (const p of told) {
      const entry = entryOf.get(p.proposalId);
      const conditions =
        entry?.outcome === 'SELECTED'
          ? entry.amounts.map((a) => conditionOf.get(agencyOf.get(a.regionCode) ?? '')).filter((c): c is string => !!c)
          : [];
      const outcome =
        entry?.outcome === 'SELECTED'
          ? conditions.length > 0
            ? `approved with conditions: ${conditions.join('; ')}`
            : decision.kind === 'PROMOTION'
              ? 'promoted from the reserve list: approved for funding'
              : 'approved for funding'
          : entry?.outcome === 'RESERVE'
            ? 'on the reserve list: funded if budget becomes available'
            : 'not funded (below the evaluation thresholds)';
      const report =
        (p.consensus ?? []).map((c) => `${c.criterion}: ${c.score} / 5 — ${c.comment}`).join('\n') +
        (p.weightedTotal ? `\nWeighted total: ${p.weightedTotal}` : '');
      for (const member of await this.users.activeMembersOf(tx, p.coordinator)) {
        await this.outbox.enqueue(tx, {
          kind: 'FUNDING_DECISION_RESULT',
          recipient: { userId: member.id, email: member.email, displayName: member.displayName },
          data: {
            callTitle: call.configuration.title,
            proposalAcronym: p.acronym,
            outcome,
            report,
            page: webLinks.proposalOutcome(p.proposalId),
          },
          idempotencyKey: `funding-result:${decision.id}:${p.proposalId}:${member.id}`,
        });
      }
    }
  }
}
