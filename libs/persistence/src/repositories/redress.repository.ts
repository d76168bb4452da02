import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { redressMachine, type RedressOutcome, type RedressRequestStatus } from '@app/domain';
import type { Tx } from '../unit-of-work';

export type RedressStatus = RedressRequestStatus;

export interface RedressRecord {
  id: string;
  proposalId: string;
  callId: string;
  stageNo: number;
  filedBy: string;
  grounds: string;
  resultAt: Date;
  filedAt: Date;
  status: RedressStatus;
  outcome: RedressOutcome | null;
  outcomeReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
}

/** Proposal states reached through a consensus: their result is the stage's evaluation outcome. */
const EVALUATED_STATES = ['REVIEWED', 'BELOW_THRESHOLD', 'RANKED', 'SELECTED', 'RESERVE', 'NOT_FUNDED', 'FUNDED'];

const COLUMNS = `r.id, r.proposal_id AS "proposalId", r.call_id AS "callId", r.stage_no AS "stageNo",
   r.filed_by AS "filedBy", r.grounds,
  r.result_at AS "resultAt", r.filed_at AS "filedAt", r.status, r.outcome, r.outcome_reason AS "outcomeReason",
  r.decided_by AS "decidedBy", r.decided_at AS "decidedAt"`;

/** Redress requests (SPEC V9): one per proposal and stage. */
@Injectable()
export class RedressRepository {
  /**
   * The instant the stage's result was communicated to the applicant — where the 30-day window of V9
   * starts; `null` while there is none. The one place that defines it:
   * - an INELIGIBLE proposal: the latest `proposal.ineligible` audit event of the proposal — written by
   *   the eligibility check in the transaction that sets the state and enqueues the applicants'
   *   message, in the append-only log (never updated, unlike `proposal.updated_at`);
   * - an evaluated proposal: when its stage's result was sent — the call's first approved funding decision
   *   for the call's last stage (the FUNDING_DECISION_RESULT message is enqueued in its transaction), the
   *   opening of stage 2 for a two-stage call's pre-proposal (`call.stage-two-opened`, with the
   *   STAGE_ONE_RESULT message) — and never before the stage's consensus (a consensus revised after the
   *   decision is a new result). The consensus alone is not a result: the applicant does not see it;
   * - any other state, or a stage that is not the proposal's: none.
   */
  async resultIssuedAt(manager: EntityManager, proposalId: string, stageNo: number): Promise<Date | null> {
    const [proposal]: Array<{ state: string; stage_no: number; call_id: string; stages: number }> = await manager.query(
      'SELECT p.state, p.stage_no, p.call_id, c.stages FROM proposal p JOIN joint_call c ON c.id = p.call_id ' +
        'WHERE p.id = $1',
      [proposalId],
    );
    if (!proposal || proposal.stage_no !== stageNo) return null;
    if (proposal.state === 'INELIGIBLE') {
      const [row]: Array<{ at: Date | null }> = await manager.query(
        `SELECT max(occurred_at) AS at FROM audit_event WHERE entity_type = 'proposal' AND entity_id = $1
           AND action = 'proposal.ineligible'`,
        [proposalId],
      );
      return row?.at ?? null;
    }
    if (!EVALUATED_STATES.includes(proposal.state)) return null;
    const sentAt =
      stageNo < proposal.stages
        ? `(SELECT min(occurred_at) FROM audit_event WHERE entity_type = 'call' AND entity_id = $3::text
              AND action = 'call.stage-two-opened')`
        : `(SELECT min(decided_at) FROM funding_decision WHERE call_id = $3 AND status = 'APPROVED')`;
    const [row]: Array<{ at: Date | null }> = await manager.query(
      `SELECT greatest(consensus_at, ${sentAt}) AS at FROM proposal_evaluation
        WHERE proposal_id = $1 AND stage_no = $2 AND consensus_at IS NOT NULL AND ${sentAt} IS NOT NULL`,
      [proposalId, stageNo, proposal.call_id],
    );
    return row?.at ?? null;
  }

  /**
   * The latest {@link resultIssuedAt} among the call's proposals that have filed no request for their stage yet — the
   * result whose 30-day window closes last, so no proposal can file after that window (V9); `null` when none has a
   * result left to challenge. The same definition as `resultIssuedAt`, for every proposal of the call at once.
   */
  async latestUnchallengedResultAt(tx: Tx, callId: string): Promise<Date | null> {
    const [row]: Array<{ at: Date | null }> = await tx.query(
      `SELECT max(CASE
                WHEN p.state = 'INELIGIBLE' THEN
                  (SELECT max(a.occurred_at) FROM audit_event a
                    WHERE a.entity_type = 'proposal' AND a.entity_id = p.id::text AND a.action = 'proposal.ineligible')
                WHEN p.state = ANY($2::text[]) AND sent.at IS NOT NULL THEN
                  (SELECT greatest(e.consensus_at, sent.at) FROM proposal_evaluation e
                    WHERE e.proposal_id = p.id AND e.stage_no = p.stage_no AND e.consensus_at IS NOT NULL)
              END) AS at
         FROM proposal p
         JOIN joint_call c ON c.id = p.call_id
        CROSS JOIN LATERAL (
          SELECT CASE WHEN p.stage_no < c.stages
                   THEN (SELECT min(occurred_at) FROM audit_event WHERE entity_type = 'call' AND entity_id = c.id::text
                           AND action = 'call.stage-two-opened')
                   ELSE (SELECT min(decided_at) FROM funding_decision WHERE call_id = c.id AND status = 'APPROVED')
                 END AS at) sent
        WHERE p.call_id = $1
          AND NOT EXISTS (SELECT 1 FROM redress_request r WHERE r.proposal_id = p.id AND r.stage_no = p.stage_no)`,
      [callId, EVALUATED_STATES],
    );
    return row?.at ?? null;
  }

  async insert(
    manager: EntityManager,
    input: {
      proposalId: string;
      callId: string;
      stageNo: number;
      filedBy: string;
      grounds: string;
      resultAt: Date;
      filedAt: Date;
    },
  ): Promise<RedressRecord> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO redress_request (id, proposal_id, call_id, stage_no, filed_by, grounds, result_at, filed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, input.proposalId, input.callId, input.stageNo, input.filedBy, input.grounds, input.resultAt, input.filedAt],
    );
    return (await this.find(manager, id))!;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<RedressRecord | null> {
    const rows: RedressRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM redress_request r WHERE r.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async ofProposal(manager: EntityManager, proposalId: string): Promise<RedressRecord[]> {
    return manager.query(`SELECT ${COLUMNS} FROM redress_request r WHERE r.proposal_id = $1 ORDER BY r.stage_no`, [
      proposalId,
    ]);
  }

  async listOfCall(
    manager: EntityManager,
    callId: string,
    filter: { status?: RedressStatus; afterId?: string; limit: number },
  ): Promise<RedressRecord[]> {
    return manager.query(
      `SELECT ${COLUMNS} FROM redress_request r
        WHERE r.call_id = $1 AND ($2::text IS NULL OR r.status = $2) AND ($3::uuid IS NULL OR r.id > $3)
        ORDER BY r.id LIMIT $4`,
      [callId, filter.status ?? null, filter.afterId ?? null, filter.limit],
    );
  }

  /** The outcome, recorded once: FILED → UPHELD or REJECTED, asked of the redress machine. */
  async transitionDecided(
    tx: Tx,
    id: string,
    decision: { outcome: RedressOutcome; reason: string; decidedBy: string; decidedAt: Date },
  ): Promise<RedressRecord> {
    const [row]: Array<{ status: RedressStatus }> = await tx.query(
      'SELECT status FROM redress_request WHERE id = $1 FOR UPDATE',
      [id],
    );
    const to: RedressStatus = decision.outcome === 'REJECTED' ? 'REJECTED' : 'UPHELD';
    redressMachine.assert(row.status, to);
    await tx.query(
      `UPDATE redress_request SET status = $2, outcome = $3, outcome_reason = $4, decided_by = $5, decided_at = $6
        WHERE id = $1`,
      [id, to, decision.outcome, decision.reason, decision.decidedBy, decision.decidedAt],
    );
    return (await this.find(tx, id))!;
  }
}
