import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConsensusOutcomeKind, ThresholdReason } from '@app/domain';

/** One line of a recorded consensus (SPEC V7): what the programme manager or the rapporteur agreed. */
export interface ConsensusLine {
  criterion: string;
  score: number;
  comment: string;
}

/** A proposal's evaluation in one stage: its rapporteur and its consensus with the V7 outcome. */
export interface ProposalEvaluationRecord {
  proposalId: string;
  stageNo: number;
  rapporteurId: string | null;
  rapporteurAt: Date | null;
  consensus: ConsensusLine[] | null;
  consensusBy: string | null;
  consensusAt: Date | null;
  outcome: ConsensusOutcomeKind | null;
  /** Exact decimal text (`"11.5"`). */
  weightedTotal: string | null;
  /** Exact decimal text (a multiple of 0.5). */
  unweightedSum: string | null;
  reasons: ThresholdReason[];
  flaggedForDiscussion: boolean;
  updatedAt: Date;
}

/** A submitted review with its evaluator: for programme managers and the proposal's rapporteur only (SPEC §2). */
export interface SubmittedReviewRecord {
  assignmentId: string;
  evaluatorId: string;
  evaluatorName: string;
  scores: ConsensusLine[];
  weightedTotal: string | null;
  submittedAt: Date;
}

const COLUMNS = `e.proposal_id AS "proposalId", e.stage_no AS "stageNo", e.rapporteur_id AS "rapporteurId", e.rapporteur_at AS "rapporteurAt",
  e.consensus, e.consensus_by AS "consensusBy", e.consensus_at AS "consensusAt", e.outcome, e.weighted_total::text AS "weightedTotal",
  e.unweighted_sum::text AS "unweightedSum", e.reasons, e.flagged_for_discussion AS "flaggedForDiscussion", e.updated_at AS "updatedAt"`;

/** `proposal_evaluation`: rapporteurs and consensus per proposal and stage (SPEC §2, §5 V7). */
@Injectable()
export class ProposalEvaluationRepository {
  /**
   * The call's state under a shared row lock: consensus and designations wait for a state change of
   * the call (which takes the exclusive lock) and a state change waits for them (lock order: the call
   * first, then the proposal).
   */
  async callStateShared(manager: EntityManager, callId: string): Promise<string | null> {
    const rows: Array<{ state: string }> = await manager.query('SELECT state FROM joint_call WHERE id = $1 FOR SHARE', [
      callId,
    ]);
    return rows[0]?.state ?? null;
  }

  async find(
    manager: EntityManager,
    proposalId: string,
    stageNo: number,
    lock = false,
  ): Promise<ProposalEvaluationRecord | null> {
    const rows: ProposalEvaluationRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM proposal_evaluation e WHERE e.proposal_id = $1 AND e.stage_no = $2${lock ? ' FOR UPDATE' : ''}`,
      [proposalId, stageNo],
    );
    return rows[0] ?? null;
  }

  /** Designates (or replaces) the rapporteur; the row is created on first use. */
  async setRapporteur(
    manager: EntityManager,
    proposalId: string,
    stageNo: number,
    rapporteurId: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, rapporteur_id, rapporteur_at) VALUES ($1, $2, $3, clock_timestamp())
       ON CONFLICT (proposal_id, stage_no) DO UPDATE SET rapporteur_id = EXCLUDED.rapporteur_id, rapporteur_at = EXCLUDED.rapporteur_at, updated_at = clock_timestamp()`,
      [proposalId, stageNo, rapporteurId],
    );
  }

  /** Records (or revises) the consensus with its outcome and totals. */
  async saveConsensus(
    manager: EntityManager,
    input: {
      proposalId: string;
      stageNo: number;
      consensus: ConsensusLine[];
      by: string;
      outcome: ConsensusOutcomeKind;
      reasons: ThresholdReason[];
      weightedTotal: string;
      unweightedSum: number;
      flaggedForDiscussion: boolean;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, consensus, consensus_by, consensus_at, outcome, weighted_total, unweighted_sum, reasons, flagged_for_discussion)
       VALUES ($1, $2, $3, $4, clock_timestamp(), $5, $6, $7, $8, $9)
       ON CONFLICT (proposal_id, stage_no) DO UPDATE SET consensus = EXCLUDED.consensus, consensus_by = EXCLUDED.consensus_by, consensus_at = EXCLUDED.consensus_at,
         outcome = EXCLUDED.outcome, weighted_total = EXCLUDED.weighted_total, unweighted_sum = EXCLUDED.unweighted_sum, reasons = EXCLUDED.reasons,
         flagged_for_discussion = EXCLUDED.flagged_for_discussion, updated_at = clock_timestamp()`,
      [
        input.proposalId,
        input.stageNo,
        JSON.stringify(input.consensus),
        input.by,
        input.outcome,
        input.weightedTotal,
        String(input.unweightedSum),
        JSON.stringify(input.reasons),
        input.flaggedForDiscussion,
      ],
    );
  }

  /** True when `userId` is the designated rapporteur of the proposal in the stage. */
  async isRapporteur(manager: EntityManager, userId: string, proposalId: string, stageNo: number): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM proposal_evaluation WHERE proposal_id = $1 AND stage_no = $2 AND rapporteur_id = $3',
      [proposalId, stageNo, userId],
    );
    return rows.length > 0;
  }

  /**
   * The submitted reviews of a proposal's stage with the evaluators' ids and names, in a stable order
   * (submission time, then assignment id).
   */
  async submittedReviews(
    manager: EntityManager,
    proposalId: string,
    stageNo: number,
  ): Promise<SubmittedReviewRecord[]> {
    return manager.query(
      `SELECT a.id AS "assignmentId", a.evaluator_id AS "evaluatorId", u.display_name AS "evaluatorName", r.scores, r.weighted_total::text AS "weightedTotal",
              r.submitted_at AS "submittedAt"
         FROM review_assignment a JOIN review r ON r.assignment_id = a.id JOIN app_user u ON u.id = a.evaluator_id
        WHERE a.proposal_id = $1 AND a.stage_no = $2 AND a.state = 'REVIEW_SUBMITTED' AND r.state = 'SUBMITTED'
        ORDER BY r.submitted_at, a.id`,
      [proposalId, stageNo],
    );
  }

  /** Clears the stage's rapporteur and consensus (V7) — the whole consensus together, as its table demands. */
  async clearConsensus(manager: EntityManager, proposalId: string, stageNo: number): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      `UPDATE proposal_evaluation
          SET rapporteur_id = NULL, rapporteur_at = NULL, consensus = NULL, consensus_by = NULL, consensus_at = NULL,
              outcome = NULL, weighted_total = NULL, unweighted_sum = NULL, reasons = '[]'::jsonb,
              flagged_for_discussion = false, updated_at = clock_timestamp()
        WHERE proposal_id = $1 AND stage_no = $2 AND (consensus IS NOT NULL OR rapporteur_id IS NOT NULL)`,
      [proposalId, stageNo],
    );
    return count > 0;
  }
}
