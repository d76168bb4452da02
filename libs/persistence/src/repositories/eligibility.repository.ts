import { Injectable } from '@nestjs/common';
import type { AnnexRequirement, RegionalDecision } from '@app/domain';
import type { Tx } from '../unit-of-work';

/** One row of `eligibility_decision`: a region's decision on one funded partner of a proposal (SPEC R1). */
export interface EligibilityDecisionRow {
  proposal_id: string;
  organisation_id: string;
  agency_id: string;
  region_code: string;
  decision: 'PENDING' | 'ELIGIBLE' | 'INELIGIBLE';
  reason: string | null;
  decided_by: string | null;
  decided_on_behalf: boolean;
  decided_at: Date | null;
  due_at: Date;
  escalated_at: Date | null;
}

export interface EligibilityDecisionRecord {
  organisationId: string;
  agencyId: string;
  decision: EligibilityDecisionRow['decision'];
  reason: string | null;
}

const toDecision = (r: Pick<EligibilityDecisionRow, 'organisation_id' | 'agency_id' | 'decision' | 'reason'>) => ({
  organisationId: r.organisation_id,
  agencyId: r.agency_id,
  decision: r.decision,
  reason: r.reason,
});

/** How many decisions one agency is asked for. */
export interface AgencyDecisionCount {
  agencyId: string;
  agencyName: string;
  count: number;
}

/** What a partner's region asks as its annex (SPEC S6), and what the partner gave. */
export interface AnnexOfPartner {
  requirement: AnnexRequirement | null;
  fields: Record<string, string> | null;
  documents: Record<string, string> | null;
}

/**
 * The funded partners of a proposal `p` as its counted version (the last submitted) froze them: organisation,
 * region and funded flag from the version's content, never the live partner rows, which the consortium may
 * still edit after submitting (SPEC R1 decides on the version that counts).
 */
const COUNTED_FUNDED_PARTNERS = `
  JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
  CROSS JOIN LATERAL (
    SELECT (x->>'organisationId')::uuid AS organisation_id, x->>'regionCode' AS region_code
      FROM jsonb_array_elements(v.content->'partners') x
     WHERE (x->>'funded')::boolean
  ) cp`;

/**
 * The regional eligibility decisions (SPEC R1, R2): one per funded partner of a region that confirmed its
 * funds, PENDING until the region's agency (or a programme manager on its behalf) decides.
 */
@Injectable()
export class EligibilityRepository {
  /**
   * One pending decision per funded partner of a confirmed region, for every proposal of the stage now in
   * ELIGIBILITY_CHECK, due at `dueAt`; returns how many it created (a repeated call creates none).
   */
  async requestForStage(tx: Tx, callId: string, stageNo: number, dueAt: string | Date): Promise<number> {
    const [, created]: [unknown[], number] = await tx.query(
      `INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at)
       SELECT p.id, cp.organisation_id, fc.agency_id, cp.region_code, $2
         FROM proposal p
         ${COUNTED_FUNDED_PARTNERS}
         JOIN fund_commitment fc
           ON fc.call_id = p.call_id AND fc.region_code = cp.region_code AND fc.status = 'CONFIRMED'
        WHERE p.call_id = $1 AND p.stage_no = $3 AND p.state = 'ELIGIBILITY_CHECK'
       ON CONFLICT DO NOTHING`,
      [callId, dueAt, stageNo],
    );
    return created;
  }

  /** The same for one proposal, re-opened: its partners that have no decision yet get one. */
  async requestForProposal(tx: Tx, proposalId: string, callId: string, dueAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at)
       SELECT p.id, cp.organisation_id, fc.agency_id, cp.region_code, $3
         FROM proposal p
         ${COUNTED_FUNDED_PARTNERS}
         JOIN fund_commitment fc ON fc.call_id = $2 AND fc.region_code = cp.region_code AND fc.status = 'CONFIRMED'
        WHERE p.id = $1
       ON CONFLICT DO NOTHING`,
      [proposalId, callId, dueAt],
    );
  }

  /** Decisions per agency over the call's proposals (every decision, whatever its stage or outcome). */
  async countsPerAgencyOfCall(tx: Tx, callId: string): Promise<AgencyDecisionCount[]> {
    const rows: Array<{ agency_id: string; agency_name: string; n: string }> = await tx.query(
      `SELECT d.agency_id, a.name AS agency_name, count(*) AS n
         FROM eligibility_decision d JOIN proposal p ON p.id = d.proposal_id JOIN funding_agency a ON a.id = d.agency_id
        WHERE p.call_id = $1 GROUP BY d.agency_id, a.name`,
      [callId],
    );
    return rows.map((r) => ({ agencyId: r.agency_id, agencyName: r.agency_name, count: Number(r.n) }));
  }

  /** Decisions per agency of one proposal, in agency order. */
  async countsPerAgencyOfProposal(tx: Tx, proposalId: string): Promise<AgencyDecisionCount[]> {
    const rows: Array<{ agency_id: string; agency_name: string; n: string }> = await tx.query(
      `SELECT d.agency_id, a.name AS agency_name, count(*) AS n
         FROM eligibility_decision d JOIN funding_agency a ON a.id = d.agency_id
        WHERE d.proposal_id = $1 GROUP BY d.agency_id, a.name ORDER BY d.agency_id`,
      [proposalId],
    );
    return rows.map((r) => ({ agencyId: r.agency_id, agencyName: r.agency_name, count: Number(r.n) }));
  }

  /** Marks the call's pending decisions due by `at` and not yet escalated; returns their proposals. */
  async escalateDue(tx: Tx, callId: string, at: string): Promise<string[]> {
    const [rows]: [Array<Pick<EligibilityDecisionRow, 'proposal_id'>>, number] = await tx.query(
      `UPDATE eligibility_decision d SET escalated_at = clock_timestamp()
         FROM proposal p
        WHERE p.id = d.proposal_id AND p.call_id = $1 AND d.decision = 'PENDING' AND d.escalated_at IS NULL
          AND date_trunc('milliseconds', d.due_at) <= $2
       RETURNING d.proposal_id`,
      [callId, at],
    );
    return rows.map((r) => r.proposal_id);
  }

  /**
   * A new due date for an agency's pending decisions in the call (no longer escalated); returns how many, and
   * the proposals they belong to.
   */
  async extendForAgency(
    tx: Tx,
    callId: string,
    agencyId: string,
    dueAt: string,
  ): Promise<{ decisions: number; proposalIds: string[] }> {
    const [rows]: [Array<Pick<EligibilityDecisionRow, 'proposal_id'>>, number] = await tx.query(
      `UPDATE eligibility_decision d SET due_at = $3, escalated_at = NULL
         FROM proposal p
        WHERE p.id = d.proposal_id AND p.call_id = $1 AND d.agency_id = $2 AND d.decision = 'PENDING'
       RETURNING d.proposal_id`,
      [callId, agencyId, dueAt],
    );
    return { decisions: rows.length, proposalIds: [...new Set(rows.map((r) => r.proposal_id))].sort() };
  }

  async find(tx: Tx, proposalId: string, organisationId: string): Promise<EligibilityDecisionRecord | null> {
    const [row]: EligibilityDecisionRow[] = await tx.query(
      'SELECT * FROM eligibility_decision WHERE proposal_id = $1 AND organisation_id = $2',
      [proposalId, organisationId],
    );
    return row ? toDecision(row) : null;
  }

  /** The proposal's decisions in partner order; `lock`: FOR UPDATE. */
  async ofProposal(tx: Tx, proposalId: string, lock = false): Promise<EligibilityDecisionRecord[]> {
    const rows: EligibilityDecisionRow[] = await tx.query(
      `SELECT * FROM eligibility_decision WHERE proposal_id = $1 ORDER BY organisation_id${lock ? ' FOR UPDATE' : ''}`,
      [proposalId],
    );
    return rows.map(toDecision);
  }

  /** The decisions as the domain's outcome reads them. */
  async regionalDecisions(tx: Tx, proposalId: string): Promise<RegionalDecision[]> {
    const rows: EligibilityDecisionRow[] = await tx.query(
      'SELECT * FROM eligibility_decision WHERE proposal_id = $1 ORDER BY organisation_id',
      [proposalId],
    );
    return rows.map((r) => ({
      organisationId: r.organisation_id,
      regionCode: r.region_code,
      decision: r.decision,
      reason: r.reason,
    }));
  }

  async record(
    tx: Tx,
    proposalId: string,
    organisationId: string,
    decision: { decision: 'ELIGIBLE' | 'INELIGIBLE'; reason: string | null; decidedBy: string; onBehalf: boolean },
  ): Promise<void> {
    await tx.query(
      `UPDATE eligibility_decision
          SET decision = $3, reason = $4, decided_by = $5, decided_on_behalf = $6, decided_at = clock_timestamp()
        WHERE proposal_id = $1 AND organisation_id = $2`,
      [proposalId, organisationId, decision.decision, decision.reason, decision.decidedBy, decision.onBehalf],
    );
  }

  /** Every decision of the proposal PENDING again, due at `dueAt` (an upheld redress request, V9). */
  async reopen(tx: Tx, proposalId: string, dueAt: Date): Promise<void> {
    await tx.query(
      `UPDATE eligibility_decision
          SET decision = 'PENDING', reason = NULL, decided_by = NULL, decided_on_behalf = false, decided_at = NULL,
              due_at = $2, escalated_at = NULL
        WHERE proposal_id = $1`,
      [proposalId, dueAt],
    );
  }

  /** The annex the partner's region asks (from its commitment's rules) and the one the partner gave. */
  async annexOf(tx: Tx, callId: string, proposalId: string, organisationId: string): Promise<AnnexOfPartner | null> {
    const [row]: AnnexOfPartner[] = await tx.query(
      `SELECT fc.rules->'regionalAnnex' AS requirement, a.fields, a.documents
         FROM eligibility_decision d JOIN fund_commitment fc ON fc.call_id = $3 AND fc.region_code = d.region_code
         LEFT JOIN regional_annex a ON a.proposal_id = d.proposal_id AND a.organisation_id = d.organisation_id
        WHERE d.proposal_id = $1 AND d.organisation_id = $2`,
      [proposalId, organisationId, callId],
    );
    return row ?? null;
  }
}
