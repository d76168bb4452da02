import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { fundingDecisionMachine, type FundingDecisionStatus } from '@app/domain';

export type FundingDecisionKind = 'DECISION' | 'PROMOTION';
export type FundingOutcome = 'SELECTED' | 'RESERVE' | 'NOT_FUNDED';
export type FundingAnswer = 'APPROVED' | 'OBJECTED';

/** What the decision keeps of its walk: who is asked, the update that proposed it, the walk's figures. */
export interface FundingDecisionSummaryData {
  updateId?: string;
  agencyIds?: string[];
  [key: string]: unknown;
}

/** One regional amount of an entry, with its partners' parts. */
export interface FundingEntryAmount {
  regionCode: string;
  currency: string;
  amount: number;
  partners: Array<{ partnerId: string; amount: number }>;
}

/** Why an entry is where it is: the walk's reasons and the regions' shortfalls. */
export interface FundingEntryReasons {
  reasons?: string[];
  shortfalls?: Array<{
    regionCode: string;
    currency: string;
    requested: number;
    available: number;
    shortfall: number;
  }>;
}

/** A `funding_decision` row. */
export interface FundingDecisionRow {
  id: string;
  call_id: string;
  revision: number;
  kind: FundingDecisionKind;
  status: FundingDecisionStatus;
  policy: string;
  summary: FundingDecisionSummaryData;
  created_by: string | null;
  created_at: Date;
  decided_at: Date | null;
}

export interface FundingDecisionRecord {
  id: string;
  callId: string;
  revision: number;
  kind: FundingDecisionKind;
  status: FundingDecisionStatus;
  policy: string;
  summary: FundingDecisionSummaryData;
  createdBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export function toFundingDecision(row: FundingDecisionRow): FundingDecisionRecord {
  return {
    id: row.id,
    callId: row.call_id,
    revision: row.revision,
    kind: row.kind,
    status: row.status,
    policy: row.policy,
    summary: row.summary ?? {},
    createdBy: row.created_by,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

/** A `funding_decision_entry` row. */
export interface FundingDecisionEntryRow {
  decision_id: string;
  proposal_id: string;
  rank: number;
  outcome: FundingOutcome;
  reasons: FundingEntryReasons | null;
  amounts: FundingEntryAmount[];
  requested_eur: string;
}

export interface FundingDecisionEntryRecord {
  decisionId: string;
  proposalId: string;
  rank: number;
  outcome: FundingOutcome;
  reasons: FundingEntryReasons | null;
  amounts: FundingEntryAmount[];
  requestedEur: number;
}

export function toFundingDecisionEntry(row: FundingDecisionEntryRow): FundingDecisionEntryRecord {
  return {
    decisionId: row.decision_id,
    proposalId: row.proposal_id,
    rank: row.rank,
    outcome: row.outcome,
    reasons: row.reasons,
    amounts: row.amounts ?? [],
    requestedEur: Number(row.requested_eur),
  };
}

/** A `funding_approval` row: one agency's answer for its region. */
export interface FundingApprovalRow {
  decision_id: string;
  agency_id: string;
  region_code: string;
  answer: FundingAnswer;
  conditions: string | null;
  reason: string | null;
  answered_by: string;
  answered_at: Date;
}

export interface FundingApprovalRecord {
  decisionId: string;
  agencyId: string;
  regionCode: string;
  answer: FundingAnswer;
  conditions: string | null;
  reason: string | null;
  answeredBy: string;
  answeredAt: Date;
}

export function toFundingApproval(row: FundingApprovalRow): FundingApprovalRecord {
  return {
    decisionId: row.decision_id,
    agencyId: row.agency_id,
    regionCode: row.region_code,
    answer: row.answer,
    conditions: row.conditions,
    reason: row.reason,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
  };
}

const DECISION = `SELECT id, call_id, revision, kind, status, policy, summary, created_by, created_at, decided_at
  FROM funding_decision`;
const ENTRY = `SELECT decision_id, proposal_id, rank, outcome, reasons, amounts, requested_eur
  FROM funding_decision_entry`;
const APPROVAL = `SELECT decision_id, agency_id, region_code, answer, conditions, reason, answered_by, answered_at
  FROM funding_approval`;

/**
 * The funding decision (SPEC F1–F5): its revisions and promotions, their entries (one per ranked proposal)
 * and the agencies' answers. The only writer of `funding_decision`, `funding_decision_entry` and
 * `funding_approval`; a decision's status moves only through `transitionDecision`.
 */
@Injectable()
export class FundingDecisionRepository {
  /** The decision an update already proposed (a retried update answers what it answered). */
  async findByUpdateId(tx: EntityManager, callId: string, updateId: string): Promise<FundingDecisionRecord | null> {
    const rows: FundingDecisionRow[] = await tx.query(`${DECISION} WHERE call_id = $1 AND summary->>'updateId' = $2`, [
      callId,
      updateId,
    ]);
    return rows[0] ? toFundingDecision(rows[0]) : null;
  }

  /** The call's open decision (PROPOSED or RETURNED; at most one), locked `FOR UPDATE`. */
  async lockOpen(tx: EntityManager, callId: string): Promise<FundingDecisionRecord | null> {
    const rows: FundingDecisionRow[] = await tx.query(
      `${DECISION} WHERE call_id = $1 AND status IN ('PROPOSED','RETURNED') FOR UPDATE`,
      [callId],
    );
    return rows[0] ? toFundingDecision(rows[0]) : null;
  }

  /** One decision of the call, locked `FOR UPDATE`. */
  async lock(tx: EntityManager, callId: string, decisionId: string): Promise<FundingDecisionRecord | null> {
    const rows: FundingDecisionRow[] = await tx.query(`${DECISION} WHERE id = $1 AND call_id = $2 FOR UPDATE`, [
      decisionId,
      callId,
    ]);
    return rows[0] ? toFundingDecision(rows[0]) : null;
  }

  /** The call's latest revision, whatever its status. */
  async latest(tx: EntityManager, callId: string): Promise<FundingDecisionRecord | null> {
    const rows: FundingDecisionRow[] = await tx.query(`${DECISION} WHERE call_id = $1 ORDER BY revision DESC LIMIT 1`, [
      callId,
    ]);
    return rows[0] ? toFundingDecision(rows[0]) : null;
  }

  /** The call's latest revision that is not superseded (the one a what-if examines). */
  async current(tx: EntityManager, callId: string): Promise<FundingDecisionRecord | null> {
    const rows: FundingDecisionRow[] = await tx.query(
      `${DECISION} WHERE call_id = $1 AND status <> 'SUPERSEDED' ORDER BY revision DESC LIMIT 1`,
      [callId],
    );
    return rows[0] ? toFundingDecision(rows[0]) : null;
  }

  /** Whether a decision or promotion of the call awaits the agencies. */
  async awaitingAgencies(tx: EntityManager, callId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      "SELECT 1 FROM funding_decision WHERE call_id = $1 AND status = 'PROPOSED'",
      [callId],
    );
    return rows.length > 0;
  }

  async nextRevision(tx: EntityManager, callId: string): Promise<number> {
    const [{ max }]: Array<{ max: number | null }> = await tx.query(
      'SELECT max(revision) AS max FROM funding_decision WHERE call_id = $1',
      [callId],
    );
    return (max ?? 0) + 1;
  }

  /** A new decision or promotion, PROPOSED to the agencies. */
  async insert(
    tx: EntityManager,
    decision: {
      id: string;
      callId: string;
      revision: number;
      kind: FundingDecisionKind;
      policy: string;
      summary: FundingDecisionSummaryData;
      createdBy: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding_decision (id, call_id, revision, kind, status, policy, summary, created_by)
       VALUES ($1, $2, $3, $4, 'PROPOSED', $5, $6, $7)`,
      [
        decision.id,
        decision.callId,
        decision.revision,
        decision.kind,
        decision.policy,
        JSON.stringify(decision.summary),
        decision.createdBy,
      ],
    );
  }

  async addEntry(
    tx: EntityManager,
    entry: Omit<FundingDecisionEntryRecord, 'reasons'> & { reasons: FundingEntryReasons },
  ) {
    await tx.query(
      `INSERT INTO funding_decision_entry (decision_id, proposal_id, rank, outcome, reasons, amounts, requested_eur)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        entry.decisionId,
        entry.proposalId,
        entry.rank,
        entry.outcome,
        JSON.stringify(entry.reasons),
        JSON.stringify(entry.amounts),
        entry.requestedEur,
      ],
    );
  }

  /** The decision's entries in rank order. */
  async entries(tx: EntityManager, decisionId: string): Promise<FundingDecisionEntryRecord[]> {
    const rows: FundingDecisionEntryRow[] = await tx.query(`${ENTRY} WHERE decision_id = $1 ORDER BY rank`, [
      decisionId,
    ]);
    return rows.map(toFundingDecisionEntry);
  }

  /** How many entries of each outcome the decision has. */
  async outcomeCounts(tx: EntityManager, decisionId: string): Promise<Map<FundingOutcome, number>> {
    const rows: Array<{ outcome: FundingOutcome; n: string }> = await tx.query(
      'SELECT outcome, count(*) AS n FROM funding_decision_entry WHERE decision_id = $1 GROUP BY outcome',
      [decisionId],
    );
    return new Map(rows.map((r) => [r.outcome, Number(r.n)]));
  }

  /** The proposal's entry in the call's latest approved decision that ranks it. */
  async approvedEntryOf(
    tx: EntityManager,
    callId: string,
    proposalId: string,
  ): Promise<FundingDecisionEntryRecord | null> {
    const rows: FundingDecisionEntryRow[] = await tx.query(
      `SELECT e.decision_id, e.proposal_id, e.rank, e.outcome, e.reasons, e.amounts, e.requested_eur
         FROM funding_decision_entry e JOIN funding_decision d ON d.id = e.decision_id
        WHERE d.call_id = $1 AND d.status = 'APPROVED' AND e.proposal_id = $2 ORDER BY d.revision DESC LIMIT 1`,
      [callId, proposalId],
    );
    return rows[0] ? toFundingDecisionEntry(rows[0]) : null;
  }

  /** When the call's first approved decision was decided; null while none is (a later one does not un-decide it). */
  async firstDecidedAt(tx: EntityManager, callId: string): Promise<Date | null> {
    const rows: Array<{ decidedAt: Date }> = await tx.query(
      `SELECT min(decided_at) AS "decidedAt" FROM funding_decision WHERE call_id = $1 AND status = 'APPROVED'
       HAVING count(*) > 0`,
      [callId],
    );
    return rows[0] ? rows[0].decidedAt : null;
  }

  /** The agencies' answers, in region order. */
  async approvals(tx: EntityManager, decisionId: string): Promise<FundingApprovalRecord[]> {
    const rows: FundingApprovalRow[] = await tx.query(`${APPROVAL} WHERE decision_id = $1 ORDER BY region_code`, [
      decisionId,
    ]);
    return rows.map(toFundingApproval);
  }

  async approvalOf(tx: EntityManager, decisionId: string, agencyId: string): Promise<FundingApprovalRecord | null> {
    const rows: FundingApprovalRow[] = await tx.query(`${APPROVAL} WHERE decision_id = $1 AND agency_id = $2`, [
      decisionId,
      agencyId,
    ]);
    return rows[0] ? toFundingApproval(rows[0]) : null;
  }

  async approvedCount(tx: EntityManager, decisionId: string): Promise<number> {
    const [{ n }]: Array<{ n: string }> = await tx.query(
      "SELECT count(*) AS n FROM funding_approval WHERE decision_id = $1 AND answer = 'APPROVED'",
      [decisionId],
    );
    return Number(n);
  }

  async recordAnswer(
    tx: EntityManager,
    approval: Omit<FundingApprovalRecord, 'answeredAt'> & { answeredAt: Date | string },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding_approval
         (decision_id, agency_id, region_code, answer, conditions, reason, answered_by, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        approval.decisionId,
        approval.agencyId,
        approval.regionCode,
        approval.answer,
        approval.conditions,
        approval.reason,
        approval.answeredBy,
        approval.answeredAt,
      ],
    );
  }

  /** The call's confirmed agencies that have not answered the decision (of `agencyIds` when given), with names. */
  async silentAgencies(
    tx: EntityManager,
    callId: string,
    decisionId: string,
    agencyIds: string[] | null,
  ): Promise<Array<{ agencyId: string; name: string }>> {
    return tx.query(
      `SELECT c.agency_id AS "agencyId", a.name
         FROM fund_commitment c JOIN funding_agency a ON a.id = c.agency_id
        WHERE c.call_id = $1 AND c.status = 'CONFIRMED' AND ($3::uuid[] IS NULL OR c.agency_id = ANY($3::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM funding_approval f WHERE f.decision_id = $2 AND f.agency_id = c.agency_id)
        ORDER BY c.agency_id`,
      [callId, decisionId, agencyIds],
    );
  }

  /** The decision's status moves as the funding decision's machine allows; APPROVED records when. */
  async transitionDecision(
    tx: EntityManager,
    decision: Pick<FundingDecisionRecord, 'id' | 'status'>,
    to: FundingDecisionStatus,
    decidedAt: string | null = null,
  ): Promise<void> {
    fundingDecisionMachine.assert(decision.status, to);
    await tx.query(
      `UPDATE funding_decision SET status = $2, decided_at = COALESCE($3, decided_at)
        WHERE id = $1`,
      [decision.id, to, decidedAt],
    );
  }
}
