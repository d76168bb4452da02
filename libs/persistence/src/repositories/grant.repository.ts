import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { grantMachine, type GrantStatus, type Instalment } from '@app/domain';
import type { FundingGrantRow, InstalmentRow } from './instalment-ledger.repository';

/** A `funding_grant` row: one funded partner's grant in one region (typed once, beside the instalments). */
export type GrantRow = FundingGrantRow;

export interface GrantRecord {
  id: string;
  callId: string;
  decisionId: string;
  proposalId: string;
  organisationId: string;
  agencyId: string;
  regionCode: string;
  /** Minor units. */
  amount: number;
  currency: string;
  conditions: string | null;
  /** `YYYY-MM-DD`. */
  projectStart: string;
  status: GrantStatus;
  failureReason: string | null;
}

export function toGrant(row: GrantRow): GrantRecord {
  return {
    id: row.id,
    callId: row.call_id,
    decisionId: row.decision_id,
    proposalId: row.proposal_id,
    organisationId: row.organisation_id,
    agencyId: row.agency_id,
    regionCode: row.region_code,
    amount: Number(row.amount),
    currency: row.currency,
    conditions: row.conditions,
    projectStart: row.project_start,
    status: row.status,
    failureReason: row.failure_reason,
  };
}

export interface InstalmentRecord {
  id: string;
  grantId: string;
  seq: number;
  trigger: InstalmentRow['trigger'];
  milestone: { index: number; title: string | null; dueMonth: number | null } | null;
  shareBps: number;
  /** Minor units. */
  amount: number;
  status: InstalmentRow['status'];
}

export function toInstalment(row: InstalmentRow): InstalmentRecord {
  return {
    id: row.id,
    grantId: row.grant_id,
    seq: row.seq,
    trigger: row.trigger,
    milestone:
      row.milestone_index === null
        ? null
        : { index: row.milestone_index, title: row.milestone_title, dueMonth: row.milestone_due_month },
    shareBps: row.share_bps,
    amount: Number(row.amount),
    status: row.status,
  };
}

const GRANT = `SELECT id, call_id, decision_id, proposal_id, organisation_id, agency_id, region_code, amount, currency,
       conditions, project_start::text AS project_start, status, failure_reason
  FROM funding_grant`;

/**
 * Grants and their instalment schedules (SPEC F4–F5): created when every agency approves a decision, one
 * per funded partner and region, each with the instalments its amount is paid in. A grant's status moves
 * only through `transitionToFailed` (the instalments' money moves in the instalment ledger).
 */
@Injectable()
export class GrantRepository {
  /** A grant with its instalment schedule; returns the grant's id. */
  async create(
    tx: EntityManager,
    grant: Omit<GrantRecord, 'id' | 'status' | 'failureReason'>,
    instalments: readonly Instalment[],
  ): Promise<string> {
    const id = randomUUID();
    await tx.query(
      `INSERT INTO funding_grant
         (id, call_id, decision_id, proposal_id, organisation_id, agency_id, region_code, amount, currency, conditions,
          project_start)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        grant.callId,
        grant.decisionId,
        grant.proposalId,
        grant.organisationId,
        grant.agencyId,
        grant.regionCode,
        grant.amount,
        grant.currency,
        grant.conditions,
        grant.projectStart,
      ],
    );
    for (const instalment of instalments) {
      const milestone = instalment.trigger.kind === 'MILESTONE' ? instalment.trigger : null;
      await tx.query(
        `INSERT INTO instalment (id, grant_id, seq, trigger, milestone_index, milestone_title, milestone_due_month,
                                 share_bps, amount)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          randomUUID(),
          id,
          instalment.sequence,
          instalment.trigger.kind,
          milestone?.milestoneIndex ?? null,
          milestone?.title ?? null,
          milestone?.dueMonth ?? null,
          instalment.shareBps,
          instalment.amount,
        ],
      );
    }
    return id;
  }

  async find(tx: EntityManager, id: string, lock = false): Promise<GrantRecord | null> {
    const rows: GrantRow[] = await tx.query(`${GRANT} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toGrant(rows[0]) : null;
  }

  /** The proposal's grants (of the given organisations when not null), in region and id order. */
  async ofProposal(tx: EntityManager, proposalId: string, organisations: string[] | null): Promise<GrantRecord[]> {
    const rows: GrantRow[] = await tx.query(
      `${GRANT} WHERE proposal_id = $1 AND ($2::uuid[] IS NULL OR organisation_id = ANY($2::uuid[]))`,
      [proposalId, organisations],
    );
    return rows.map(toGrant);
  }

  /** The grants' instalments, in grant and sequence order. */
  async instalments(tx: EntityManager, grantIds: string[]): Promise<InstalmentRecord[]> {
    const rows: InstalmentRow[] = await tx.query(
      `SELECT id, grant_id, seq, trigger, milestone_index, milestone_title, milestone_due_month, share_bps, amount,
              status
         FROM instalment WHERE grant_id = ANY($1::uuid[]) ORDER BY grant_id, seq`,
      [grantIds],
    );
    return rows.map(toInstalment);
  }

  /** Whether money has moved on the grant (an instalment released or paid). */
  async hasMoved(tx: EntityManager, grantId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query("SELECT 1 FROM instalment WHERE grant_id = $1 AND status <> 'SCHEDULED'", [
      grantId,
    ]);
    return rows.length > 0;
  }

  /** The grant fails before signature, with the reason (under its row lock, as the grant machine allows). */
  async transitionToFailed(tx: EntityManager, grantId: string, reason: string): Promise<void> {
    const [row]: Array<{ status: GrantStatus }> = await tx.query(
      'SELECT status FROM funding_grant WHERE id = $1 FOR UPDATE',
      [grantId],
    );
    grantMachine.assert(row.status, 'FAILED');
    await tx.query(
      `UPDATE funding_grant SET status = 'FAILED', failure_reason = $2, failed_at = clock_timestamp()
        WHERE id = $1`,
      [grantId, reason],
    );
  }
}
