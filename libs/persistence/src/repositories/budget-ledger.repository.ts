import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/domain';
import { GrantRepository } from './grant.repository';

/** A commitment as the ledger sees it, under its row lock: what is left is `ceiling − proposed − allocated`. */
export interface LedgerCommitment {
  id: string;
  agencyId: string;
  regionCode: string;
  currency: string;
  amount: number;
  flexibility: number;
  flexibilityUsable: boolean;
  proposedTotal: number;
  allocatedTotal: number;
}

export interface LedgerLine {
  commitmentId: string;
  regionCode: string;
  proposalId: string;
  organisationId: string;
  amount: number;
  currency: string;
}

/** Per commitment: released and paid sums of live entries (instalment releases and payments write those). */
export interface LedgerFlows {
  commitmentId: string;
  released: number;
  paid: number;
}

const OVERDRAWN_CONSTRAINT = 'fund_commitment_never_overdrawn';

/** Whether a database error is the no-overdraft CHECK (SPEC F2) refusing a write. */
export function isOverdraft(error: unknown): boolean {
  const e = (error ?? {}) as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  return code === '23514' && constraint === OVERDRAWN_CONSTRAINT;
}

/**
 * The budget ledger (SPEC F2): entries per funded partner and region, and the running totals on each
 * commitment that the database's CHECK keeps within the commitment (plus usable flexibility). Every write
 * happens under the commitments' row locks, taken in region order so that concurrent decisions, approvals
 * and commitment changes serialise without deadlocks; the CHECK is the last line should a path forget.
 */
@Injectable()
export class BudgetLedgerRepository {
  constructor(private readonly grants: GrantRepository = new GrantRepository()) {}

  /** The call's confirmed commitments, locked `FOR UPDATE` in region order. */
  async lockCommitments(manager: EntityManager, callId: string): Promise<LedgerCommitment[]> {
    const rows: Array<
      Omit<LedgerCommitment, 'amount' | 'flexibility' | 'proposedTotal' | 'allocatedTotal'> & {
        amount: string;
        flexibility: string;
        proposedTotal: string;
        allocatedTotal: string;
      }
    > = await manager.query(
      `SELECT id, agency_id AS "agencyId", region_code AS "regionCode", currency, amount, flexibility,
              flexibility_usable AS "flexibilityUsable",
                proposed_total AS "proposedTotal", allocated_total AS "allocatedTotal"
           FROM fund_commitment WHERE call_id = $1 AND status = 'CONFIRMED' ORDER BY region_code FOR UPDATE`,
      [callId],
    );
    return rows.map((r) => ({
      ...r,
      amount: Number(r.amount),
      flexibility: Number(r.flexibility),
      proposedTotal: Number(r.proposedTotal),
      allocatedTotal: Number(r.allocatedTotal),
    }));
  }

  /** Holds a decision's amounts as `PROPOSED` entries; refuses (422 BUDGET_OVERDRAWN) what would overdraw a region. */
  async propose(manager: EntityManager, callId: string, decisionId: string | null, lines: LedgerLine[]): Promise<void> {
    await this.write(manager, callId, decisionId, lines, 'PROPOSED');
  }

  /**
   * Removes a decision's live `PROPOSED` entries (a revision replaces them, SPEC F2). Returns what each
   * commitment's proposed total went down by, so that a caller holding the commitments keeps them current.
   */
  async supersedeProposed(manager: EntityManager, decisionId: string): Promise<Map<string, number>> {
    const rows: Array<{ commitmentId: string; amount: string }> = await manager
      .query(
        `UPDATE budget_ledger_entry SET superseded_at = clock_timestamp()
          WHERE decision_id = $1 AND kind = 'PROPOSED' AND superseded_at IS NULL
       RETURNING commitment_id AS "commitmentId", amount`,
        [decisionId],
      )
      .then((r: [Array<{ commitmentId: string; amount: string }>, number]) => r[0]);
    const released = sumBy(rows.map((r) => ({ commitmentId: r.commitmentId, amount: Number(r.amount) })));
    for (const [commitmentId, amount] of released) {
      await manager.query('UPDATE fund_commitment SET proposed_total = proposed_total - $2 WHERE id = $1', [
        commitmentId,
        amount,
      ]);
    }
    return new Map(released);
  }

  /** Every agency approved: the decision's `PROPOSED` entries become `ALLOCATED` (the proposed ones are superseded). */
  async allocate(manager: EntityManager, callId: string, decisionId: string): Promise<void> {
    const lines: LedgerLine[] = (
      await manager.query(
        `SELECT commitment_id AS "commitmentId", region_code AS "regionCode", proposal_id AS "proposalId",
                organisation_id AS "organisationId", amount, currency
           FROM budget_ledger_entry WHERE decision_id = $1 AND kind = 'PROPOSED' AND superseded_at IS NULL ORDER BY id`,
        [decisionId],
      )
    ).map((l: LedgerLine & { amount: string }) => ({ ...l, amount: Number(l.amount) }));
    await this.supersedeProposed(manager, decisionId);
    await this.write(manager, callId, decisionId, lines, 'ALLOCATED');
  }

  /**
   * A partner's grant failed before any money moved (SPEC F5): its live `ALLOCATED` entries are
   * superseded and the commitment's allocated total goes down by them — the freed budget. Returns it.
   */
  async releaseAllocation(manager: EntityManager, proposalId: string, organisationId: string): Promise<number> {
    const rows: Array<{ commitmentId: string; amount: string }> = await manager
      .query(
        `UPDATE budget_ledger_entry SET superseded_at = clock_timestamp()
        WHERE proposal_id = $1 AND organisation_id = $2 AND kind = 'ALLOCATED' AND superseded_at IS NULL
        RETURNING commitment_id AS "commitmentId", amount`,
        [proposalId, organisationId],
      )
      .then((r: [Array<{ commitmentId: string; amount: string }>, number]) => r[0]);
    const freed = sumBy(rows.map((r) => ({ commitmentId: r.commitmentId, amount: Number(r.amount) })));
    for (const [commitmentId, amount] of freed) {
      await manager.query('UPDATE fund_commitment SET allocated_total = allocated_total - $2 WHERE id = $1', [
        commitmentId,
        amount,
      ]);
    }
    return freed.reduce((sum, [, amount]) => sum + amount, 0);
  }

  /**
   * A partner's grant fails before signature (withdrawn by its agency, or its proposal withdrawn): `FAILED` with
   * the reason, and its allocation leaves the ledger (`releaseAllocation`). The caller holds the commitments'
   * locks and has checked that no instalment moved. Returns the freed amount.
   */
  async failGrant(
    manager: EntityManager,
    grant: { id: string; proposalId: string; organisationId: string },
    reason: string,
  ): Promise<number> {
    await this.grants.transitionToFailed(manager, grant.id, reason);
    return this.releaseAllocation(manager, grant.proposalId, grant.organisationId);
  }

  /** Live released and paid sums per commitment. */
  async flows(manager: EntityManager, callId: string): Promise<LedgerFlows[]> {
    const rows: Array<{ commitmentId: string; released: string; paid: string }> = await manager.query(
      `SELECT commitment_id AS "commitmentId",
              COALESCE(sum(amount) FILTER (WHERE kind = 'RELEASED'), 0) AS released,
              COALESCE(sum(amount) FILTER (WHERE kind = 'PAID'), 0) AS paid
         FROM budget_ledger_entry WHERE call_id = $1 AND superseded_at IS NULL GROUP BY commitment_id`,
      [callId],
    );
    return rows.map((r) => ({ commitmentId: r.commitmentId, released: Number(r.released), paid: Number(r.paid) }));
  }

  private async write(
    manager: EntityManager,
    callId: string,
    decisionId: string | null,
    lines: LedgerLine[],
    kind: 'PROPOSED' | 'ALLOCATED',
  ): Promise<void> {
    for (const line of lines) {
      await manager.query(
        `INSERT INTO budget_ledger_entry
           (call_id, commitment_id, region_code, decision_id, proposal_id, organisation_id, kind, amount, currency)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          callId,
          line.commitmentId,
          line.regionCode,
          decisionId,
          line.proposalId,
          line.organisationId,
          kind,
          line.amount,
          line.currency,
        ],
      );
    }
    const column = kind === 'PROPOSED' ? 'proposed_total' : 'allocated_total';
    for (const [commitmentId, amount] of sumBy(lines)) {
      try {
        await manager.query(`UPDATE fund_commitment SET ${column} = ${column} + $2 WHERE id = $1`, [
          commitmentId,
          amount,
        ]);
      } catch (error) {
        if (isOverdraft(error)) {
          const region = lines.find((l) => l.commitmentId === commitmentId)?.regionCode;
          throw new DomainError(
            'BUDGET_OVERDRAWN',
            `Region ${region} cannot cover ${amount} more: it would exceed its commitment.`,
            'rule',
            [
              {
                rule: 'F2',
                field: `regions.${region}`,
                code: 'BUDGET_OVERDRAWN',
                message: 'above the commitment plus usable flexibility',
              },
            ],
          );
        }
        throw error;
      }
    }
  }

  /** The call's commitments of some regions, locked in region order (an amendment's lock order). */
  async lockRegionCommitments(
    manager: EntityManager,
    callId: string,
    regionCodes: readonly string[],
  ): Promise<Array<{ id: string; regionCode: string; agencyId: string; currency: string }>> {
    return manager.query(
      `SELECT id, region_code AS "regionCode", agency_id AS "agencyId", currency FROM fund_commitment
        WHERE call_id = $1 AND region_code = ANY($2) ORDER BY region_code FOR UPDATE`,
      [callId, [...regionCodes]],
    );
  }

  /**
   * A partner's allocation replaced (an approved amendment): its live `ALLOCATED` entries superseded and,
   * unless the new amount is 0, one for the new amount. The commitment's total follows in `moveAllocatedTotal`.
   */
  async reallocate(manager: EntityManager, line: LedgerLine & { callId: string; decisionId: string }): Promise<void> {
    await manager.query(
      `UPDATE budget_ledger_entry SET superseded_at = clock_timestamp()
        WHERE proposal_id = $1 AND organisation_id = $2 AND kind = 'ALLOCATED' AND superseded_at IS NULL`,
      [line.proposalId, line.organisationId],
    );
    if (line.amount > 0) {
      await manager.query(
        `INSERT INTO budget_ledger_entry (call_id, commitment_id, region_code, decision_id, proposal_id,
                                          organisation_id, kind, amount, currency)
         VALUES ($1, $2, $3, $4, $5, $6, 'ALLOCATED', $7, $8)`,
        [
          line.callId,
          line.commitmentId,
          line.regionCode,
          line.decisionId,
          line.proposalId,
          line.organisationId,
          line.amount,
          line.currency,
        ],
      );
    }
  }

  /** Moves a commitment's allocated total; the database's no-overdraft CHECK refuses (see `isOverdraft`). */
  async moveAllocatedTotal(manager: EntityManager, commitmentId: string, change: number): Promise<void> {
    await manager.query('UPDATE fund_commitment SET allocated_total = allocated_total + $2 WHERE id = $1', [
      commitmentId,
      change,
    ]);
  }

  /** A proposal's grants under their row locks, in id order. */
  async lockGrantsOfProposal(
    manager: EntityManager,
    proposalId: string,
  ): Promise<Array<{ id: string; organisationId: string; status: string }>> {
    return manager.query(
      `SELECT id, organisation_id AS "organisationId", status FROM funding_grant WHERE proposal_id = $1
        ORDER BY id FOR UPDATE`,
      [proposalId],
    );
  }

  /** Whether any instalment of the proposal's grants has left SCHEDULED (money moved). */
  async moneyMoved(manager: EntityManager, proposalId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM instalment i JOIN funding_grant g ON g.id = i.grant_id
        WHERE g.proposal_id = $1 AND i.status <> 'SCHEDULED'`,
      [proposalId],
    );
    return rows.length > 0;
  }
}

/** Sums amounts per commitment, in commitment id order (a stable lock and write order). */
function sumBy(lines: Array<{ commitmentId: string; amount: number }>): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.commitmentId, (totals.get(l.commitmentId) ?? 0) + l.amount);
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
