import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  applyRelease,
  confirmInstalmentPayment,
  DomainError,
  grantMachine,
  instalmentStateMachine,
  type GrantStatus,
  type Instalment,
  type InstalmentState,
  type InstalmentTrigger,
  type MonitoredInstalment,
} from '@app/domain';

/** One instalment's money as the ledger moves it. */
export interface InstalmentMovement {
  instalmentId: string;
  grantId: string;
  proposalId: string;
  organisationId: string;
  agencyId: string;
  regionCode: string;
  currency: string;
  /** Minor units. */
  amount: number;
}

/** `instalment`. */
export interface InstalmentRow {
  id: string;
  grant_id: string;
  seq: number;
  trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED' | 'MILESTONE' | 'FINAL_REPORT';
  milestone_index: number | null;
  milestone_title: string | null;
  milestone_due_month: number | null;
  share_bps: number;
  amount: string;
  status: InstalmentState;
  released_at: Date | null;
  paid_at: Date | null;
}

/** `funding_grant`. */
export interface FundingGrantRow {
  id: string;
  call_id: string;
  decision_id: string;
  proposal_id: string;
  organisation_id: string;
  agency_id: string;
  region_code: string;
  amount: string;
  currency: string;
  status: GrantStatus;
  conditions: string | null;
  failure_reason: string | null;
  project_start: string;
}

/** An instalment with its grant and commitment, as the ledger moves it. */
interface InstalmentLine extends Omit<InstalmentMovement, 'amount'> {
  amount: string;
  status: InstalmentState;
  trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED' | 'MILESTONE' | 'FINAL_REPORT';
  milestoneIndex: number | null;
  callId: string;
  decisionId: string;
  commitmentId: string;
}

/** A live grant as an amendment moves it, with its commitment. */
export interface GrantLine {
  id: string;
  organisationId: string;
  regionCode: string;
  agencyId: string;
  currency: string;
  decisionId: string;
  commitmentId: string;
}

export interface LiveGrant extends GrantLine {
  /** Minor units. */
  amount: number;
}

/** An instalment of a grant as the domain re-splits it. */
export interface GrantInstalment {
  id: string;
  state: InstalmentState;
  shareBps: number;
  amount: number;
}

const MONITORING_CHECKS: Record<string, { code: string; message: string }> = {
  fund_commitment_released_within_allocated: {
    code: 'RELEASED_EXCEEDS_ALLOCATED',
    message: 'released would exceed what is allocated',
  },
  fund_commitment_paid_within_released: {
    code: 'PAID_EXCEEDS_RELEASED',
    message: 'paid would exceed what is released',
  },
};

/**
 * The ledger's monitoring CHECKs (released ≤ allocated, paid ≤ released) as a 422, or undefined for any
 * other error.
 */
function monitoringBreach(error: unknown, regionCode: string): DomainError | undefined {
  const e = (error ?? {}) as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const check = MONITORING_CHECKS[e.driverError?.constraint ?? e.constraint ?? ''];
  if ((e.driverError?.code ?? e.code) !== '23514' || !check) return undefined;
  return new DomainError(check.code, `Region ${regionCode}: ${check.message}.`, 'rule', [
    { field: `regions.${regionCode}`, code: check.code, message: check.message },
  ]);
}

const SELECT = `SELECT i.id AS "instalmentId", i.grant_id AS "grantId", i.amount, i.status, i.trigger,
       i.milestone_index AS "milestoneIndex", g.proposal_id AS "proposalId", g.organisation_id AS "organisationId",
       g.agency_id AS "agencyId", g.region_code AS "regionCode", g.currency,
       g.call_id AS "callId", g.decision_id AS "decisionId", c.id AS "commitmentId"
  FROM instalment i JOIN funding_grant g ON g.id = i.grant_id
  JOIN fund_commitment c ON c.call_id = g.call_id AND c.agency_id = g.agency_id`;

/** A `funding_grant` row: one funded partner's grant in one region. */
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
/**
 * Grants and their instalments (SPEC §3 Grant, F4–F5, M4, §4 Instalment `SCHEDULED → RELEASED → PAID`): the
 * decision creates them, a failure or an amendment changes a grant, and a release or a payment writes a ledger
 * entry and moves the commitment's running total under its row lock (commitments locked in region order, then
 * the instalments), so concurrent confirmations serialise per region; the database's CHECKs keep released ≤
 * allocated and paid ≤ released whatever path writes.
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

  /**
   * A project's live instalments (grants not removed or failed) as the domain's release rules see them, in
   * grant and sequence order.
   */
  async liveInstalmentsOf(manager: EntityManager, proposalId: string): Promise<MonitoredInstalment[]> {
    const rows: InstalmentLine[] = await manager.query(
      `${SELECT} WHERE g.proposal_id = $1 AND g.status = 'AWARDED' ORDER BY g.region_code, g.organisation_id, i.seq`,
      [proposalId],
    );
    return rows.map((r) => this.monitored(r));
  }

  /** Releases the SCHEDULED ones among `instalmentIds` (others are left alone) and returns what moved. */
  async release(manager: EntityManager, instalmentIds: readonly string[], at: string): Promise<InstalmentMovement[]> {
    if (instalmentIds.length === 0) return [];
    const rows = await this.locked(manager, instalmentIds);
    // The domain says which move (only SCHEDULED ones, never twice).
    const { instalments: after } = applyRelease(
      rows.map((r) => this.monitored(r)),
      instalmentIds,
    );
    const moving = rows.filter((r, i) => after[i].state !== r.status);
    for (const r of moving) {
      await this.transitionInstalment(manager, r, 'RELEASED', at);
      await this.entry(manager, r, 'RELEASED', at);
    }
    return moving.map((r) => this.movement(r));
  }

  /**
   * The agency confirms payment: RELEASED → PAID (409 ILLEGAL_INSTALMENT_TRANSITION otherwise, naming the
   * state). `mayConfirm` decides who may: it sees the instalment's agency before anything is written.
   */
  async confirmPayment(
    manager: EntityManager,
    instalmentId: string,
    mayConfirm: (agencyId: string) => boolean,
  ): Promise<InstalmentMovement | undefined> {
    const [row] = await this.locked(manager, [instalmentId]);
    if (!row || !mayConfirm(row.agencyId)) return undefined;
    confirmInstalmentPayment(this.monitored(row));
    await this.transitionInstalment(manager, row, 'PAID', null);
    await this.entry(manager, row, 'PAID', null);
    return this.movement(row);
  }

  /** The project's live grants under their locks, with the commitment of each (an amendment moves them). */
  async lockLiveGrants(manager: EntityManager, proposalId: string): Promise<LiveGrant[]> {
    const rows: Array<GrantLine & { amount: string }> = await manager.query(
      `SELECT g.id, g.organisation_id AS "organisationId", g.region_code AS "regionCode", g.agency_id AS "agencyId",
              g.currency, g.amount, g.decision_id AS "decisionId", c.id AS "commitmentId"
         FROM funding_grant g JOIN fund_commitment c ON c.call_id = g.call_id AND c.agency_id = g.agency_id
        WHERE g.proposal_id = $1 AND g.status = 'AWARDED' FOR UPDATE OF g`,
      [proposalId],
    );
    return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
  }

  /** The partners with a live grant, in region order, with the fields their region adds to a report (M6). */
  async reportingPartners(
    manager: EntityManager,
    proposalId: string,
  ): Promise<Array<{ organisationId: string; regionCode: string; extraReportFields: string[] }>> {
    const rows: Array<{ organisationId: string; regionCode: string; extraReportFields: string[] | null }> =
      await manager.query(
        `SELECT g.organisation_id AS "organisationId", g.region_code AS "regionCode",
                c.rules->'extraReportFields' AS "extraReportFields"
           FROM funding_grant g JOIN fund_commitment c ON c.call_id = g.call_id AND c.agency_id = g.agency_id
          WHERE g.proposal_id = $1 AND g.status = 'AWARDED' ORDER BY g.region_code, g.organisation_id`,
        [proposalId],
      );
    return rows.map((p) => ({ ...p, extraReportFields: p.extraReportFields ?? [] }));
  }

  /** A grant's new amount, its unreleased instalments re-split by `resplit` (the domain's). */
  async regrant(
    manager: EntityManager,
    grantId: string,
    amount: number,
    resplit: (instalments: GrantInstalment[]) => Map<string, number>,
  ): Promise<void> {
    await manager.query('UPDATE funding_grant SET amount = $2 WHERE id = $1', [grantId, amount]);
    const rows: Array<Pick<InstalmentRow, 'id' | 'status' | 'share_bps' | 'amount'>> = await manager.query(
      'SELECT id, status, share_bps, amount FROM instalment WHERE grant_id = $1 ORDER BY seq FOR UPDATE',
      [grantId],
    );
    const amounts = resplit(
      rows.map((r) => ({ id: r.id, state: r.status, shareBps: r.share_bps, amount: Number(r.amount) })),
    );
    for (const [id, value] of amounts)
      await manager.query('UPDATE instalment SET amount = $2 WHERE id = $1', [id, value]);
  }

  /** A partner removed by an approved amendment: its grant REMOVED (kept as history). */
  async transitionGrantRemoved(manager: EntityManager, grantId: string): Promise<void> {
    const [row]: Array<{ status: GrantStatus }> = await manager.query(
      'SELECT status FROM funding_grant WHERE id = $1 FOR UPDATE',
      [grantId],
    );
    grantMachine.assert(row.status, 'REMOVED');
    await manager.query(
      `UPDATE funding_grant
          SET status = 'REMOVED', failure_reason = 'removed by an approved amendment', failed_at = clock_timestamp()
        WHERE id = $1`,
      [grantId],
    );
  }

  /** A partner added by an approved amendment: its grant and its SCHEDULED instalments. */
  async addGrant(
    manager: EntityManager,
    grant: Omit<GrantRecord, 'id' | 'status' | 'failureReason' | 'conditions'>,
    instalments: readonly Instalment[],
  ): Promise<void> {
    await this.create(manager, { ...grant, conditions: null }, instalments);
  }

  /** A milestone's new due month on the instalments it triggers (an amendment moved it). */
  async moveMilestoneDue(manager: EntityManager, proposalId: string, idx: number, dueMonth: number): Promise<void> {
    await manager.query(
      `UPDATE instalment i SET milestone_due_month = $3 FROM funding_grant g
        WHERE g.id = i.grant_id AND g.proposal_id = $1 AND i.milestone_index = $2`,
      [proposalId, idx, dueMonth],
    );
  }

  /** One instalment's move (its machine decides): RELEASED at the release's instant, PAID now. */
  private async transitionInstalment(
    manager: EntityManager,
    row: InstalmentLine,
    to: 'RELEASED' | 'PAID',
    at: string | null,
  ): Promise<void> {
    instalmentStateMachine.assert(row.status, to);
    await manager.query(
      `UPDATE instalment
          SET status = $2,
              released_at = CASE WHEN $2 = 'RELEASED' THEN $3::timestamptz ELSE released_at END,
              paid_at = CASE WHEN $2 = 'PAID' THEN clock_timestamp() ELSE paid_at END
        WHERE id = $1`,
      [row.instalmentId, to, at],
    );
  }

  /** The commitments (region order), then the instalments, locked `FOR UPDATE`. */
  private async locked(manager: EntityManager, instalmentIds: readonly string[]): Promise<InstalmentLine[]> {
    const found: InstalmentLine[] = await manager.query(`${SELECT} WHERE i.id = ANY($1)`, [instalmentIds]);
    if (found.length === 0) return [];
    await manager.query('SELECT id FROM fund_commitment WHERE id = ANY($1) ORDER BY region_code FOR UPDATE', [
      [...new Set(found.map((r) => r.commitmentId))],
    ]);
    await manager.query('SELECT id FROM instalment WHERE id = ANY($1) ORDER BY id FOR UPDATE', [
      found.map((r) => r.instalmentId),
    ]);
    // Read again under the locks: the state may have moved while waiting.
    return manager.query(`${SELECT} WHERE i.id = ANY($1) ORDER BY g.region_code, g.organisation_id, i.seq`, [
      instalmentIds,
    ]);
  }

  private async entry(
    manager: EntityManager,
    row: InstalmentLine,
    kind: 'RELEASED' | 'PAID',
    at: string | null,
  ): Promise<void> {
    if (Number(row.amount) === 0) return;
    await manager.query(
      `INSERT INTO budget_ledger_entry (call_id, commitment_id, region_code, decision_id, proposal_id, organisation_id,
                                        kind, amount, currency, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE($10::timestamptz, clock_timestamp()))`,
      [
        row.callId,
        row.commitmentId,
        row.regionCode,
        row.decisionId,
        row.proposalId,
        row.organisationId,
        kind,
        row.amount,
        row.currency,
        at,
      ],
    );
    const column = kind === 'RELEASED' ? 'released_total' : 'paid_total';
    try {
      await manager.query(`UPDATE fund_commitment SET ${column} = ${column} + $2 WHERE id = $1`, [
        row.commitmentId,
        row.amount,
      ]);
    } catch (error) {
      throw monitoringBreach(error, row.regionCode) ?? error;
    }
  }

  /** The row as the domain's release rules see it. */
  private monitored(r: InstalmentLine): MonitoredInstalment {
    const trigger: InstalmentTrigger =
      r.trigger === 'MILESTONE'
        ? { kind: 'MILESTONE', milestoneIndex: r.milestoneIndex!, title: '', dueMonth: 0 }
        : { kind: r.trigger };
    return {
      id: r.instalmentId,
      regionCode: r.regionCode,
      currency: r.currency,
      amount: Number(r.amount),
      trigger,
      state: r.status,
    };
  }

  private movement(r: InstalmentLine): InstalmentMovement {
    return {
      instalmentId: r.instalmentId,
      grantId: r.grantId,
      proposalId: r.proposalId,
      organisationId: r.organisationId,
      agencyId: r.agencyId,
      regionCode: r.regionCode,
      currency: r.currency,
      amount: Number(r.amount),
    };
  }
}
