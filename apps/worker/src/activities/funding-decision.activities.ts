import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  webLinks,
  type AnswerFundingDecisionRequest,
  type CloseReserveListRequest,
  type FundingDecisionActivities,
  type FundingDecisionAnswerResult,
  type FundingDecisionSummary,
  type ProposeFundingDecisionRequest,
} from '@app/contracts';
import {
  allocateFunding,
  defaultProjectStart,
  DomainError,
  instalmentSchedule,
  toZonedIso,
  type ProposalContent,
} from '@app/domain';
import {
  activeProgrammeManagers,
  AuditWriter,
  BudgetLedgerRepository,
  type CallRecord,
  CallRepository,
  FundingInputRepository,
  type LedgerLine,
  OutboxWriter,
  RankingRepository,
  UserRepository,
} from '@app/persistence';
import { lockCall, refusal } from './activity-failure';
import { ProjectActivitiesService } from './project.activities';

interface DecisionRow {
  id: string;
  revision: number;
  kind: 'DECISION' | 'PROMOTION';
  status: string;
  summary: { updateId?: string; agencyIds?: string[] };
}

interface EntryRow {
  proposalId: string;
  outcome: 'SELECTED' | 'RESERVE' | 'NOT_FUNDED';
  amounts: Array<{
    regionCode: string;
    currency: string;
    amount: number;
    partners: Array<{ partnerId: string; amount: number }>;
  }>;
}

/**
 * The funding decision's transactions (SPEC F1–F4), each under the call row's lock and the commitments'
 * row locks (region order), idempotent under the update id: the proposal (the F1 walk over the finalised
 * ranking, its amounts held as PROPOSED ledger entries, a revision replacing the returned decision), each
 * agency's answer (an objection returns the decision; the last approval allocates the ledger, marks the
 * proposals, creates grants and instalments, and tells the applicants), and the escalation of silence.
 */
@Injectable()
export class FundingDecisionActivitiesService implements FundingDecisionActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly ledger: BudgetLedgerRepository,
    private readonly inputs: FundingInputRepository,
    private readonly rankings: RankingRepository,
    private readonly projects: ProjectActivitiesService,
    private readonly users: UserRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async proposeFundingDecision(input: {
    callId: string;
    request: ProposeFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionSummary> {
    return this.dataSource.transaction(async (manager) => {
      const call = await lockCall(this.calls, manager, input.callId);
      const repeated: DecisionRow[] = await manager.query(
        "SELECT id, revision, kind, status, summary FROM funding_decision WHERE call_id = $1 AND summary->>'updateId' = $2",
        [call.id, input.updateId],
      );
      if (repeated.length > 0) return this.summaryOf(manager, call, repeated[0]);
      if (call.state === 'DECIDED') return this.proposePromotion(manager, call, input);
      if (call.state !== 'RANKED' && call.state !== 'FUNDING_DECISION') {
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the funding decision is proposed from RANKED.`,
          [],
          { state: call.state, allowed: ['RANKED'] },
        );
      }
      const open: DecisionRow[] = await manager.query(
        "SELECT id, revision, kind, status, summary FROM funding_decision WHERE call_id = $1 AND status IN ('PROPOSED','RETURNED') FOR UPDATE",
        [call.id],
      );
      if (open[0]?.status === 'PROPOSED')
        throw refusal(
          'conflict',
          'DECISION_AWAITING_AGENCIES',
          'A decision is awaiting the agencies; it is revised after an objection.',
        );
      await this.ledger.lockCommitments(manager, call.id);
      if (open[0]) {
        await this.ledger.supersedeProposed(manager, open[0].id);
        await manager.query("UPDATE funding_decision SET status = 'SUPERSEDED' WHERE id = $1", [open[0].id]);
      }
      const commitments = await this.ledger.lockCommitments(manager, call.id);
      const walk = await this.inputs.walkInput(manager, call, commitments);
      if (!walk)
        throw refusal('conflict', 'RANKING_NOT_FINAL', 'The ranking of the call’s last stage is not finalised.');
      const allocation = allocateFunding(walk.input);
      const [{ max }]: Array<{ max: number | null }> = await manager.query(
        'SELECT max(revision) AS max FROM funding_decision WHERE call_id = $1',
        [call.id],
      );
      const revision = (max ?? 0) + 1;
      const decisionId = randomUUID();
      const agencyIds = commitments.map((c) => c.agencyId).sort();
      const summary = {
        updateId: input.updateId,
        agencyIds,
        eurReference: allocation.eurReference,
        gaps: allocation.gaps,
        firstGap: allocation.firstGap,
        regions: allocation.regions,
      };
      await manager.query(
        'INSERT INTO funding_decision (id, call_id, revision, status, policy, summary, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          decisionId,
          call.id,
          revision,
          'PROPOSED',
          allocation.policy,
          JSON.stringify(summary),
          input.request.actor.userId,
        ],
      );
      const commitmentOf = new Map(commitments.map((c) => [c.regionCode, c]));
      const lines: LedgerLine[] = [];
      for (const p of allocation.proposals) {
        await manager.query(
          'INSERT INTO funding_decision_entry (decision_id, proposal_id, rank, outcome, reasons, amounts, requested_eur) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [
            decisionId,
            p.proposalId,
            walk.ranks.get(p.proposalId) ?? p.rank,
            p.status,
            JSON.stringify({ reasons: p.reasons, shortfalls: p.shortfalls }),
            JSON.stringify(p.regions),
            p.requestedEur,
          ],
        );
        if (p.status !== 'SELECTED') continue;
        for (const region of p.regions) {
          for (const partner of region.partners.filter((x) => x.amount > 0)) {
            lines.push({
              commitmentId: commitmentOf.get(region.regionCode)!.id,
              regionCode: region.regionCode,
              proposalId: p.proposalId,
              organisationId: partner.partnerId,
              amount: partner.amount,
              currency: region.currency,
            });
          }
        }
      }
      await this.ledger.propose(manager, call.id, decisionId, lines);
      if (call.state === 'RANKED') await this.calls.setState(manager, call.id, 'FUNDING_DECISION');
      const selected = allocation.proposals.filter((p) => p.status === 'SELECTED').length;
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: revision === 1 ? 'funding-decision.proposed' : 'funding-decision.revised',
        entityType: 'call',
        entityId: call.id,
        before: { state: call.state, ...(open[0] ? { decisionId: open[0].id, revision: open[0].revision } : {}) },
        after: {
          state: 'FUNDING_DECISION',
          decisionId,
          revision,
          selected,
          reserve: allocation.proposals.length - selected,
          gaps: allocation.gaps,
        },
        businessKey: `update:${input.updateId}`,
      });
      const deadline = toZonedIso(call.configuration.timeline.decisionDeadline, call.configuration.timeZone);
      for (const c of commitments) {
        for (const officer of await this.calls.officersOf(manager, c.agencyId)) {
          await this.outbox.enqueue(manager, {
            kind: 'FUNDING_DECISION_PROPOSED',
            recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
            data: { callTitle: call.configuration.title, count: selected, deadline, page: webLinks.tasks() },
            idempotencyKey: `funding-decision-proposed:${decisionId}:${officer.id}`,
          });
        }
      }
      return { decisionId, revision, selected, reserve: allocation.proposals.length - selected, agencyIds };
    });
  }

  /**
   * F5 after DECIDED: the reserve proposals, in rank order, walked over what the regions have left now
   * (commitment + usable flexibility − proposed − allocated, so budget freed by a withdrawn grant counts);
   * those that fit are proposed for promotion, their amounts held, and the agencies of their regions asked.
   */
  private async proposePromotion(
    manager: EntityManager,
    call: CallRecord,
    input: { request: ProposeFundingDecisionRequest; updateId: string },
  ): Promise<FundingDecisionSummary> {
    const open: DecisionRow[] = await manager.query(
      "SELECT id, revision, kind, status, summary FROM funding_decision WHERE call_id = $1 AND status IN ('PROPOSED','RETURNED') FOR UPDATE",
      [call.id],
    );
    if (open[0]?.status === 'PROPOSED')
      throw refusal('conflict', 'DECISION_AWAITING_AGENCIES', 'A promotion is awaiting the agencies.');
    await this.ledger.lockCommitments(manager, call.id);
    if (open[0]) {
      await this.ledger.supersedeProposed(manager, open[0].id);
      await manager.query("UPDATE funding_decision SET status = 'SUPERSEDED' WHERE id = $1", [open[0].id]);
    }
    const commitments = await this.ledger.lockCommitments(manager, call.id);
    const reserve: Array<{ id: string }> = await manager.query(
      "SELECT id FROM proposal WHERE call_id = $1 AND state = 'RESERVE'",
      [call.id],
    );
    const onReserve = new Set(reserve.map((r) => r.id));
    // The live ranking (the consensus as it stands): a proposal re-evaluated after an upheld redress has its place in it.
    const live = await this.rankings.callRanking(manager, call, call.configuration.stages as 1 | 2);
    const order = live.entries
      .filter((e) => e.rank !== null && onReserve.has(e.proposalId))
      .map((e) => ({ proposalId: e.proposalId, rank: e.rank as number }));
    const walk = await this.inputs.walkInput(manager, call, commitments, { order });
    const allocation = allocateFunding(walk!.input);
    const promoted = allocation.proposals.filter((p) => p.status === 'SELECTED');
    if (promoted.length === 0)
      throw refusal('rule', 'NOTHING_TO_PROMOTE', 'No reserve proposal fits the budget the regions have left.');
    const commitmentOf = new Map(commitments.map((c) => [c.regionCode, c]));
    const agencyIds = [
      ...new Set(
        promoted.flatMap((p) =>
          p.regions.filter((r) => r.amount > 0).map((r) => commitmentOf.get(r.regionCode)!.agencyId),
        ),
      ),
    ].sort();
    const [{ max }]: Array<{ max: number | null }> = await manager.query(
      'SELECT max(revision) AS max FROM funding_decision WHERE call_id = $1',
      [call.id],
    );
    const revision = (max ?? 0) + 1;
    const decisionId = randomUUID();
    await manager.query(
      "INSERT INTO funding_decision (id, call_id, revision, kind, status, policy, summary, created_by) VALUES ($1, $2, $3, 'PROMOTION', 'PROPOSED', $4, $5, $6)",
      [
        decisionId,
        call.id,
        revision,
        allocation.policy,
        JSON.stringify({
          updateId: input.updateId,
          agencyIds,
          eurReference: allocation.eurReference,
          regions: allocation.regions,
        }),
        input.request.actor.userId,
      ],
    );
    const lines: LedgerLine[] = [];
    for (const p of promoted) {
      await manager.query(
        "INSERT INTO funding_decision_entry (decision_id, proposal_id, rank, outcome, reasons, amounts, requested_eur) VALUES ($1, $2, $3, 'SELECTED', $4, $5, $6)",
        [
          decisionId,
          p.proposalId,
          walk!.ranks.get(p.proposalId) ?? p.rank,
          JSON.stringify({ reasons: [], shortfalls: [] }),
          JSON.stringify(p.regions),
          p.requestedEur,
        ],
      );
      for (const region of p.regions) {
        for (const partner of region.partners.filter((x) => x.amount > 0)) {
          lines.push({
            commitmentId: commitmentOf.get(region.regionCode)!.id,
            regionCode: region.regionCode,
            proposalId: p.proposalId,
            organisationId: partner.partnerId,
            amount: partner.amount,
            currency: region.currency,
          });
        }
      }
    }
    await this.ledger.propose(manager, call.id, decisionId, lines);
    await this.audit.record(manager, {
      actor: input.request.actor,
      action: 'funding-decision.promotion-proposed',
      entityType: 'call',
      entityId: call.id,
      after: { decisionId, revision, promoted: promoted.map((p) => p.proposalId), agencyIds },
      businessKey: `update:${input.updateId}`,
    });
    for (const agencyId of agencyIds) {
      for (const officer of await this.calls.officersOf(manager, agencyId)) {
        await this.outbox.enqueue(manager, {
          kind: 'FUNDING_DECISION_PROPOSED',
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: { callTitle: call.configuration.title, count: promoted.length, page: webLinks.tasks() },
          idempotencyKey: `funding-decision-proposed:${decisionId}:${officer.id}`,
        });
      }
    }
    return { decisionId, revision, selected: promoted.length, reserve: onReserve.size - promoted.length, agencyIds };
  }

  private async summaryOf(
    manager: EntityManager,
    call: CallRecord,
    decision: DecisionRow,
  ): Promise<FundingDecisionSummary> {
    const counts: Array<{ outcome: string; n: string }> = await manager.query(
      'SELECT outcome, count(*) AS n FROM funding_decision_entry WHERE decision_id = $1 GROUP BY outcome',
      [decision.id],
    );
    const agencies =
      decision.summary.agencyIds ??
      (await this.calls.commitments(manager, call.id))
        .filter((c) => c.status === 'CONFIRMED')
        .map((c) => c.agencyId)
        .sort();
    const n = (outcome: string): number => Number(counts.find((c) => c.outcome === outcome)?.n ?? 0);
    return {
      decisionId: decision.id,
      revision: decision.revision,
      selected: n('SELECTED'),
      reserve: n('RESERVE'),
      agencyIds: agencies,
    };
  }

  async answerFundingDecision(input: {
    callId: string;
    decisionId: string;
    request: AnswerFundingDecisionRequest;
    updateId: string;
    at: string;
  }): Promise<FundingDecisionAnswerResult> {
    const { request } = input;
    return this.dataSource.transaction(async (manager) => {
      const call = await lockCall(this.calls, manager, input.callId);
      const [decision]: DecisionRow[] = await manager.query(
        'SELECT id, revision, kind, status, summary FROM funding_decision WHERE id = $1 AND call_id = $2 FOR UPDATE',
        [input.decisionId, call.id],
      );
      if (!decision)
        throw refusal('not-found', 'DECISION_NOT_FOUND', `Decision ${input.decisionId} not found.`, [], {
          decisionId: input.decisionId,
        });
      const commitments = await this.ledger.lockCommitments(manager, call.id);
      const asked = decision.summary.agencyIds ?? commitments.map((c) => c.agencyId);
      const mine = commitments.find((c) => c.agencyId === request.agencyId && asked.includes(c.agencyId));
      if (!mine)
        throw refusal(
          'not-found',
          'AGENCY_NOT_PARTICIPATING',
          `Agency ${request.agencyId} does not approve this decision.`,
          [],
          { agencyId: request.agencyId },
        );
      const answered: Array<{ answer: 'APPROVED' | 'OBJECTED' }> = await manager.query(
        'SELECT answer FROM funding_approval WHERE decision_id = $1 AND agency_id = $2',
        [decision.id, request.agencyId],
      );
      if (answered.length > 0) {
        const status =
          decision.status === 'APPROVED' ? 'DECIDED' : decision.status === 'RETURNED' ? 'RETURNED' : 'PROPOSED';
        return {
          decisionId: decision.id,
          agencyId: request.agencyId,
          answer: answered[0].answer,
          decisionStatus: status,
        };
      }
      if (decision.status !== 'PROPOSED')
        throw refusal(
          'conflict',
          'DECISION_STATE_CONFLICT',
          `The decision is ${decision.status}; it no longer takes answers.`,
          [],
          { state: decision.status },
        );
      if (request.answer === 'OBJECT' && !request.reason?.trim())
        throw refusal('rule', 'OBJECTION_REASON_REQUIRED', 'An objection needs a reason.', [
          { field: 'reason', code: 'OBJECTION_REASON_REQUIRED', message: 'why your region objects' },
        ]);
      const answer = request.answer === 'APPROVE' ? 'APPROVED' : 'OBJECTED';
      await manager.query(
        'INSERT INTO funding_approval (decision_id, agency_id, region_code, answer, conditions, reason, answered_by, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
        [
          decision.id,
          request.agencyId,
          mine.regionCode,
          answer,
          request.conditions?.trim() || null,
          request.reason?.trim() || null,
          request.actor.userId,
          input.at,
        ],
      );
      await this.audit.record(manager, {
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
        await manager.query("UPDATE funding_decision SET status = 'RETURNED' WHERE id = $1", [decision.id]);
        for (const pm of await activeProgrammeManagers(manager)) {
          await this.outbox.enqueue(manager, {
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
      const [{ n }]: Array<{ n: string }> = await manager.query(
        "SELECT count(*) AS n FROM funding_approval WHERE decision_id = $1 AND answer = 'APPROVED'",
        [decision.id],
      );
      if (Number(n) < asked.length)
        return { decisionId: decision.id, agencyId: request.agencyId, answer, decisionStatus: 'PROPOSED' };
      try {
        await this.decide(manager, call, decision, input.at, request.actor);
      } catch (error) {
        // A rule the decision cannot meet (a work plan without a mid-term milestone): refused, never retried.
        if (error instanceof DomainError)
          throw refusal(
            error.kind === 'conflict' ? 'conflict' : 'rule',
            error.code,
            error.message,
            [...error.violations],
            error.params,
          );
        throw error;
      }
      return { decisionId: decision.id, agencyId: request.agencyId, answer, decisionStatus: 'DECIDED' };
    });
  }

  /** Every agency approved (SPEC F4): allocate, mark the proposals, create grants and instalments, tell the applicants. */
  private async decide(
    manager: EntityManager,
    call: CallRecord,
    decision: DecisionRow,
    at: string,
    actor: { userId: string; role: string },
  ): Promise<void> {
    await manager.query("UPDATE funding_decision SET status = 'APPROVED', decided_at = $2 WHERE id = $1", [
      decision.id,
      at,
    ]);
    await this.ledger.allocate(manager, call.id, decision.id);
    const entries: EntryRow[] = await manager.query(
      'SELECT proposal_id AS "proposalId", outcome, amounts FROM funding_decision_entry WHERE decision_id = $1 ORDER BY rank',
      [decision.id],
    );
    const agencyOf = new Map(
      (await this.ledger.lockCommitments(manager, call.id)).map((c) => [c.regionCode, c.agencyId]),
    );
    const conditions: Array<{ agencyId: string; conditions: string | null }> = await manager.query(
      'SELECT agency_id AS "agencyId", conditions FROM funding_approval WHERE decision_id = $1',
      [decision.id],
    );
    const conditionOf = new Map(conditions.map((c) => [c.agencyId, c.conditions]));
    const start = defaultProjectStart(at, call.configuration.timeZone);
    let grants = 0;
    for (const entry of entries) {
      await manager.query('UPDATE proposal SET state = $2, updated_at = clock_timestamp() WHERE id = $1', [
        entry.proposalId,
        entry.outcome,
      ]);
      if (entry.outcome !== 'SELECTED') continue;
      const [version]: Array<{ content: ProposalContent }> = await manager.query(
        'SELECT v.content FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version WHERE p.id = $1',
        [entry.proposalId],
      );
      for (const region of entry.amounts) {
        const agencyId = agencyOf.get(region.regionCode)!;
        for (const partner of region.partners.filter((x) => x.amount > 0)) {
          const grantId = randomUUID();
          await manager.query(
            `INSERT INTO funding_grant (id, call_id, decision_id, proposal_id, organisation_id, agency_id, region_code, amount, currency, conditions, project_start)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              grantId,
              call.id,
              decision.id,
              entry.proposalId,
              partner.partnerId,
              agencyId,
              region.regionCode,
              partner.amount,
              region.currency,
              conditionOf.get(agencyId) ?? null,
              start.startDate,
            ],
          );
          for (const instalment of instalmentSchedule(
            partner.amount,
            version.content.workPlan,
            version.content.durationMonths,
          )) {
            const milestone = instalment.trigger.kind === 'MILESTONE' ? instalment.trigger : null;
            await manager.query(
              `INSERT INTO instalment (id, grant_id, seq, trigger, milestone_index, milestone_title, milestone_due_month, share_bps, amount) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
              [
                randomUUID(),
                grantId,
                instalment.sequence,
                instalment.trigger.kind,
                milestone?.milestoneIndex ?? null,
                milestone?.title ?? null,
                milestone?.dueMonth ?? null,
                instalment.shareBps,
                instalment.amount,
              ],
            );
          }
          grants += 1;
        }
      }
      // SPEC §4, issue 9: a project per funded proposal, its milestones dated from the start, its workflow started.
      await this.projects.createProject(manager, call, {
        decisionId: decision.id,
        proposalId: entry.proposalId,
        startDate: start.startDate,
      });
    }
    if (call.state !== 'DECIDED') await this.calls.setState(manager, call.id, 'DECIDED');
    await this.audit.record(manager, {
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
    await this.tellApplicants(manager, call, decision, entries, conditionOf, agencyOf);
  }

  /** SPEC F4, V8: each applicant's outcome with its evaluation summary report (consensus per criterion, no identities). */
  private async tellApplicants(
    manager: EntityManager,
    call: CallRecord,
    decision: DecisionRow,
    entries: EntryRow[],
    conditionOf: Map<string, string | null>,
    agencyOf: Map<string, string>,
  ): Promise<void> {
    const stageNo = call.configuration.stages;
    const evaluated: Array<{
      proposalId: string;
      acronym: string;
      coordinator: string;
      state: string;
      consensus: Array<{ criterion: string; score: number; comment: string }> | null;
      weightedTotal: string | null;
    }> = await manager.query(
      `SELECT p.id AS "proposalId", p.acronym, p.coordinator_organisation_id AS coordinator, p.state, e.consensus, e.weighted_total::text AS "weightedTotal"
           FROM proposal p JOIN proposal_evaluation e ON e.proposal_id = p.id AND e.stage_no = $2
          WHERE p.call_id = $1 AND p.stage_no = $2 AND e.consensus IS NOT NULL ORDER BY p.id`,
      [call.id, stageNo],
    );
    const entryOf = new Map(entries.map((e) => [e.proposalId, e]));
    // A promotion tells only the promoted consortia; the decision tells every evaluated one.
    for (const p of evaluated.filter((x) => decision.kind === 'DECISION' || entryOf.has(x.proposalId))) {
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
      for (const member of await this.users.activeMembersOf(manager, p.coordinator)) {
        await this.outbox.enqueue(manager, {
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

  async escalateSilentAgencies(input: {
    callId: string;
    decisionId: string;
    at: string;
    agencyIds?: string[];
  }): Promise<{ silent: string[] }> {
    return this.dataSource.transaction(async (manager) => {
      const call = await lockCall(this.calls, manager, input.callId);
      const silent: Array<{ agencyId: string; name: string }> = await manager.query(
        `SELECT c.agency_id AS "agencyId", a.name FROM fund_commitment c JOIN funding_agency a ON a.id = c.agency_id
          WHERE c.call_id = $1 AND c.status = 'CONFIRMED' AND ($3::uuid[] IS NULL OR c.agency_id = ANY($3::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM funding_approval f WHERE f.decision_id = $2 AND f.agency_id = c.agency_id) ORDER BY c.agency_id`,
        [call.id, input.decisionId, input.agencyIds ?? null],
      );
      if (silent.length === 0) return { silent: [] };
      await this.audit.record(manager, {
        actor: null,
        action: 'funding-decision.agencies-escalated',
        entityType: 'call',
        entityId: call.id,
        after: { decisionId: input.decisionId, deadline: input.at, silentAgencies: silent.map((s) => s.agencyId) },
        businessKey: `funding-escalated:${input.decisionId}:${input.at}`,
      });
      const deadline = toZonedIso(input.at, call.configuration.timeZone);
      for (const agency of silent) {
        for (const officer of await this.calls.officersOf(manager, agency.agencyId)) {
          await this.outbox.enqueue(manager, {
            kind: 'FUNDING_DECISION_REMINDER',
            recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
            data: { callTitle: call.configuration.title, agencyName: agency.name, deadline, page: webLinks.tasks() },
            idempotencyKey: `funding-reminder:${input.decisionId}:${input.at}:${officer.id}`,
          });
        }
      }
      for (const pm of await activeProgrammeManagers(manager)) {
        await this.outbox.enqueue(manager, {
          kind: 'FUNDING_DECISION_ESCALATION',
          recipient: pm,
          data: { callTitle: call.configuration.title, count: silent.length, deadline, page: webLinks.call(call.id) },
          idempotencyKey: `funding-escalation:${input.decisionId}:${input.at}:${pm.userId}`,
        });
      }
      return { silent: silent.map((s) => s.agencyId) };
    });
  }

  /** F5: the programme manager closes the reserve list — RESERVE proposals become NOT_FUNDED, their applicants are told. */
  async closeReserveList(input: {
    callId: string;
    request: CloseReserveListRequest;
    updateId: string;
  }): Promise<{ closed: number }> {
    return this.dataSource.transaction(async (manager) => {
      const call = await lockCall(this.calls, manager, input.callId);
      const repeated: unknown[] = await manager.query('SELECT 1 FROM audit_event WHERE business_key = $1', [
        `update:${input.updateId}`,
      ]);
      if (repeated.length > 0) return { closed: 0 };
      if (call.state !== 'DECIDED')
        throw refusal(
          'conflict',
          'CALL_STATE_CONFLICT',
          `The call is ${call.state}; the reserve list is closed once DECIDED.`,
          [],
          { state: call.state, allowed: ['DECIDED'] },
        );
      const open: unknown[] = await manager.query(
        "SELECT 1 FROM funding_decision WHERE call_id = $1 AND status = 'PROPOSED'",
        [call.id],
      );
      if (open.length > 0)
        throw refusal(
          'conflict',
          'DECISION_AWAITING_AGENCIES',
          'A promotion is awaiting the agencies; close the reserve list after it.',
        );
      const closed: Array<{ id: string; acronym: string; coordinator: string }> = await manager
        .query(
          `UPDATE proposal SET state = 'NOT_FUNDED', updated_at = clock_timestamp() WHERE call_id = $1 AND state = 'RESERVE'
         RETURNING id, acronym, coordinator_organisation_id AS coordinator`,
          [call.id],
        )
        .then((r: [Array<{ id: string; acronym: string; coordinator: string }>, number]) => r[0]);
      await this.audit.record(manager, {
        actor: input.request.actor,
        action: 'funding-decision.reserve-list-closed',
        entityType: 'call',
        entityId: call.id,
        after: { notFunded: closed.map((c) => c.id) },
        businessKey: `update:${input.updateId}`,
      });
      for (const p of closed) {
        for (const member of await this.users.activeMembersOf(manager, p.coordinator)) {
          await this.outbox.enqueue(manager, {
            kind: 'FUNDING_DECISION_RESULT',
            recipient: { userId: member.id, email: member.email, displayName: member.displayName },
            data: {
              callTitle: call.configuration.title,
              proposalAcronym: p.acronym,
              outcome: 'not funded: the reserve list is closed',
              page: webLinks.proposalOutcome(p.id),
            },
            idempotencyKey: `reserve-closed:${p.id}:${member.id}`,
          });
        }
      }
      return { closed: closed.length };
    });
  }
}
