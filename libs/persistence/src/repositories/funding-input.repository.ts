import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AllocationInput, CallConfiguration, ProposalContent, RegionBudget } from '@app/domain';
import type { LedgerCommitment } from './budget-ledger.repository';
import { RankingRepository } from './ranking.repository';

/** What the F1 walk starts from, with the proposals' ranks and acronyms for the decision's rows. */
export interface FundingWalkInput {
  input: AllocationInput;
  /** Rank in the finalised ranking, by proposal id. */
  ranks: Map<string, number>;
  /** The stage whose ranking the walk follows (the call's last stage). */
  stageNo: number;
}

/**
 * Builds the allocation's input (SPEC F1) from the finalised ranking snapshot of the call's last stage
 * — its ranked proposals in rank order, skipping any withdrawn since — each proposal's funded partners
 * with their requested grants from its counted (latest submitted) version, and the regions' budgets from
 * the commitments as the caller read them (under their locks when the result is written): commitment,
 * declared flexibility, and what is already proposed or allocated outside this walk.
 */
@Injectable()
export class FundingInputRepository {
  constructor(private readonly rankings: RankingRepository = new RankingRepository()) {}

  async walkInput(
    manager: EntityManager,
    call: { id: string; configuration: CallConfiguration },
    commitments: LedgerCommitment[],
    /**
     * `order`: the proposals to walk, in rank order, with their ranks — instead of the snapshot's ranked
     * entries (a promotion after a redress walks the live ranking, where the re-evaluated proposal has its place).
     */
    options: { excludeDecisionId?: string; order?: Array<{ proposalId: string; rank: number }> } = {},
  ): Promise<FundingWalkInput | null> {
    const stageNo = call.configuration.stages;
    const snapshot = await this.rankings.snapshot(manager, call.id, stageNo);
    if (!snapshot) return null;
    const ranked =
      options.order ??
      snapshot.entries.filter((e) => e.rank !== null).sort((a, b) => (a.rank as number) - (b.rank as number));
    const rows: Array<{ id: string; state: string; content: ProposalContent }> = await manager.query(
      `SELECT p.id, p.state, v.content
         FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version
        WHERE p.id = ANY($1)`,
      [ranked.map((e) => e.proposalId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const proposals = ranked
      .filter((e) => byId.has(e.proposalId) && byId.get(e.proposalId)!.state !== 'WITHDRAWN')
      .map((e) => ({
        proposalId: e.proposalId,
        partners: byId
          .get(e.proposalId)!
          .content.partners.filter((p) => p.funded && p.requestedGrant > 0)
          .map((p) => ({ partnerId: p.organisationId, regionCode: p.regionCode, requestedGrant: p.requestedGrant })),
      }));
    // What the decision being replaced or examined holds itself (proposed or allocated) does not count against the
    // walk.
    const held = new Map<string, number>();
    if (options.excludeDecisionId) {
      const rowsHeld: Array<{ commitmentId: string; amount: string }> = await manager.query(
        `SELECT commitment_id AS "commitmentId", sum(amount) AS amount FROM budget_ledger_entry
          WHERE decision_id = $1 AND kind IN ('PROPOSED','ALLOCATED') AND superseded_at IS NULL GROUP BY commitment_id`,
        [options.excludeDecisionId],
      );
      for (const r of rowsHeld) held.set(r.commitmentId, Number(r.amount));
    }
    const regions: RegionBudget[] = commitments.map((c) => ({
      regionCode: c.regionCode,
      currency: c.currency,
      commitment: c.amount,
      flexibility: c.flexibility,
      alreadyAllocated: c.proposedTotal + c.allocatedTotal - (held.get(c.id) ?? 0),
    }));
    // A funded partner from a region without a confirmed commitment: that region has nothing to give.
    const missing = [...new Set(proposals.flatMap((p) => p.partners.map((x) => x.regionCode)))].filter(
      (code) => !regions.some((r) => r.regionCode === code),
    );
    if (missing.length > 0) {
      const currencies: Array<{ code: string; currency: string }> = await manager.query(
        'SELECT code, currency FROM region WHERE code = ANY($1)',
        [missing],
      );
      for (const r of currencies)
        regions.push({ regionCode: r.code, currency: r.currency, commitment: 0, flexibility: 0, alreadyAllocated: 0 });
    }
    return {
      stageNo,
      ranks: new Map(ranked.map((e) => [e.proposalId, e.rank as number])),
      input: {
        proposals,
        regions,
        flexibilityAllowed: call.configuration.flexibilityAllowed,
        policy: call.configuration.allocationPolicy,
        referenceRates: call.configuration.referenceRates,
      },
    };
  }
}
