import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  assertTransitions,
  partnerMachine,
  proposalConsensusMachine,
  proposalMachine,
  proposalReopeningMachine,
  type OrganisationType,
  type PartnerStatus,
  type ProposalContent,
  type ProposalState,
} from '@app/domain';
import type { Tx } from '../unit-of-work';

/** The draft content that is not partner data (partners live in their own rows, edited by each partner). */
export type DraftContent = Omit<ProposalContent, 'partners'>;

export interface ProposalRecord {
  id: string;
  callId: string;
  stageNo: number;
  coordinatorOrganisationId: string;
  state: ProposalState;
  content: DraftContent;
  revision: number;
  lastVersion: number;
  lastSubmittedAt: Date | null;
  withdrawnReason: string | null;
  /** Set when the eligibility check concluded: why it is ineligible (empty when eligible). */
  eligibilityReasons: string[] | null;
  /** A full proposal (stage 2): its pre-proposal. */
  preProposalId: string | null;
  /** A full proposal: partners added or removed since the pre-proposal (SPEC V7), set at each submission. */
  consortiumChanges: Array<{ code: 'PARTNER_ADDED' | 'PARTNER_REMOVED'; organisationId: string }> | null;
  /** How many times an upheld redress request re-opened the eligibility check (V9). */
  eligibilityRound: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PartnerRecord {
  organisationId: string;
  legalName: string;
  organisationType: OrganisationType;
  regionCode: string;
  role: 'COORDINATOR' | 'PARTNER';
  status: 'INVITED' | 'ACCEPTED';
  funded: boolean;
  eligibleCosts: number;
  requestedGrant: number;
}

export interface VersionRecord {
  version: number;
  sha256: string;
  submittedAt: Date;
  submittedBy: string;
  content?: ProposalContent;
}

const PROPOSAL_COLUMNS = `id, call_id AS "callId", stage_no AS "stageNo",
   coordinator_organisation_id AS "coordinatorOrganisationId", state, content,
  revision, last_version AS "lastVersion", last_submitted_at AS "lastSubmittedAt",
    withdrawn_reason AS "withdrawnReason", eligibility_reasons AS "eligibilityReasons",
    pre_proposal_id AS "preProposalId", consortium_changes AS "consortiumChanges",
  eligibility_round AS "eligibilityRound", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Proposals, partners and immutable versions (the versions table refuses UPDATE and DELETE). */
@Injectable()
export class ProposalRepository {
  /** A draft; a full proposal of a two-stage call names its pre-proposal (`stageNo` 2). */
  async create(
    manager: EntityManager,
    input: {
      callId: string;
      coordinatorOrganisationId: string;
      content: DraftContent;
      createdBy: string;
      stageNo?: number;
      preProposalId?: string;
    },
  ): Promise<string> {
    const id = randomUUID();
    await manager.query(
      `INSERT INTO proposal (id, call_id, coordinator_organisation_id, acronym, title, content, created_by, stage_no,
         pre_proposal_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        input.callId,
        input.coordinatorOrganisationId,
        input.content.acronym,
        input.content.title,
        JSON.stringify(input.content),
        input.createdBy,
        input.stageNo ?? 1,
        input.preProposalId ?? null,
      ],
    );
    await manager.query(
      `INSERT INTO proposal_partner (proposal_id, organisation_id, role, status)
         VALUES ($1, $2, 'COORDINATOR', 'ACCEPTED')`,
      [id, input.coordinatorOrganisationId],
    );
    return id;
  }

  async find(manager: EntityManager, id: string, lock: 'update' | 'none' = 'none'): Promise<ProposalRecord | null> {
    const rows: ProposalRecord[] = await manager.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM proposal WHERE id = $1${lock === 'update' ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async saveContent(manager: EntityManager, id: string, content: DraftContent): Promise<void> {
    await manager.query(
      `UPDATE proposal SET content = $2, acronym = $3, title = $4, revision = revision + 1,
         updated_at = clock_timestamp() WHERE id = $1`,
      [id, JSON.stringify(content), content.acronym, content.title],
    );
  }

  async touch(manager: EntityManager, id: string): Promise<void> {
    await manager.query('UPDATE proposal SET revision = revision + 1, updated_at = clock_timestamp() WHERE id = $1', [
      id,
    ]);
  }

  async partners(manager: EntityManager, proposalId: string): Promise<PartnerRecord[]> {
    return (await this.partnersOf(manager, [proposalId])).get(proposalId) ?? [];
  }

  /** The partners of several proposals in one query (a list page), each list coordinator first. */
  async partnersOf(manager: EntityManager, proposalIds: string[]): Promise<Map<string, PartnerRecord[]>> {
    const byProposal = new Map<string, PartnerRecord[]>(proposalIds.map((id) => [id, []]));
    if (!proposalIds.length) return byProposal;
    const rows: Array<PartnerRecord & { proposalId: string }> = await manager.query(
      `SELECT p.proposal_id AS "proposalId", p.organisation_id AS "organisationId", o.legal_name AS "legalName",
         o.type AS "organisationType", o.region_code AS "regionCode",
              p.role, p.status, p.funded, p.eligible_costs::float8 AS "eligibleCosts",
                p.requested_grant::float8 AS "requestedGrant"
         FROM proposal_partner p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.proposal_id = ANY($1::uuid[])
        ORDER BY p.proposal_id, (p.role = 'COORDINATOR') DESC, o.legal_name, p.organisation_id`,
      [proposalIds],
    );
    for (const { proposalId, ...partner } of rows) byProposal.get(proposalId)?.push(partner);
    return byProposal;
  }

  async upsertPartner(
    manager: EntityManager,
    proposalId: string,
    organisationId: string,
    data: { funded: boolean; eligibleCosts: number; requestedGrant: number },
    newStatus: 'INVITED' | 'ACCEPTED',
  ): Promise<boolean> {
    const rows: Array<{ inserted: boolean }> = await manager.query(
      `INSERT INTO proposal_partner (proposal_id, organisation_id, role, status, funded, eligible_costs,
         requested_grant) VALUES ($1, $2, 'PARTNER', $3, $4, $5, $6)
       ON CONFLICT (proposal_id, organisation_id) DO UPDATE
         SET funded = EXCLUDED.funded, eligible_costs = EXCLUDED.eligible_costs,
         requested_grant = EXCLUDED.requested_grant, updated_at = clock_timestamp()
       RETURNING (xmax = 0) AS inserted`,
      [proposalId, organisationId, newStatus, data.funded, data.eligibleCosts, data.requestedGrant],
    );
    return rows[0].inserted;
  }

  /** INVITED → ACCEPTED (the partner's answer); false when the partner is not invited (absent or accepted). */
  async transitionPartnerAccepted(tx: Tx, proposalId: string, organisationId: string): Promise<boolean> {
    const [row]: Array<{ status: PartnerStatus }> = await tx.query(
      'SELECT status FROM proposal_partner WHERE proposal_id = $1 AND organisation_id = $2 FOR UPDATE',
      [proposalId, organisationId],
    );
    if (!row || row.status !== 'INVITED') return false;
    partnerMachine.assert(row.status, 'ACCEPTED');
    await tx.query(
      `UPDATE proposal_partner SET status = 'ACCEPTED', updated_at = clock_timestamp()
        WHERE proposal_id = $1 AND organisation_id = $2`,
      [proposalId, organisationId],
    );
    return true;
  }

  private async lockedState(tx: Tx, id: string): Promise<ProposalState> {
    const [row]: Array<{ state: ProposalState }> = await tx.query(
      'SELECT state FROM proposal WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!row) throw new Error(`Proposal ${id} not found.`);
    return row.state;
  }

  /**
   * A move of the proposal's lifecycle (SPEC §4), refused by its machine (409 ILLEGAL_PROPOSAL_TRANSITION).
   * `withdrawnReason` is kept with the state (null unless WITHDRAWN); `eligibilityReasons` is written with an
   * eligibility outcome. Returns the instant of the move (the server clock).
   */
  async transitionProposal(
    tx: Tx,
    id: string,
    to: ProposalState,
    details: { withdrawnReason?: string | null; eligibilityReasons?: string[] } = {},
  ): Promise<Date> {
    proposalMachine.assert(await this.lockedState(tx, id), to);
    const [rows]: [Array<{ updated_at: Date }>, number] = await tx.query(
      `UPDATE proposal
          SET state = $2, withdrawn_reason = $3, eligibility_reasons = coalesce($4::jsonb, eligibility_reasons),
              updated_at = clock_timestamp()
        WHERE id = $1
       RETURNING updated_at`,
      [
        id,
        to,
        details.withdrawnReason ?? null,
        details.eligibilityReasons ? JSON.stringify(details.eligibilityReasons) : null,
      ],
    );
    return rows[0].updated_at;
  }

  /** Every proposal of the call's stage in `from` moves to `to` in one statement; returns the ids that moved. */
  async transitionProposalsOfStage(
    tx: Tx,
    callId: string,
    stageNo: number,
    from: ProposalState,
    to: ProposalState,
  ): Promise<string[]> {
    assertTransitions(proposalMachine, [from], to);
    const [rows]: [Array<{ id: string }>, number] = await tx.query(
      `UPDATE proposal SET state = $4, updated_at = clock_timestamp()
        WHERE call_id = $1 AND stage_no = $2 AND state = $3
       RETURNING id`,
      [callId, stageNo, from, to],
    );
    return rows.map((r) => r.id);
  }

  /** The ids of the call's proposals of the stage in one of `states`. */
  async idsOfStageIn(tx: Tx, callId: string, stageNo: number, states: ProposalState[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      'SELECT id FROM proposal WHERE call_id = $1 AND stage_no = $2 AND state = ANY($3::text[]) ORDER BY id',
      [callId, stageNo, states],
    );
    return rows.map((r) => r.id);
  }

  /** The ids of the call's proposals submitted at least once (those that have a workflow), in id order. */
  async submittedIdsOfCall(tx: Tx, callId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      "SELECT id FROM proposal WHERE call_id = $1 AND state <> 'DRAFT' ORDER BY id",
      [callId],
    );
    return rows.map((r) => r.id);
  }

  /** `from → to` for one proposal only while it is in `from` (a no-op otherwise); whether it moved. */
  async transitionProposalIf(tx: Tx, id: string, from: ProposalState, to: ProposalState): Promise<boolean> {
    proposalMachine.assert(from, to);
    const [, moved]: [unknown[], number] = await tx.query(
      'UPDATE proposal SET state = $3, updated_at = clock_timestamp() WHERE id = $1 AND state = $2',
      [id, from, to],
    );
    return moved > 0;
  }

  /** `from → to` for those of the proposals that are in `from`, in one statement; the ids that moved. */
  async transitionProposalsIf(tx: Tx, ids: string[], from: ProposalState, to: ProposalState): Promise<string[]> {
    assertTransitions(proposalMachine, [from], to);
    if (ids.length === 0) return [];
    const [rows]: [Array<{ id: string }>, number] = await tx.query(
      `UPDATE proposal SET state = $3, updated_at = clock_timestamp()
        WHERE id = ANY($1::uuid[]) AND state = $2
       RETURNING id`,
      [ids, from, to],
    );
    return rows.map((r) => r.id);
  }

  /**
   * An upheld redress request (SPEC V9) re-opens a proposal with a result: to ELIGIBILITY_CHECK (its
   * ineligibility reasons cleared, the eligibility round counted) or to ELIGIBLE (an INELIGIBLE one found
   * eligible: its reasons emptied).
   */
  async transitionReopened(tx: Tx, id: string, to: 'ELIGIBILITY_CHECK' | 'ELIGIBLE'): Promise<void> {
    proposalReopeningMachine.assert(await this.lockedState(tx, id), to);
    if (to === 'ELIGIBILITY_CHECK')
      await tx.query(
        `UPDATE proposal
            SET state = 'ELIGIBILITY_CHECK', eligibility_reasons = NULL, eligibility_round = eligibility_round + 1,
                updated_at = clock_timestamp()
          WHERE id = $1`,
        [id],
      );
    else
      await tx.query(
        `UPDATE proposal
            SET state = 'ELIGIBLE', updated_at = clock_timestamp(),
                eligibility_reasons = CASE WHEN state = 'INELIGIBLE' THEN '[]'::jsonb ELSE eligibility_reasons END
          WHERE id = $1`,
        [id],
      );
  }

  /** A submission: the immutable version, and the proposal SUBMITTED with it as its last (SPEC S2). */
  async transitionSubmitted(
    tx: Tx,
    input: {
      proposalId: string;
      version: number;
      content: ProposalContent;
      canonicalJson: string;
      sha256: string;
      submittedAt: Date;
      submittedBy: string;
    },
  ): Promise<void> {
    proposalMachine.assert(await this.lockedState(tx, input.proposalId), 'SUBMITTED');
    await tx.query(
      `INSERT INTO proposal_version (proposal_id, version, content, canonical_json, sha256, submitted_at, submitted_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        input.proposalId,
        input.version,
        input.canonicalJson,
        input.canonicalJson,
        input.sha256,
        input.submittedAt,
        input.submittedBy,
      ],
    );
    await tx.query(
      `UPDATE proposal
          SET last_version = $2, last_submitted_at = $3, state = 'SUBMITTED', withdrawn_reason = NULL,
              updated_at = clock_timestamp()
        WHERE id = $1`,
      [input.proposalId, input.version, input.submittedAt],
    );
  }

  async eligibilityDecisions(
    manager: EntityManager,
    proposalId: string,
  ): Promise<
    Array<{
      organisationId: string;
      regionCode: string;
      decision: string;
      reason: string | null;
      decidedOnBehalf: boolean;
      dueAt: Date;
      escalatedAt: Date | null;
    }>
  > {
    return manager.query(
      `SELECT organisation_id AS "organisationId", region_code AS "regionCode", decision, reason,
         decided_on_behalf AS "decidedOnBehalf", due_at AS "dueAt", escalated_at AS "escalatedAt"
         FROM eligibility_decision WHERE proposal_id = $1 ORDER BY region_code, organisation_id`,
      [proposalId],
    );
  }

  async versions(manager: EntityManager, proposalId: string): Promise<VersionRecord[]> {
    return manager.query(
      `SELECT version, sha256, submitted_at AS "submittedAt", submitted_by AS "submittedBy" FROM proposal_version
         WHERE proposal_id = $1 ORDER BY version`,
      [proposalId],
    );
  }

  async version(manager: EntityManager, proposalId: string, version: number): Promise<VersionRecord | null> {
    const rows: VersionRecord[] = await manager.query(
      `SELECT version, sha256, submitted_at AS "submittedAt", submitted_by AS "submittedBy", content
         FROM proposal_version WHERE proposal_id = $1 AND version = $2`,
      [proposalId, version],
    );
    return rows[0] ?? null;
  }

  async listForCall(
    manager: EntityManager,
    callId: string,
    filter: {
      state?: string;
      regionCodes?: string[];
      region?: string;
      topic?: string;
      afterId?: string;
      limit: number;
    },
  ): Promise<ProposalRecord[]> {
    const where = ['call_id = $1'];
    const params: unknown[] = [callId];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (filter.state) add('state = ?', filter.state);
    else add('state <> ?', 'DRAFT');
    if (filter.topic) add("content->>'topic' = ?", filter.topic);
    if (filter.afterId) add('id > ?', filter.afterId);
    if (filter.regionCodes)
      add(
        `EXISTS (SELECT 1 FROM proposal_partner pp JOIN organisation o ON o.id = pp.organisation_id
           WHERE pp.proposal_id = proposal.id AND o.region_code = ANY(?))`,
        filter.regionCodes,
      );
    if (filter.region)
      add(
        `EXISTS (SELECT 1 FROM proposal_partner pp JOIN organisation o ON o.id = pp.organisation_id
           WHERE pp.proposal_id = proposal.id AND o.region_code = ?)`,
        filter.region,
      );
    params.push(filter.limit);
    return manager.query(
      `SELECT ${PROPOSAL_COLUMNS} FROM proposal WHERE ${where.join(' AND ')} ORDER BY id LIMIT $${params.length}`,
      params,
    );
  }

  /**
   * SPEC §4 Proposal `SELECTED → FUNDED` (the consortium agreement accepted): true when it moved, false when
   * the proposal is no longer SELECTED (funded already).
   */
  async transitionSelectedToFunded(manager: EntityManager, id: string): Promise<boolean> {
    const [row]: Array<{ state: ProposalState }> = await manager.query(
      'SELECT state FROM proposal WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (row?.state !== 'SELECTED') return false;
    proposalMachine.assert(row.state, 'FUNDED');
    await manager.query("UPDATE proposal SET state = 'FUNDED', updated_at = clock_timestamp() WHERE id = $1", [id]);
    return true;
  }

  /**
   * Puts the ELIGIBLE ones among the proposals under review: an evaluator has been offered them. With
   * `offeredOnly`, only those that hold an assignment (a bulk run may have found none for some).
   */
  async transitionEligibleToInReview(
    manager: EntityManager,
    proposalIds: string[],
    offeredOnly = false,
  ): Promise<void> {
    assertTransitions(proposalMachine, ['ELIGIBLE'], 'IN_REVIEW');
    await manager.query(
      `UPDATE proposal SET state = 'IN_REVIEW', updated_at = clock_timestamp()
        WHERE id = ANY($1) AND state = 'ELIGIBLE'
          AND (NOT $2::boolean OR EXISTS (SELECT 1 FROM review_assignment a WHERE a.proposal_id = proposal.id))`,
      [proposalIds, offeredOnly],
    );
  }

  /** The proposal under review has its reviews: REVIEWED (no change in any other state). */
  async transitionInReviewToReviewed(manager: EntityManager, proposalId: string): Promise<void> {
    assertTransitions(proposalMachine, ['IN_REVIEW'], 'REVIEWED');
    await manager.query(
      "UPDATE proposal SET state = 'REVIEWED', updated_at = clock_timestamp() WHERE id = $1 AND state = 'IN_REVIEW'",
      [proposalId],
    );
  }

  /** The outcome of a recorded or revised consensus (SPEC V7) for the proposal read under its lock. */
  async transitionByConsensus(
    manager: EntityManager,
    proposal: { id: string; state: ProposalState },
    to: ProposalState,
  ): Promise<void> {
    proposalConsensusMachine.assert(proposal.state, to);
    await manager.query(
      'UPDATE proposal SET state = $2, withdrawn_reason = NULL, updated_at = clock_timestamp() WHERE id = $1',
      [proposal.id, to],
    );
  }

  /** The funding decision's outcome for a proposal (SELECTED or RESERVE), as the proposal lifecycle allows. */
  async transitionToFundingOutcome(manager: EntityManager, id: string, to: ProposalState): Promise<void> {
    const [row]: Array<{ state: ProposalState }> = await manager.query(
      'SELECT state FROM proposal WHERE id = $1 FOR UPDATE',
      [id],
    );
    proposalMachine.assert(row.state, to);
    await manager.query('UPDATE proposal SET state = $2, updated_at = clock_timestamp() WHERE id = $1', [id, to]);
  }

  /** The reserve list closes (SPEC F5): the call's RESERVE proposals become NOT_FUNDED; returns them. */
  async transitionReserveToNotFunded(
    manager: EntityManager,
    callId: string,
  ): Promise<Array<{ id: string; acronym: string; coordinatorOrganisationId: string }>> {
    assertTransitions(proposalMachine, ['RESERVE'], 'NOT_FUNDED');
    const [rows]: [Array<{ id: string; acronym: string; coordinatorOrganisationId: string }>, number] =
      await manager.query(
        `UPDATE proposal SET state = 'NOT_FUNDED', updated_at = clock_timestamp()
          WHERE call_id = $1 AND state = 'RESERVE'
          RETURNING id, acronym, coordinator_organisation_id AS "coordinatorOrganisationId"`,
        [callId],
      );
    return rows;
  }

  /** The content of the proposal's last submitted version (a pre-proposal, for its full proposal). */
  async lastVersionContent(tx: Tx, proposalId: string): Promise<ProposalContent | null> {
    const [row]: Array<{ content: ProposalContent }> = await tx.query(
      `SELECT v.content FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.id = $1`,
      [proposalId],
    );
    return row?.content ?? null;
  }

  /** A full proposal's partners added or removed since its pre-proposal (SPEC V7), set at each submission. */
  async setConsortiumChanges(tx: Tx, id: string, changes: ProposalRecord['consortiumChanges']): Promise<void> {
    await tx.query('UPDATE proposal SET consortium_changes = $2 WHERE id = $1', [id, JSON.stringify(changes)]);
  }

  /**
   * A pre-proposal invited to stage 2 of the call (SPEC V7): its coordinator, and the full proposal that
   * already continues it, if any; null when it was not invited.
   */
  async invitedPreProposal(
    tx: Tx,
    callId: string,
    preProposalId: string,
  ): Promise<{ coordinatorOrganisationId: string; fullProposalId: string | null } | null> {
    const [row]: Array<{ coordinator: string; full: string | null }> = await tx.query(
      `SELECT p.coordinator_organisation_id AS coordinator,
              (SELECT f.id FROM proposal f WHERE f.pre_proposal_id = i.pre_proposal_id) AS full
         FROM stage_two_invitation i JOIN proposal p ON p.id = i.pre_proposal_id
        WHERE i.pre_proposal_id = $1 AND i.call_id = $2`,
      [preProposalId, callId],
    );
    return row ? { coordinatorOrganisationId: row.coordinator, fullProposalId: row.full } : null;
  }
}
