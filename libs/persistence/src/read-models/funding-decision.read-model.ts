import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  toFundingDecisionEntry,
  type FundingDecisionEntryRecord,
  type FundingDecisionEntryRow,
} from '../repositories/funding-decision.repository';
import { toGrant, type GrantRecord, type GrantRow } from '../repositories/grant.repository';
import type { ConsensusLine } from '../repositories/proposal-evaluation.repository';

/** A decision entry with its proposal's acronym and title (the view and the exports). */
export type DecisionEntryView = FundingDecisionEntryRecord & { acronym: string; title: string };

/** An evaluated proposal of the decided stage, as its applicants are told (SPEC F4, V8). */
export interface EvaluatedApplicant {
  proposalId: string;
  acronym: string;
  coordinator: string;
  state: string;
  consensus: ConsensusLine[] | null;
  weightedTotal: string | null;
}

/** A grant with its organisation's and agency's names (the applicants' outcome). */
export type NamedGrant = GrantRecord & { organisationName: string; agencyName: string };

/**
 * Reads of the funding decision for its views, exports and messages: entries with their proposals,
 * the evaluated applicants, the reserve list, the agencies' conditions and the proposal's grants.
 */
@Injectable()
export class FundingDecisionReadModel {
  async entries(tx: EntityManager, decisionId: string): Promise<DecisionEntryView[]> {
    const rows: Array<FundingDecisionEntryRow & { acronym: string; title: string }> = await tx.query(
      `SELECT e.decision_id, e.proposal_id, e.rank, e.outcome, e.reasons, e.amounts, e.requested_eur, p.acronym, p.title
         FROM funding_decision_entry e JOIN proposal p ON p.id = e.proposal_id
        WHERE e.decision_id = $1 ORDER BY e.rank`,
      [decisionId],
    );
    return rows.map((r) => ({ ...toFundingDecisionEntry(r), acronym: r.acronym, title: r.title }));
  }

  /** The stage's proposals with a consensus, by id. */
  async evaluatedApplicants(tx: EntityManager, callId: string, stageNo: number): Promise<EvaluatedApplicant[]> {
    return tx.query(
      `SELECT p.id AS "proposalId", p.acronym, p.coordinator_organisation_id AS coordinator, p.state, e.consensus,
              e.weighted_total::text AS "weightedTotal"
         FROM proposal p JOIN proposal_evaluation e ON e.proposal_id = p.id AND e.stage_no = $2
        WHERE p.call_id = $1 AND p.stage_no = $2 AND e.consensus IS NOT NULL ORDER BY p.id`,
      [callId, stageNo],
    );
  }

  /** The call's proposals on the reserve list. */
  async reserveProposalIds(tx: EntityManager, callId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      "SELECT id FROM proposal WHERE call_id = $1 AND state = 'RESERVE'",
      [callId],
    );
    return rows.map((r) => r.id);
  }

  /** The conditions the approving agencies of `regions` set on the decision, with their names, by region. */
  async approvalConditions(
    tx: EntityManager,
    decisionId: string,
    regions: string[],
  ): Promise<Array<{ regionCode: string; agencyName: string; conditions: string }>> {
    return tx.query(
      `SELECT f.region_code AS "regionCode", a.name AS "agencyName", f.conditions
         FROM funding_approval f JOIN funding_agency a ON a.id = f.agency_id
        WHERE f.decision_id = $1 AND f.answer = 'APPROVED' AND f.conditions IS NOT NULL AND f.region_code = ANY($2)
        ORDER BY f.region_code`,
      [decisionId, regions],
    );
  }

  /**
   * The consortium's organisations: the partner table, the coordinator, and the partners of the submitted
   * version the decision funded (the version is what was evaluated and what the grants follow).
   */
  async consortium(tx: EntityManager, proposalId: string): Promise<string[]> {
    const rows: Array<{ organisationId: string }> = await tx.query(
      `SELECT organisation_id::text AS "organisationId" FROM proposal_partner WHERE proposal_id = $1
       UNION SELECT coordinator_organisation_id::text FROM proposal WHERE id = $1
       UNION SELECT x->>'organisationId'
               FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version,
                    jsonb_array_elements(CASE WHEN jsonb_typeof(v.content->'partners') = 'array'
                                              THEN v.content->'partners' ELSE '[]'::jsonb END) x
              WHERE p.id = $1`,
      [proposalId],
    );
    return rows.map((r) => r.organisationId).filter((id): id is string => typeof id === 'string');
  }

  /** The proposal's grants (of `organisations` when not null) with names, by region, organisation name and id. */
  async grants(tx: EntityManager, proposalId: string, organisations: string[] | null): Promise<NamedGrant[]> {
    const rows: Array<GrantRow & { organisation_name: string; agency_name: string }> = await tx.query(
      `SELECT g.id, g.call_id, g.decision_id, g.proposal_id, g.organisation_id, g.agency_id, g.region_code, g.amount,
              g.currency, g.conditions, g.project_start::text AS project_start, g.status, g.failure_reason,
              o.legal_name AS organisation_name, a.name AS agency_name
         FROM funding_grant g JOIN organisation o ON o.id = g.organisation_id
         JOIN funding_agency a ON a.id = g.agency_id
        WHERE g.proposal_id = $1 AND ($2::uuid[] IS NULL OR g.organisation_id = ANY($2::uuid[]))
        ORDER BY g.region_code, o.legal_name, g.id`,
      [proposalId, organisations],
    );
    return rows.map((r) => ({ ...toGrant(r), organisationName: r.organisation_name, agencyName: r.agency_name }));
  }
}
