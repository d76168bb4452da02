import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  assertTransitions,
  assignmentStateMachine,
  callSettingsOf,
  reviewStateMachine,
  type AssignmentProposal,
  type CallConfiguration,
  type CallSettings,
  type AssignmentState,
  type CriterionScore,
  type ProposalContent,
  type ReviewState,
} from '@app/domain';
import type { Tx } from '../unit-of-work';

export type { AssignmentState, ReviewState };

/** States that count against the evaluator's load and the proposal's reviewers (V1, V3). */
export const LIVE_ASSIGNMENT_STATES: readonly AssignmentState[] = ['OFFERED', 'ACCEPTED', 'REVIEW_SUBMITTED'];

/** A row of `review_assignment`, as PostgreSQL returns it. */
export interface ReviewAssignmentRow {
  id: string;
  call_id: string;
  proposal_id: string;
  stage_no: number;
  evaluator_id: string;
  state: AssignmentState;
  origin: 'AUTO' | 'REPLACEMENT' | 'MANUAL';
  affinity: number;
  reason: string;
  job_id: string | null;
  offered_at: Date;
  offer_expires_at: Date;
  responded_at: Date | null;
  decline_reason: string | null;
  review_due_at: Date;
  submitted_at: Date | null;
}

export interface AssignmentRecord {
  id: string;
  callId: string;
  proposalId: string;
  stageNo: number;
  evaluatorId: string;
  state: AssignmentState;
  origin: 'AUTO' | 'REPLACEMENT' | 'MANUAL';
  affinity: number;
  reason: string;
  offeredAt: Date;
  offerExpiresAt: Date;
  respondedAt: Date | null;
  declineReason: string | null;
  reviewDueAt: Date;
  submittedAt: Date | null;
}

export function toAssignment(row: ReviewAssignmentRow): AssignmentRecord {
  return {
    id: row.id,
    callId: row.call_id,
    proposalId: row.proposal_id,
    stageNo: row.stage_no,
    evaluatorId: row.evaluator_id,
    state: row.state,
    origin: row.origin,
    affinity: row.affinity,
    reason: row.reason,
    offeredAt: row.offered_at,
    offerExpiresAt: row.offer_expires_at,
    respondedAt: row.responded_at,
    declineReason: row.decline_reason,
    reviewDueAt: row.review_due_at,
    submittedAt: row.submitted_at,
  };
}

/** A row of `review`: the evaluator's scores for its assignment. */
export interface ReviewRow {
  assignment_id: string;
  scores: CriterionScore[];
  state: ReviewState;
  /** Exact decimal text (`numeric` read as text). */
  weighted_total: string | null;
  updated_at: Date;
  submitted_at: Date | null;
}

export interface ReviewRecord {
  assignmentId: string;
  scores: CriterionScore[];
  state: ReviewState;
  weightedTotal: string | null;
  updatedAt: Date;
  submittedAt: Date | null;
}

export function toReview(row: ReviewRow): ReviewRecord {
  return {
    assignmentId: row.assignment_id,
    scores: row.scores,
    state: row.state,
    weightedTotal: row.weighted_total,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
  };
}

export interface NewOffer {
  callId: string;
  proposalId: string;
  stageNo: number;
  evaluatorId: string;
  origin: AssignmentRecord['origin'];
  affinity: number;
  reason: string;
  jobId: string | null;
  offeredAt: Date;
  offerExpiresAt: Date;
  reviewDueAt: Date;
}

/** What a message about an assignment names: the call, the proposal and the call's time zone. */
export interface AssignmentContext {
  callTitle: string;
  acronym: string;
  timeZone: string;
}

const COLUMNS = `a.id, a.call_id, a.proposal_id, a.stage_no, a.evaluator_id, a.state, a.origin, a.affinity, a.reason,
  a.job_id, a.offered_at, a.offer_expires_at, a.responded_at, a.decline_reason, a.review_due_at, a.submitted_at`;

const REVIEW_COLUMNS = 'assignment_id, scores, state, weighted_total::text AS weighted_total, updated_at, submitted_at';

/**
 * Reviewer assignments and their reviews (SPEC §4 Assignment): one row per offer of a proposal to an
 * evaluator in a stage, and the review written on it.
 */
@Injectable()
export class ReviewAssignmentRepository {
  /**
   * Serialises every change to a call's assignments (top-ups, the auto-assignment's writes), so that
   * two proposals topped up at once cannot both take an evaluator's last free load (V3).
   */
  async lockCallAssignments(manager: Tx, callId: string): Promise<void> {
    await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('review-assignments:' || $1, 0))", [callId]);
  }

  async find(manager: Tx, id: string, lock = false): Promise<AssignmentRecord | null> {
    const rows: ReviewAssignmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM review_assignment a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toAssignment(rows[0]) : null;
  }

  async ofProposal(manager: Tx, proposalId: string, stageNo: number): Promise<AssignmentRecord[]> {
    const rows: ReviewAssignmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM review_assignment a
        WHERE a.proposal_id = $1 AND a.stage_no = $2 ORDER BY a.offered_at, a.id`,
      [proposalId, stageNo],
    );
    return rows.map(toAssignment);
  }

  /** Live assignments per evaluator in the call (all stages): the load V3 limits. */
  async liveLoads(manager: Tx, callId: string): Promise<Record<string, number>> {
    const rows: Array<{ evaluator_id: string; n: string }> = await manager.query(
      `SELECT evaluator_id, count(*) AS n FROM review_assignment
        WHERE call_id = $1 AND state = ANY($2) GROUP BY evaluator_id`,
      [callId, LIVE_ASSIGNMENT_STATES],
    );
    return Object.fromEntries(rows.map((r) => [r.evaluator_id, Number(r.n)]));
  }

  /** Every pair ever offered in the call's stage: never offered twice (V4 "not yet offered"). */
  async offeredPairs(
    manager: Tx,
    callId: string,
    stageNo: number,
  ): Promise<Array<{ proposalId: string; evaluatorId: string; state: AssignmentState }>> {
    const rows: Array<Pick<ReviewAssignmentRow, 'proposal_id' | 'evaluator_id' | 'state'>> = await manager.query(
      'SELECT proposal_id, evaluator_id, state FROM review_assignment WHERE call_id = $1 AND stage_no = $2',
      [callId, stageNo],
    );
    return rows.map((r) => ({ proposalId: r.proposal_id, evaluatorId: r.evaluator_id, state: r.state }));
  }

  /** Inserts an offer; returns its id, or null when the pair was already offered in that stage. */
  async insertOffer(manager: Tx, offer: NewOffer): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, origin, affinity, reason,
         job_id, offered_at, offer_expires_at, review_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       ON CONFLICT (proposal_id, stage_no, evaluator_id) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        offer.callId,
        offer.proposalId,
        offer.stageNo,
        offer.evaluatorId,
        offer.origin,
        offer.affinity,
        offer.reason,
        offer.jobId,
        offer.offeredAt,
        offer.offerExpiresAt,
        offer.reviewDueAt,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Moves an assignment from the state the caller read (under its lock) to `to`, if the assignment's
   * machine allows it. `respondedAt` / `submittedAt`: the workflow's time of the answer or the submission.
   */
  async transitionAssignment(
    manager: Tx,
    assignment: Pick<AssignmentRecord, 'id' | 'state'>,
    to: AssignmentState,
    extra: { declineReason?: string; respondedAt?: Date; submittedAt?: Date } = {},
  ): Promise<void> {
    assignmentStateMachine.assert(assignment.state, to);
    await manager.query(
      `UPDATE review_assignment
          SET state = $2, responded_at = COALESCE($3, responded_at), decline_reason = COALESCE($4, decline_reason),
              submitted_at = COALESCE($5, submitted_at)
        WHERE id = $1`,
      [assignment.id, to, extra.respondedAt ?? null, extra.declineReason ?? null, extra.submittedAt ?? null],
    );
  }

  /** How many of the proposal's assignments in the stage are in each state. */
  async countByState(manager: Tx, proposalId: string, stageNo: number): Promise<Record<string, number>> {
    const rows: Array<{ state: AssignmentState; n: string }> = await manager.query(
      `SELECT state, count(*) AS n FROM review_assignment
        WHERE proposal_id = $1 AND stage_no = $2 GROUP BY state ORDER BY state`,
      [proposalId, stageNo],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /**
   * Withdraws the stage's panel of a proposal whose evaluation an upheld redress re-opens (V9): every
   * live assignment, submitted ones included (their reviews stay stored). Returns how many.
   */
  async transitionStageToWithdrawn(manager: Tx, proposalId: string, stageNo: number): Promise<number> {
    assertTransitions(assignmentStateMachine, LIVE_ASSIGNMENT_STATES, 'WITHDRAWN');
    const [, withdrawn]: [unknown[], number] = await manager.query(
      `UPDATE review_assignment SET state = 'WITHDRAWN'
        WHERE proposal_id = $1 AND stage_no = $2 AND state = ANY($3)`,
      [proposalId, stageNo, LIVE_ASSIGNMENT_STATES],
    );
    return withdrawn;
  }

  /** The review written on an assignment, if any; `lock` takes it FOR UPDATE. */
  async review(manager: Tx, assignmentId: string, lock = false): Promise<ReviewRecord | null> {
    const rows: ReviewRow[] = await manager.query(
      `SELECT ${REVIEW_COLUMNS} FROM review WHERE assignment_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [assignmentId],
    );
    return rows[0] ? toReview(rows[0]) : null;
  }

  /** Creates or replaces the draft's scores (a draft is saved as often as the evaluator likes). */
  async saveReviewDraft(manager: Tx, assignmentId: string, scores: CriterionScore[]): Promise<void> {
    await manager.query(
      `INSERT INTO review (assignment_id, scores) VALUES ($1, $2)
       ON CONFLICT (assignment_id) DO UPDATE SET scores = EXCLUDED.scores, updated_at = clock_timestamp()`,
      [assignmentId, JSON.stringify(scores)],
    );
  }

  /** Submits the review read (under its lock) with its weighted total (exact decimal text). */
  async transitionReviewToSubmitted(
    manager: Tx,
    review: Pick<ReviewRecord, 'assignmentId' | 'state'>,
    weightedTotal: string,
  ): Promise<void> {
    reviewStateMachine.assert(review.state, 'SUBMITTED');
    await manager.query(
      `UPDATE review
          SET state = 'SUBMITTED', weighted_total = $2, submitted_at = clock_timestamp(), updated_at = clock_timestamp()
        WHERE assignment_id = $1`,
      [review.assignmentId, weightedTotal],
    );
  }

  /**
   * The proposals of a call's stage as the solver sees them (SPEC V2, V4): topic and keywords of the
   * latest submitted version, the consortium's organisations and regions.
   */
  async assignmentProposals(
    manager: Tx,
    callId: string,
    stageNo: number,
    proposalIds?: string[],
  ): Promise<Array<AssignmentProposal & { acronym: string; state: string }>> {
    const rows: Array<{ id: string; acronym: string; state: string; content: ProposalContent }> = await manager.query(
      `SELECT p.id, p.acronym, p.state, v.content
         FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.call_id = $1 AND p.stage_no = $2 AND ($3::uuid[] IS NULL OR p.id = ANY($3)) ORDER BY p.id`,
      [callId, stageNo, proposalIds ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      acronym: row.acronym,
      state: row.state,
      topic: row.content.topic,
      keywords: row.content.keywords,
      organisationIds: row.content.partners.map((partner) => partner.organisationId),
      regionCodes: [...new Set(row.content.partners.map((partner) => partner.regionCode))],
    }));
  }

  /** The proposal's state and its call's, as a review workflow asks whether reviews are still wanted. */
  async proposalReviewState(
    manager: Tx,
    proposalId: string,
  ): Promise<{ state: string; callState: string; callSettings: CallSettings } | null> {
    const rows: Array<{ state: string; call_state: string; configuration: CallConfiguration }> = await manager.query(
      `SELECT p.state, c.state AS call_state, jsonb_build_object('settings', c.configuration->'settings') AS configuration
         FROM proposal p JOIN joint_call c ON c.id = p.call_id WHERE p.id = $1`,
      [proposalId],
    );
    return rows[0]
      ? { state: rows[0].state, callState: rows[0].call_state, callSettings: callSettingsOf(rows[0].configuration) }
      : null;
  }

  /** What a message about the proposal's assignments names. */
  async context(manager: Tx, proposalId: string): Promise<AssignmentContext> {
    const rows: Array<{ call_title: string; acronym: string; time_zone: string }> = await manager.query(
      `SELECT c.title AS call_title, p.acronym, c.time_zone
         FROM proposal p JOIN joint_call c ON c.id = p.call_id WHERE p.id = $1`,
      [proposalId],
    );
    return { callTitle: rows[0].call_title, acronym: rows[0].acronym, timeZone: rows[0].time_zone };
  }

  /** The evaluator's queue: offers and assignments with the proposal's acronym and title, newest call first. */
  async queueOf(
    manager: Tx,
    evaluatorId: string,
    filter: { state?: AssignmentState; afterId?: string; limit: number },
  ): Promise<Array<AssignmentRecord & { acronym: string; title: string; callTitle: string }>> {
    const rows: Array<ReviewAssignmentRow & { acronym: string; title: string; call_title: string }> =
      await manager.query(
        `SELECT ${COLUMNS}, p.acronym, p.title, c.title AS call_title FROM review_assignment a
           JOIN proposal p ON p.id = a.proposal_id JOIN joint_call c ON c.id = a.call_id
          WHERE a.evaluator_id = $1 AND ($2::text IS NULL OR a.state = $2) AND ($3::uuid IS NULL OR a.id > $3)
          ORDER BY a.id LIMIT $4`,
        [evaluatorId, filter.state ?? null, filter.afterId ?? null, filter.limit],
      );
    return rows.map((row) => ({
      ...toAssignment(row),
      acronym: row.acronym,
      title: row.title,
      callTitle: row.call_title,
    }));
  }

  async listOfCall(
    manager: Tx,
    callId: string,
    filter: { proposalId?: string; evaluatorId?: string; state?: AssignmentState; afterId?: string; limit: number },
  ): Promise<AssignmentRecord[]> {
    const rows: ReviewAssignmentRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM review_assignment a
        WHERE a.call_id = $1 AND ($2::uuid IS NULL OR a.proposal_id = $2) AND ($3::uuid IS NULL OR a.evaluator_id = $3)
          AND ($4::text IS NULL OR a.state = $4) AND ($5::uuid IS NULL OR a.id > $5)
        ORDER BY a.id LIMIT $6`,
      [
        callId,
        filter.proposalId ?? null,
        filter.evaluatorId ?? null,
        filter.state ?? null,
        filter.afterId ?? null,
        filter.limit,
      ],
    );
    return rows.map(toAssignment);
  }

  /**
   * True when the evaluator holds an accepted (or reviewed) assignment of the proposal: what lets it
   * read the proposal.
   */
  async evaluatorMayRead(manager: Tx, evaluatorId: string, proposalId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM review_assignment
        WHERE evaluator_id = $1 AND proposal_id = $2 AND state IN ('ACCEPTED','REVIEW_SUBMITTED') LIMIT 1`,
      [evaluatorId, proposalId],
    );
    return rows.length > 0;
  }
}
