import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  evaluationStage,
  rankProposals,
  type CallConfiguration,
  type ProposalPartner,
  type ThresholdReason,
  type TieBreak,
} from '@app/domain';
import type { ConsensusLine } from './proposal-evaluation.repository';

/** Requested funding of one region's funded partners in a proposal, in that region's currency. */
export interface RegionalRequest {
  regionCode: string;
  currency: string;
  /** Minor units (sum of the partners' requested grants). */
  amount: number;
}

/** One reviewer's scores, anonymised ("Reviewer 1", "Reviewer 2" … per proposal, in submission order). */
export interface AnonymousReviewScores {
  reviewer: string;
  scores: Array<{ criterion: string; score: number }>;
  weightedTotal: string | null;
}

export interface CallRankingEntry {
  proposalId: string;
  acronym: string;
  title: string;
  /** The proposal's current state (BELOW_THRESHOLD, RANKED, later SELECTED …). */
  state: string;
  /** 1..n for proposals at or above every threshold; null below. */
  rank: number | null;
  outcome: 'ABOVE_THRESHOLD' | 'BELOW_THRESHOLD';
  reasons: ThresholdReason[];
  /** Σ weight × consensus score, exact decimal text. */
  weightedTotal: string;
  unweightedSum: number;
  /** Consensus scores in the criteria's order. */
  scores: Array<{ criterion: string; score: number }>;
  /** SME share of the requested funding in basis points, rounded down (display only). */
  smeShareBps: number;
  /** The latest version's submission time (ISO-8601). */
  finalSubmittedAt: string;
  /** Per region with funded partners, sorted by region code. */
  requestedFunding: RegionalRequest[];
  /** Regions of every partner of the counted version (funded or not). */
  partnerRegions: string[];
  /** The V8 key that put the proposal behind the one directly above it; null for rank 1 and below threshold. */
  separatedFromAbove: { decidedBy: TieBreak; criterion?: string } | null;
  /** Individual reviewers' scores, anonymised: for programme managers only (SPEC §2). */
  reviewerScores: AnonymousReviewScores[];
}

/** The V8 ranking of a call's stage: ranked proposals first (by rank), then those below threshold. */
export interface CallRanking {
  callId: string;
  stageNo: 1 | 2;
  criteria: Array<{ name: string; weight: number; threshold: number }>;
  overallThreshold: number;
  entries: CallRankingEntry[];
}

/** One proposal's place in a frozen ranking: the consensus results, never individual scores. */
export type RankingSnapshotEntry = Omit<CallRankingEntry, 'reviewerScores'>;

/** A `ranking_snapshot` row: a stage's ranking as frozen when the call became RANKED. */
export interface RankingSnapshotRow {
  call_id: string;
  stage_no: number;
  entries: RankingSnapshotEntry[];
  finalised_by: string | null;
}

export interface RankingSnapshotRecord {
  callId: string;
  stageNo: number;
  entries: RankingSnapshotEntry[];
}

export function toRankingSnapshot(row: RankingSnapshotRow): RankingSnapshotRecord {
  return { callId: row.call_id, stageNo: row.stage_no, entries: row.entries };
}

/** A `stage_two_invitation` row: a consortium invited to stage 2 of a two-stage call (SPEC V7). */
export interface StageTwoInvitationRow {
  pre_proposal_id: string;
  call_id: string;
  rank: number;
  requested_funding_eur: string;
  invited_at: Date;
}

/** An invitation with its pre-proposal's acronym and the full proposal once started. */
export interface StageTwoInvitationRecord {
  preProposalId: string;
  acronym: string;
  rank: number;
  requestedFundingEur: number;
  invitedAt: Date;
  fullProposalId: string | null;
}

interface CandidateRow {
  proposalId: string;
  acronym: string;
  title: string;
  state: string;
  lastSubmittedAt: Date;
  consensus: ConsensusLine[];
  partners: ProposalPartner[] | null;
}

/** A submitted review's scores as the ranking reads them (a projection of `review` and `review_assignment`). */
interface SubmittedScoresLine {
  proposalId: string;
  scores: ConsensusLine[];
  weightedTotal: string | null;
}

function sumGrants(partners: ProposalPartner[], keep: (p: ProposalPartner) => boolean): bigint {
  return partners.filter((p) => p.funded && keep(p)).reduce((sum, p) => sum + BigInt(p.requestedGrant), 0n);
}

/**
 * The ranking of a call's stage computed from the recorded consensus (SPEC V8), for the ranking
 * endpoint and for whoever stores a snapshot when the call moves to RANKED. Candidates are the
 * stage's proposals with a recorded consensus that are not withdrawn; the SME share and the regional
 * requests come from each proposal's latest submitted version (funded partners only), the final
 * submission time is `proposal.last_submitted_at`. Everything is read in a stable order and
 * `rankProposals` is order-independent, so identical data gives an identical ranking.
 */
@Injectable()
export class RankingRepository {
  /** The stage a ranking shows when none is asked for: the highest stage with a submitted proposal (1 when none). */
  async defaultStage(manager: EntityManager, callId: string): Promise<1 | 2> {
    const rows: Array<{ stage: number | null }> = await manager.query(
      "SELECT max(stage_no) AS stage FROM proposal WHERE call_id = $1 AND state <> 'DRAFT'",
      [callId],
    );
    return rows[0]?.stage === 2 ? 2 : 1;
  }

  async callRanking(
    manager: EntityManager,
    call: { id: string; configuration: CallConfiguration },
    stageNo: 1 | 2,
  ): Promise<CallRanking> {
    const stage = evaluationStage(call.configuration, stageNo);
    const candidates: CandidateRow[] = await manager.query(
      `SELECT p.id AS "proposalId", p.acronym, p.title, p.state, p.last_submitted_at AS "lastSubmittedAt", e.consensus,
              v.content->'partners' AS partners
         FROM proposal_evaluation e
         JOIN proposal p ON p.id = e.proposal_id
         LEFT JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.call_id = $1 AND e.stage_no = $2 AND e.consensus IS NOT NULL AND p.state <> 'WITHDRAWN'
        ORDER BY p.id`,
      [call.id, stageNo],
    );
    const reviews: SubmittedScoresLine[] = await manager.query(
      `SELECT a.proposal_id AS "proposalId", r.scores, r.weighted_total::text AS "weightedTotal"
         FROM review_assignment a JOIN review r ON r.assignment_id = a.id
        WHERE a.call_id = $1 AND a.stage_no = $2 AND a.state = 'REVIEW_SUBMITTED' AND r.state = 'SUBMITTED'
        ORDER BY a.proposal_id, r.submitted_at, a.id`,
      [call.id, stageNo],
    );
    const currencies = new Map<string, string>(
      ((await manager.query('SELECT code, currency FROM region')) as Array<{ code: string; currency: string }>).map(
        (r) => [r.code, r.currency],
      ),
    );

    const byId = new Map(candidates.map((c) => [c.proposalId, c]));
    const ranking = rankProposals(
      stage,
      candidates.map((c) => {
        const partners = c.partners ?? [];
        return {
          proposalId: c.proposalId,
          consensus: c.consensus.map((line) => ({ criterion: line.criterion, score: line.score })),
          smeRequestedGrant: sumGrants(partners, (p) => p.organisationType === 'SME'),
          totalRequestedGrant: sumGrants(partners, () => true),
          finalSubmittedAt: new Date(c.lastSubmittedAt).getTime(),
        };
      }),
    );
    const reviewsOf = new Map<string, SubmittedScoresLine[]>();
    for (const r of reviews) reviewsOf.set(r.proposalId, [...(reviewsOf.get(r.proposalId) ?? []), r]);
    const separationOf = new Map(ranking.separations.map((s) => [s.behindId, s]));
    const names = stage.criteria.map((c) => c.name);

    const entry = (
      proposalId: string,
      rank: number | null,
      scores: number[],
      weightedTotal: string,
      unweightedSum: number,
      reasons: ThresholdReason[],
    ): CallRankingEntry => {
      const row = byId.get(proposalId)!;
      const partners = row.partners ?? [];
      const sme = sumGrants(partners, (p) => p.organisationType === 'SME');
      const total = sumGrants(partners, () => true);
      const perRegion = new Map<string, bigint>();
      for (const p of partners.filter((x) => x.funded))
        perRegion.set(p.regionCode, (perRegion.get(p.regionCode) ?? 0n) + BigInt(p.requestedGrant));
      const separation = separationOf.get(proposalId);
      return {
        proposalId,
        acronym: row.acronym,
        title: row.title,
        state: row.state,
        rank,
        outcome: rank === null ? 'BELOW_THRESHOLD' : 'ABOVE_THRESHOLD',
        reasons,
        weightedTotal,
        unweightedSum,
        scores: names.map((criterion, i) => ({ criterion, score: scores[i] })),
        smeShareBps: total === 0n ? 0 : Number((sme * 10_000n) / total),
        finalSubmittedAt: new Date(row.lastSubmittedAt).toISOString(),
        requestedFunding: [...perRegion.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([regionCode, amount]) => ({
            regionCode,
            currency: currencies.get(regionCode) ?? 'EUR',
            amount: Number(amount),
          })),
        partnerRegions: [...new Set(partners.map((p) => p.regionCode))].sort(),
        separatedFromAbove: separation
          ? {
              decidedBy: separation.decidedBy,
              ...(separation.criterion !== undefined ? { criterion: separation.criterion } : {}),
            }
          : null,
        reviewerScores: (reviewsOf.get(proposalId) ?? []).map((r, i) => ({
          reviewer: `Reviewer ${i + 1}`,
          scores: names
            .map((criterion) => ({
              criterion,
              score: r.scores.find((s) => s.criterion === criterion)?.score ?? Number.NaN,
            }))
            .filter((s) => !Number.isNaN(s.score)),
          weightedTotal: r.weightedTotal,
        })),
      };
    };

    return {
      callId: call.id,
      stageNo,
      criteria: stage.criteria.map((c) => ({ name: c.name, weight: c.weight, threshold: c.threshold })),
      overallThreshold: stage.overallThreshold,
      entries: [
        ...ranking.ranked.map((r) => entry(r.proposalId, r.rank, r.scores, r.weightedTotal, r.unweightedSum, [])),
        ...ranking.belowThreshold.map((b) =>
          entry(b.proposalId, null, b.scores, b.weightedTotal, b.unweightedSum, b.reasons),
        ),
      ],
    };
  }

  /** The stage's frozen ranking, or null before the stage is finalised. */
  async snapshot(manager: EntityManager, callId: string, stageNo: number): Promise<RankingSnapshotRecord | null> {
    const rows: RankingSnapshotRow[] = await manager.query(
      'SELECT call_id, stage_no, entries, finalised_by FROM ranking_snapshot WHERE call_id = $1 AND stage_no = $2',
      [callId, stageNo],
    );
    return rows[0] ? toRankingSnapshot(rows[0]) : null;
  }

  async saveSnapshot(manager: EntityManager, snapshot: RankingSnapshotRecord & { finalisedBy: string }): Promise<void> {
    await manager.query(
      'INSERT INTO ranking_snapshot (call_id, stage_no, entries, finalised_by) VALUES ($1, $2, $3, $4)',
      [snapshot.callId, snapshot.stageNo, JSON.stringify(snapshot.entries), snapshot.finalisedBy],
    );
  }

  /** The stage's proposals in one of `states` (those still without an outcome), by acronym. */
  async proposalsIn(
    manager: EntityManager,
    callId: string,
    stageNo: number,
    states: readonly string[],
  ): Promise<Array<{ id: string; acronym: string; state: string }>> {
    return manager.query(
      `SELECT id, acronym, state FROM proposal WHERE call_id = $1 AND stage_no = $2 AND state = ANY($3)
        ORDER BY acronym, id`,
      [callId, stageNo, states],
    );
  }

  async invite(
    manager: EntityManager,
    invitation: { preProposalId: string; callId: string; rank: number; requestedFundingEur: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO stage_two_invitation (pre_proposal_id, call_id, rank, requested_funding_eur)
       VALUES ($1, $2, $3, $4)`,
      [invitation.preProposalId, invitation.callId, invitation.rank, invitation.requestedFundingEur],
    );
  }

  async invitationCount(manager: EntityManager, callId: string): Promise<number> {
    const [{ n }]: Array<{ n: string }> = await manager.query(
      'SELECT count(*) AS n FROM stage_two_invitation WHERE call_id = $1',
      [callId],
    );
    return Number(n);
  }

  /** The call's stage-2 invitations in rank order, with each full proposal once started. */
  async invitations(manager: EntityManager, callId: string): Promise<StageTwoInvitationRecord[]> {
    const rows: Array<StageTwoInvitationRow & { acronym: string; full_proposal_id: string | null }> =
      await manager.query(
        `SELECT i.pre_proposal_id, i.call_id, i.rank, i.requested_funding_eur, i.invited_at, p.acronym,
                (SELECT f.id FROM proposal f WHERE f.pre_proposal_id = i.pre_proposal_id) AS full_proposal_id
           FROM stage_two_invitation i JOIN proposal p ON p.id = i.pre_proposal_id
          WHERE i.call_id = $1 ORDER BY i.rank`,
        [callId],
      );
    return rows.map((r) => ({
      preProposalId: r.pre_proposal_id,
      acronym: r.acronym,
      rank: r.rank,
      requestedFundingEur: Number(r.requested_funding_eur),
      invitedAt: r.invited_at,
      fullProposalId: r.full_proposal_id,
    }));
  }
}
