import { Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hasRole, organisationIdsOf, type Principal } from '@app/common';
import { evaluationStage, type ThresholdReason } from '@app/domain';
import { CallRepository, ProposalEvaluationRepository, ProposalRepository } from '@app/persistence';

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
      /** The V8 evaluation summary report: consensus per criterion, totals, threshold reasons; no evaluator identities. */
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
    private readonly proposals: ProposalRepository,
    private readonly calls: CallRepository,
    private readonly evaluations: ProposalEvaluationRepository,
  ) {}

  async execute(manager: EntityManager, user: Principal, proposalId: string): Promise<ProposalOutcomeView> {
    const notFound = () => new NotFoundException(`Proposal ${proposalId} not found.`);
    const proposal = await this.proposals.find(manager, proposalId);
    if (!proposal) throw notFound();
    const mine = organisationIdsOf(user);
    const member = (await this.consortium(manager, proposalId)).some((organisationId) => mine.includes(organisationId));
    const staff = hasRole(user, 'PROGRAMME_MANAGER', 'ADMIN') && proposal.state !== 'DRAFT';
    if (!member && !staff) throw notFound();
    const allGrants = staff || mine.includes(proposal.coordinatorOrganisationId);

    const [names]: Array<{ acronym: string; title: string }> = await manager.query(
      'SELECT acronym, title FROM proposal WHERE id = $1',
      [proposalId],
    );
    const head = { proposalId, acronym: names.acronym, title: names.title };
    // Decided = the call has a decision every agency approved (a later revision or promotion does not un-decide it).
    const [decided]: Array<{ decidedAt: Date }> = await manager.query(
      'SELECT min(decided_at) AS "decidedAt" FROM funding_decision WHERE call_id = $1 AND status = \'APPROVED\' HAVING count(*) > 0',
      [proposal.callId],
    );
    if (!decided) return { ...head, status: 'PENDING' };

    // The proposal's entry in the latest approved decision that ranks it.
    const [entry]: Array<{
      decisionId: string;
      rank: number;
      outcome: string;
      reasons: { reasons?: string[]; shortfalls?: Array<{ regionCode: string }> } | null;
      amounts: Array<{ regionCode: string; amount: number }>;
    }> = await manager.query(
      `SELECT e.decision_id AS "decisionId", e.rank, e.outcome, e.reasons, e.amounts
           FROM funding_decision_entry e JOIN funding_decision d ON d.id = e.decision_id
          WHERE d.call_id = $1 AND d.status = 'APPROVED' AND e.proposal_id = $2 ORDER BY d.revision DESC LIMIT 1`,
      [proposal.callId, proposalId],
    );
    const evaluation = await this.evaluations.find(manager, proposalId, proposal.stageNo);
    // The proposal's state carries what happened since (a promotion, the reserve list closed); the entry is the decision's word.
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
      conditions = await manager.query(
        `SELECT f.region_code AS "regionCode", a.name AS "agencyName", f.conditions FROM funding_approval f JOIN funding_agency a ON a.id = f.agency_id
          WHERE f.decision_id = $1 AND f.answer = 'APPROVED' AND f.conditions IS NOT NULL AND f.region_code = ANY($2) ORDER BY f.region_code`,
        [entry.decisionId, regions],
      );
    }

    const report = await this.report(manager, proposal.callId, proposal.stageNo, evaluation);
    const grants = await this.grants(manager, proposalId, allGrants ? null : mine);
    return {
      ...head,
      status: 'DECIDED',
      decidedAt: new Date(decided.decidedAt).toISOString(),
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

  /**
   * The consortium's organisations: the partner table, the coordinator, and the partners of the submitted
   * version the decision funded (the version is what was evaluated and what the grants follow).
   */
  private async consortium(manager: EntityManager, proposalId: string): Promise<string[]> {
    const rows: Array<{ organisationId: string }> = await manager.query(
      `SELECT organisation_id::text AS "organisationId" FROM proposal_partner WHERE proposal_id = $1
       UNION SELECT coordinator_organisation_id::text FROM proposal WHERE id = $1
       UNION SELECT x->>'organisationId' FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version,
                    jsonb_array_elements(CASE WHEN jsonb_typeof(v.content->'partners') = 'array' THEN v.content->'partners' ELSE '[]'::jsonb END) x
        WHERE p.id = $1`,
      [proposalId],
    );
    return rows.map((r) => r.organisationId).filter((id): id is string => typeof id === 'string');
  }

  private async report(
    manager: EntityManager,
    callId: string,
    stageNo: number,
    evaluation: Awaited<ReturnType<ProposalEvaluationRepository['find']>>,
  ) {
    if (!evaluation?.consensus) return null;
    const call = await this.calls.find(manager, callId);
    let weights = new Map<string, number>();
    try {
      if (call)
        weights = new Map(
          evaluationStage(call.configuration, stageNo as 1 | 2).criteria.map((c) => [c.name, c.weight]),
        );
    } catch {
      // A configuration without this stage's criteria: the report goes out without weights.
    }
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

  /** The proposal's grants with their instalments: all of them (`organisations` null) or those of the given organisations. */
  private async grants(
    manager: EntityManager,
    proposalId: string,
    organisations: string[] | null,
  ): Promise<OutcomeGrant[]> {
    const rows: Array<Omit<OutcomeGrant, 'amount' | 'instalments'> & { amount: string }> = await manager.query(
      `SELECT g.id AS "grantId", g.organisation_id AS "organisationId", o.legal_name AS "organisationName", g.region_code AS "regionCode", g.agency_id AS "agencyId",
              a.name AS "agencyName", g.amount, g.currency, g.conditions, g.project_start::text AS "projectStart", g.status
         FROM funding_grant g JOIN organisation o ON o.id = g.organisation_id JOIN funding_agency a ON a.id = g.agency_id
        WHERE g.proposal_id = $1 AND ($2::uuid[] IS NULL OR g.organisation_id = ANY($2::uuid[]))
        ORDER BY g.region_code, o.legal_name, g.id`,
      [proposalId, organisations],
    );
    if (rows.length === 0) return [];
    const instalments: Array<{
      grantId: string;
      seq: number;
      trigger: OutcomeInstalment['trigger'];
      milestoneIndex: number | null;
      milestoneTitle: string | null;
      milestoneDueMonth: number | null;
      shareBps: number;
      amount: string;
      status: OutcomeInstalment['status'];
    }> = await manager.query(
      `SELECT grant_id AS "grantId", seq, trigger, milestone_index AS "milestoneIndex", milestone_title AS "milestoneTitle", milestone_due_month AS "milestoneDueMonth",
                share_bps AS "shareBps", amount, status
           FROM instalment WHERE grant_id = ANY($1::uuid[]) ORDER BY grant_id, seq`,
      [rows.map((r) => r.grantId)],
    );
    return rows.map((g) => ({
      ...g,
      amount: Number(g.amount),
      instalments: instalments
        .filter((i) => i.grantId === g.grantId)
        .map((i) => ({
          seq: i.seq,
          trigger: i.trigger,
          milestone:
            i.milestoneIndex === null
              ? null
              : { index: i.milestoneIndex, title: i.milestoneTitle, dueMonth: i.milestoneDueMonth },
          shareBps: i.shareBps,
          amount: Number(i.amount),
          status: i.status,
        })),
    }));
  }
}
