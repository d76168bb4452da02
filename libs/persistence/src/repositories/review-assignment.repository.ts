import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssignmentProposal, ProposalContent } from '@app/domain';
import { assertTransitions, redressPanelMachine, REDRESS_WITHDRAWN_ASSIGNMENT_STATES } from '@app/domain';

export type AssignmentState = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | 'REVIEW_SUBMITTED' | 'WITHDRAWN';

/** States that count against the evaluator's load and the proposal's reviewers (V1, V3). */
export const LIVE_ASSIGNMENT_STATES: readonly AssignmentState[] = ['OFFERED', 'ACCEPTED', 'REVIEW_SUBMITTED'];

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

const COLUMNS = `a.id, a.call_id AS "callId", a.proposal_id AS "proposalId", a.stage_no AS "stageNo", a.evaluator_id AS "evaluatorId",
  a.state, a.origin, a.affinity, a.reason, a.offered_at AS "offeredAt", a.offer_expires_at AS "offerExpiresAt",
  a.responded_at AS "respondedAt", a.decline_reason AS "declineReason", a.review_due_at AS "reviewDueAt", a.submitted_at AS "submittedAt"`;

/** Reviewer assignments (SPEC §4 Assignment): one row per offer of a proposal to an evaluator in a stage. */
@Injectable()
export class ReviewAssignmentRepository {
  /**
   * Serialises every change to a call's assignments (top-ups, the auto-assignment's writes), so that
   * two proposals topped up at once cannot both take an evaluator's last free load (V3).
   */
  async lockCallAssignments(manager: EntityManager, callId: string): Promise<void> {
    await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('review-assignments:' || $1, 0))", [callId]);
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<AssignmentRecord | null> {
    const rows: AssignmentRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM review_assignment a WHERE a.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async ofProposal(manager: EntityManager, proposalId: string, stageNo: number): Promise<AssignmentRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM review_assignment a WHERE a.proposal_id = $1 AND a.stage_no = $2 ORDER BY a.offered_at, a.id`,
      [proposalId, stageNo],
    );
  }

  /** Live assignments per evaluator in the call (all stages): the load V3 limits. */
  async liveLoads(manager: EntityManager, callId: string): Promise<Record<string, number>> {
    const rows: Array<{ evaluatorId: string; n: string }> = await manager.query(
      `SELECT evaluator_id AS "evaluatorId", count(*) AS n FROM review_assignment WHERE call_id = $1 AND state = ANY($2) GROUP BY evaluator_id`,
      [callId, LIVE_ASSIGNMENT_STATES],
    );
    return Object.fromEntries(rows.map((r) => [r.evaluatorId, Number(r.n)]));
  }

  /** Every pair ever offered in the call's stage: never offered twice (V4 "not yet offered"). */
  async offeredPairs(
    manager: EntityManager,
    callId: string,
    stageNo: number,
  ): Promise<Array<{ proposalId: string; evaluatorId: string; state: AssignmentState }>> {
    return manager.query(
      'SELECT proposal_id AS "proposalId", evaluator_id AS "evaluatorId", state FROM review_assignment WHERE call_id = $1 AND stage_no = $2',
      [callId, stageNo],
    );
  }

  /** Inserts an offer; returns its id, or null when the pair was already offered in that stage. */
  async insertOffer(manager: EntityManager, offer: NewOffer): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, origin, affinity, reason, job_id, offered_at, offer_expires_at, review_due_at)
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

  /** `respondedAt` / `submittedAt`: the workflow's time of the answer or the submission. */
  async setState(
    manager: EntityManager,
    id: string,
    state: AssignmentState,
    extra: { declineReason?: string; respondedAt?: Date; submittedAt?: Date } = {},
  ): Promise<void> {
    await manager.query(
      `UPDATE review_assignment SET state = $2, responded_at = COALESCE($3, responded_at), decline_reason = COALESCE($4, decline_reason), submitted_at = COALESCE($5, submitted_at)
        WHERE id = $1`,
      [id, state, extra.respondedAt ?? null, extra.declineReason ?? null, extra.submittedAt ?? null],
    );
  }

  /**
   * The proposals of a call's stage as the solver sees them (SPEC V2, V4): topic and keywords of the
   * latest submitted version, the consortium's organisations and regions.
   */
  async assignmentProposals(
    manager: EntityManager,
    callId: string,
    stageNo: number,
    proposalIds?: string[],
  ): Promise<Array<AssignmentProposal & { acronym: string; state: string }>> {
    const rows: Array<{ id: string; acronym: string; state: string; content: ProposalContent }> = await manager.query(
      `SELECT p.id, p.acronym, p.state, v.content FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
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

  /** The evaluator's queue: offers and assignments with the proposal's acronym and title, newest call first. */
  async queueOf(
    manager: EntityManager,
    evaluatorId: string,
    filter: { state?: AssignmentState; afterId?: string; limit: number },
  ): Promise<Array<AssignmentRecord & { acronym: string; title: string; callTitle: string }>> {
    return manager.query(
      `SELECT ${COLUMNS}, p.acronym, p.title, c.title AS "callTitle" FROM review_assignment a
         JOIN proposal p ON p.id = a.proposal_id JOIN joint_call c ON c.id = a.call_id
        WHERE a.evaluator_id = $1 AND ($2::text IS NULL OR a.state = $2) AND ($3::uuid IS NULL OR a.id > $3)
        ORDER BY a.id LIMIT $4`,
      [evaluatorId, filter.state ?? null, filter.afterId ?? null, filter.limit],
    );
  }

  async listOfCall(
    manager: EntityManager,
    callId: string,
    filter: { proposalId?: string; evaluatorId?: string; state?: AssignmentState; afterId?: string; limit: number },
  ): Promise<AssignmentRecord[]> {
    return manager.query(
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
  }

  /** True when the evaluator holds an accepted (or reviewed) assignment of the proposal: what lets it read the proposal. */
  async evaluatorMayRead(manager: EntityManager, evaluatorId: string, proposalId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      "SELECT 1 FROM review_assignment WHERE evaluator_id = $1 AND proposal_id = $2 AND state IN ('ACCEPTED','REVIEW_SUBMITTED') LIMIT 1",
      [evaluatorId, proposalId],
    );
    return rows.length > 0;
  }

  /** How many of the proposal's assignments of the stage are in each state. */
  async stateCountsOfProposal(manager: EntityManager, proposalId: string, stageNo: number) {
    const rows: Array<{ state: AssignmentState; n: string }> = await manager.query(
      `SELECT state, count(*) AS n FROM review_assignment WHERE proposal_id = $1 AND stage_no = $2
        GROUP BY state ORDER BY state`,
      [proposalId, stageNo],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) as Partial<Record<AssignmentState, number>>;
  }

  /** An upheld redress request's fresh panel (V9): the stage's live assignments are withdrawn; how many. */
  async transitionStageWithdrawn(manager: EntityManager, proposalId: string, stageNo: number): Promise<number> {
    assertTransitions(redressPanelMachine, REDRESS_WITHDRAWN_ASSIGNMENT_STATES, 'WITHDRAWN');
    const [, withdrawn]: [unknown[], number] = await manager.query(
      `UPDATE review_assignment SET state = 'WITHDRAWN'
        WHERE proposal_id = $1 AND stage_no = $2 AND state = ANY($3)`,
      [proposalId, stageNo, REDRESS_WITHDRAWN_ASSIGNMENT_STATES],
    );
    return withdrawn;
  }
}
