import { Injectable, NotFoundException } from '@nestjs/common';
import { hasRole, organisationIdsOf, type Principal } from '@app/common';
import { evaluationStage, type ThresholdReason } from '@app/domain';
import {
  CallRepository,
  FundingDecisionReadModel,
  FundingDecisionRepository,
  GrantRepository,
  ProposalEvaluationRepository,
  ProposalRepository,
  UnitOfWork,
  type Tx,
} from '@app/persistence';

export type ProposalOutcomeKind = 'SELECTED' | 'RESERVE' | 'NOT_FUNDED' | 'BELOW_THRESHOLD';

export interface OutcomeInstalment {
  seq: number;
  trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED' | 'MILESTONE' | 'FINAL_REPORT';
  milestone: { index: number; title: string | null; dueMonth: number | null } | null;
  shareBps: number;
  amount: number;
  status: 'SCHEDULED' | 'RELEASED' | 'PAID';
}

export interface OutcomeGrant {
  grantId: string;
  organisationId: string;
  organisationName: string;
  regionCode: string;
  agencyId: string;
  agencyName: string;
  amount: number;
  currency: string;
  conditions: string | null;
  projectStart: string;
  status: 'AWARDED' | 'FAILED';
  instalments: OutcomeInstalment[];
}

export type ProposalOutcomeView =
  | { proposalId: string; acronym: string; title: string; status: 'PENDING' }
  | {
      proposalId: string;
      acronym: string;
      title: string;
      status: 'DECIDED';
      decidedAt: string;
      outcome: ProposalOutcomeKind;
      rank: number | null;
      /** SELECTED: approved outright, or with the conditions of one or more of the agencies concerned. */
      approval: 'APPROVED' | 'APPROVED_WITH_CONDITIONS' | null;
      conditions: Array<{ regionCode: string; agencyName: string; conditions: string }>;
      /** RESERVE: why (the walk's reasons) and the regions that block it — no regional budget figures. */
      reserve: { reasons: string[]; blockingRegions: string[] } | null;
      /**
       * The V8 evaluation summary report: consensus per criterion, totals, threshold reasons; no evaluator identities.
       */
      report: {
        stageNo: number;
        criteria: Array<{ criterion: string; weight: number | null; score: number; comment: string }>;
        weightedTotal: string | null;
        unweightedSum: string | null;
        thresholdReasons: ThresholdReason[];
      } | null;
      projectStart: string | null;
      grants: OutcomeGrant[];
    };

const DECIDED_PROPOSAL_STATES: Record<string, ProposalOutcomeKind> = {
  SELECTED: 'SELECTED',
  FUNDED: 'SELECTED',
  RESERVE: 'RESERVE',
  NOT_FUNDED: 'NOT_FUNDED',
  BELOW_THRESHOLD: 'BELOW_THRESHOLD',
};

/**
 * `GET /proposals/{id}/outcome` (SPEC F4, V8, §2): the funding decision's result for one proposal, told
 * to its own applicants. Who: members of the proposal's partner organisations, and programme managers
 * (admins too, as every staff read); anyone else — agency officers and evaluators included — 404.
 * Before the call's decision is approved by every agency the answer is `{ status: 'PENDING' }` (the
 * caller already sees the proposal; nothing of a proposed decision shows). Grants: the coordinator's
 * members (and staff) see every partner's grant; another partner's members only their own
 * organisation's. A proposal that never reached the decision (ineligible, withdrawn, a stage-1
 * pre-proposal of a two-stage call) has no outcome: 404.
 */
@Injectable()
export class ReadProposalOutcomeUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly proposals: ProposalRepository,
    private readonly calls: CallRepository,
    private readonly evaluations: ProposalEvaluationRepository,
    private readonly decisions: FundingDecisionRepository,
    private readonly reads: FundingDecisionReadModel,
    private readonly grantRepository: GrantRepository,
  ) {}

  execute(input: { user: Principal; proposalId: string }): Promise<ProposalOutcomeView> {
    return this.uow.read((tx) => this.read(tx, input.user, input.proposalId));
  }

  private async read(manager: Tx, user: Principal, proposalId: string): Promise<ProposalOutcomeView> {
    const notFound = () => new NotFoundException(`Proposal ${proposalId} not found.`);
    const proposal = await this.proposals.find(manager, proposalId);
    if (!proposal) throw notFound();
    const mine = organisationIdsOf(user);
    const member = (await this.reads.consortium(manager, proposalId)).some((organisationId) =>
      mine.includes(organisationId),
    );
    const staff = hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN') && proposal.state !== 'DRAFT';
    if (!member && !staff) throw notFound();
    const allGrants = staff || mine.includes(proposal.coordinatorOrganisationId);

    const head = { proposalId, acronym: proposal.content.acronym, title: proposal.content.title };
    // Decided = the call has a decision every agency approved (a later revision or promotion does not un-decide it).
    const decidedAt = await this.decisions.firstDecidedAt(manager, proposal.callId);
    if (!decidedAt) return { ...head, status: 'PENDING' };

    // The proposal's entry in the latest approved decision that ranks it.
    const entry = await this.decisions.approvedEntryOf(manager, proposal.callId, proposalId);
    const evaluation = await this.evaluations.find(manager, proposalId, proposal.stageNo);
    // The proposal's state carries what happened since (a promotion, the reserve list closed); the entry is the
    // decision's word.
    const outcome: ProposalOutcomeKind | undefined =
      DECIDED_PROPOSAL_STATES[proposal.state] ??
      (entry
        ? (entry.outcome as ProposalOutcomeKind)
        : evaluation?.outcome === 'BELOW_THRESHOLD'
          ? 'BELOW_THRESHOLD'
          : undefined);
    if (!outcome || (!entry && outcome !== 'BELOW_THRESHOLD'))
      throw new NotFoundException(`Proposal ${proposalId} has no funding outcome.`);

    let conditions: Array<{ regionCode: string; agencyName: string; conditions: string }> = [];
    if (outcome === 'SELECTED' && entry) {
      const regions = entry.amounts.filter((a) => Number(a.amount) > 0).map((a) => a.regionCode);
      conditions = await this.reads.approvalConditions(manager, entry.decisionId, regions);
    }

    const report = await this.report(manager, proposal.callId, proposal.stageNo, evaluation);
    const grants = await this.grants(manager, proposalId, allGrants ? null : mine);
    return {
      ...head,
      status: 'DECIDED',
      decidedAt: new Date(decidedAt).toISOString(),
      outcome,
      rank: entry?.rank ?? null,
      approval: outcome === 'SELECTED' ? (conditions.length > 0 ? 'APPROVED_WITH_CONDITIONS' : 'APPROVED') : null,
      conditions,
      reserve:
        outcome === 'RESERVE' && entry
          ? {
              reasons: entry.reasons?.reasons ?? [],
              blockingRegions: [...new Set((entry.reasons?.shortfalls ?? []).map((s) => s.regionCode))],
            }
          : null,
      report,
      projectStart: grants[0]?.projectStart ?? null,
      grants,
    };
  }

  private async report(
    manager: Tx,
    callId: string,
    stageNo: number,
    evaluation: Awaited<ReturnType<ProposalEvaluationRepository['find']>>,
  ) {
    if (!evaluation?.consensus) return null;
    const call = await this.calls.find(manager, callId);
    if (!call) throw new Error(`Call ${callId} of a proposal with a consensus is missing.`);
    // A consensus was scored against this stage's criteria, so the configuration gives them; if it cannot,
    // the error surfaces rather than a report quietly without weights.
    const weights = new Map(
      evaluationStage(call.configuration, stageNo as 1 | 2).criteria.map((c) => [c.name, c.weight]),
    );
    return {
      stageNo,
      criteria: evaluation.consensus.map((c) => ({
        criterion: c.criterion,
        weight: weights.get(c.criterion) ?? null,
        score: c.score,
        comment: c.comment,
      })),
      weightedTotal: evaluation.weightedTotal,
      unweightedSum: evaluation.unweightedSum,
      thresholdReasons: evaluation.reasons ?? [],
    };
  }

  /**
   * The proposal's grants with their instalments: all of them (`organisations` null) or those of the given
   * organisations.
   */
  private async grants(manager: Tx, proposalId: string, organisations: string[] | null): Promise<OutcomeGrant[]> {
    const grants = await this.reads.grants(manager, proposalId, organisations);
    if (grants.length === 0) return [];
    const instalments = await this.grantRepository.instalments(
      manager,
      grants.map((g) => g.id),
    );
    return grants.map((g) => ({
      grantId: g.id,
      organisationId: g.organisationId,
      organisationName: g.organisationName,
      regionCode: g.regionCode,
      agencyId: g.agencyId,
      agencyName: g.agencyName,
      amount: g.amount,
      currency: g.currency,
      conditions: g.conditions,
      projectStart: g.projectStart,
      status: g.status as OutcomeGrant['status'],
      instalments: instalments
        .filter((i) => i.grantId === g.id)
        .map((i) => ({
          seq: i.seq,
          trigger: i.trigger,
          milestone: i.milestone,
          shareBps: i.shareBps,
          amount: i.amount,
          status: i.status,
        })),
    }));
  }
}
