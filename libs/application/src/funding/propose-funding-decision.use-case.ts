import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { webLinks, type FundingDecisionSummary, type ProposeFundingDecisionRequest } from '@app/contracts';
import { allocateFunding, DomainError, toZonedIso, type AllocationResult } from '@app/domain';
import {
  AuditWriter,
  BudgetLedgerRepository,
  CallRepository,
  FundingDecisionReadModel,
  FundingDecisionRepository,
  FundingInputRepository,
  OutboxWriter,
  RankingRepository,
  UnitOfWork,
  type CallRecord,
  type FundingDecisionRecord,
  type LedgerCommitment,
  type LedgerLine,
  type Tx,
} from '@app/persistence';
import { lockedCall } from '../calls/call-workflow-state';

const RANKING_NOT_FINAL = 'The ranking of the call’s last stage is not finalised.';

export interface ProposeFundingDecisionInput {
  callId: string;
  request: ProposeFundingDecisionRequest;
  updateId: string;
  at: string;
}

/**
 * The funding decision's proposal (SPEC F1–F2), under the call row's lock and the commitments' row locks
 * (region order), idempotent under the update id. RANKED or FUNDING_DECISION: the F1 walk over the
 * finalised ranking, its amounts held as PROPOSED ledger entries, a revision replacing the returned
 * decision. DECIDED: a promotion from the reserve list (F5). The call's state is read once and decides
 * which; the commitments are locked once, and kept current as a returned decision gives its amounts back.
 */
@Injectable()
export class ProposeFundingDecisionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly decisions: FundingDecisionRepository,
    private readonly reads: FundingDecisionReadModel,
    private readonly ledger: BudgetLedgerRepository,
    private readonly inputs: FundingInputRepository,
    private readonly rankings: RankingRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  execute(input: ProposeFundingDecisionInput): Promise<FundingDecisionSummary> {
    return this.uow.run(async (tx) => {
      const call = await lockedCall(this.calls, tx, input.callId);
      const repeated = await this.decisions.findByUpdateId(tx, call.id, input.updateId);
      if (repeated) return this.summaryOf(tx, call, repeated);
      const kind = proposalKindOf(call.state);
      const promotion = kind === 'PROMOTION';
      const open = await this.decisions.lockOpen(tx, call.id);
      if (open?.status === 'PROPOSED')
        throw new DomainError(
          'DECISION_AWAITING_AGENCIES',
          promotion
            ? 'A promotion is awaiting the agencies.'
            : 'A decision is awaiting the agencies; it is revised after an objection.',
          'conflict',
        );
      let commitments = await this.ledger.lockCommitments(tx, call.id);
      if (open) {
        const released = await this.ledger.supersedeProposed(tx, open.id);
        commitments = commitments.map((c) => ({ ...c, proposedTotal: c.proposedTotal - (released.get(c.id) ?? 0) }));
        await this.decisions.transitionDecision(tx, open, 'SUPERSEDED');
      }
      return promotion
        ? this.proposePromotion(tx, call, commitments, input)
        : this.proposeDecision(tx, call, kind === 'FIRST', commitments, open, input);
    });
  }

  private async proposeDecision(
    tx: Tx,
    call: CallRecord,
    /** The call is RANKED: this decision moves it to FUNDING_DECISION. */
    first: boolean,
    commitments: LedgerCommitment[],
    open: FundingDecisionRecord | null,
    input: ProposeFundingDecisionInput,
  ): Promise<FundingDecisionSummary> {
    const walk = await this.inputs.walkInput(tx, call, commitments);
    if (!walk) throw new DomainError('RANKING_NOT_FINAL', RANKING_NOT_FINAL, 'conflict');
    const allocation = allocateFunding(walk.input);
    const revision = await this.decisions.nextRevision(tx, call.id);
    const decisionId = randomUUID();
    const agencyIds = commitments.map((c) => c.agencyId).sort();
    await this.decisions.insert(tx, {
      id: decisionId,
      callId: call.id,
      revision,
      kind: 'DECISION',
      policy: allocation.policy,
      summary: {
        updateId: input.updateId,
        agencyIds,
        eurReference: allocation.eurReference,
        gaps: allocation.gaps,
        firstGap: allocation.firstGap,
        regions: allocation.regions,
      },
      createdBy: input.request.actor.userId,
    });
    for (const p of allocation.proposals) {
      await this.decisions.addEntry(tx, {
        decisionId,
        proposalId: p.proposalId,
        rank: walk.ranks.get(p.proposalId) ?? p.rank,
        outcome: p.status,
        reasons: { reasons: p.reasons, shortfalls: p.shortfalls },
        amounts: p.regions,
        requestedEur: p.requestedEur,
      });
    }
    await this.ledger.propose(tx, call.id, decisionId, ledgerLines(allocation.proposals, commitments));
    if (first) await this.calls.transitionCall(tx, call.id, 'FUNDING_DECISION');
    const selected = allocation.proposals.filter((p) => p.status === 'SELECTED').length;
    await this.audit.record(tx, {
      actor: input.request.actor,
      action: revision === 1 ? 'funding-decision.proposed' : 'funding-decision.revised',
      entityType: 'call',
      entityId: call.id,
      before: { state: call.state, ...(open ? { decisionId: open.id, revision: open.revision } : {}) },
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
      for (const officer of await this.calls.officersOf(tx, c.agencyId)) {
        await this.outbox.enqueue(tx, {
          kind: 'FUNDING_DECISION_PROPOSED',
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: { callTitle: call.configuration.title, count: selected, deadline, page: webLinks.tasks() },
          idempotencyKey: `funding-decision-proposed:${decisionId}:${officer.id}`,
        });
      }
    }
    return { decisionId, revision, selected, reserve: allocation.proposals.length - selected, agencyIds };
  }

  /**
   * F5 after DECIDED: the reserve proposals, in rank order, walked over what the regions have left now
   * (commitment + usable flexibility − proposed − allocated, so budget freed by a withdrawn grant counts);
   * those that fit are proposed for promotion, their amounts held, and the agencies of their regions asked.
   */
  private async proposePromotion(
    tx: Tx,
    call: CallRecord,
    commitments: LedgerCommitment[],
    input: ProposeFundingDecisionInput,
  ): Promise<FundingDecisionSummary> {
    const onReserve = new Set(await this.reads.reserveProposalIds(tx, call.id));
    // The live ranking (the consensus as it stands): a proposal re-evaluated after an upheld redress has its place.
    const live = await this.rankings.callRanking(tx, call, call.configuration.stages as 1 | 2);
    const order = live.entries
      .filter((e) => e.rank !== null && onReserve.has(e.proposalId))
      .map((e) => ({ proposalId: e.proposalId, rank: e.rank as number }));
    const walk = await this.inputs.walkInput(tx, call, commitments, { order });
    const allocation = allocateFunding(walk!.input);
    const promoted = allocation.proposals.filter((p) => p.status === 'SELECTED');
    if (promoted.length === 0)
      throw new DomainError('NOTHING_TO_PROMOTE', 'No reserve proposal fits the budget the regions have left.', 'rule');
    const commitmentOf = new Map(commitments.map((c) => [c.regionCode, c]));
    const agencyIds = [
      ...new Set(
        promoted.flatMap((p) =>
          p.regions.filter((r) => r.amount > 0).map((r) => commitmentOf.get(r.regionCode)!.agencyId),
        ),
      ),
    ].sort();
    const revision = await this.decisions.nextRevision(tx, call.id);
    const decisionId = randomUUID();
    await this.decisions.insert(tx, {
      id: decisionId,
      callId: call.id,
      revision,
      kind: 'PROMOTION',
      policy: allocation.policy,
      summary: {
        updateId: input.updateId,
        agencyIds,
        eurReference: allocation.eurReference,
        regions: allocation.regions,
      },
      createdBy: input.request.actor.userId,
    });
    for (const p of promoted) {
      await this.decisions.addEntry(tx, {
        decisionId,
        proposalId: p.proposalId,
        rank: walk!.ranks.get(p.proposalId) ?? p.rank,
        outcome: 'SELECTED',
        reasons: { reasons: [], shortfalls: [] },
        amounts: p.regions,
        requestedEur: p.requestedEur,
      });
    }
    await this.ledger.propose(tx, call.id, decisionId, ledgerLines(promoted, commitments));
    await this.audit.record(tx, {
      actor: input.request.actor,
      action: 'funding-decision.promotion-proposed',
      entityType: 'call',
      entityId: call.id,
      after: { decisionId, revision, promoted: promoted.map((p) => p.proposalId), agencyIds },
      businessKey: `update:${input.updateId}`,
    });
    for (const agencyId of agencyIds) {
      for (const officer of await this.calls.officersOf(tx, agencyId)) {
        await this.outbox.enqueue(tx, {
          kind: 'FUNDING_DECISION_PROPOSED',
          recipient: { userId: officer.id, email: officer.email, displayName: officer.displayName },
          data: { callTitle: call.configuration.title, count: promoted.length, page: webLinks.tasks() },
          idempotencyKey: `funding-decision-proposed:${decisionId}:${officer.id}`,
        });
      }
    }
    return { decisionId, revision, selected: promoted.length, reserve: onReserve.size - promoted.length, agencyIds };
  }

  private async summaryOf(tx: Tx, call: CallRecord, decision: FundingDecisionRecord): Promise<FundingDecisionSummary> {
    const counts = await this.decisions.outcomeCounts(tx, decision.id);
    const agencies =
      decision.summary.agencyIds ??
      (await this.calls.commitments(tx, call.id))
        .filter((c) => c.status === 'CONFIRMED')
        .map((c) => c.agencyId)
        .sort();
    return {
      decisionId: decision.id,
      revision: decision.revision,
      selected: counts.get('SELECTED') ?? 0,
      reserve: counts.get('RESERVE') ?? 0,
      agencyIds: agencies,
    };
  }
}

/**
 * What a proposal is in the call's state: the first decision (RANKED), a revision (FUNDING_DECISION, after an
 * objection) or a promotion from the reserve list (DECIDED); refused in any other state.
 */
function proposalKindOf(state: string): 'FIRST' | 'REVISION' | 'PROMOTION' {
  if (state === 'RANKED') return 'FIRST';
  if (state === 'FUNDING_DECISION') return 'REVISION';
  if (state === 'DECIDED') return 'PROMOTION';
  throw new DomainError(
    'CALL_STATE_CONFLICT',
    `The call is ${state}; the funding decision is proposed from RANKED.`,
    'conflict',
    [],
    { state, allowed: ['RANKED'] },
  );
}

/** The ledger lines of the selected proposals: one per funded partner and region with an amount. */
function ledgerLines(proposals: AllocationResult['proposals'], commitments: LedgerCommitment[]): LedgerLine[] {
  const commitmentOf = new Map(commitments.map((c) => [c.regionCode, c]));
  const lines: LedgerLine[] = [];
  for (const p of proposals.filter((x) => x.status === 'SELECTED')) {
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
  return lines;
}
