import { Injectable } from '@nestjs/common';
import { ProposalRepository, RankingRepository, type CallRanking, type CallRecord, type Tx } from '@app/persistence';

export interface RankingFilter {
  stageNo?: 1 | 2;
  state?: string;
  region?: string;
  topic?: string;
  /** An agency officer's regions (only proposals with a partner there); null for programme managers. */
  regions: string[] | null;
  /** Keep the anonymised individual reviewers' scores (programme managers only, SPEC §2). */
  individualScores: boolean;
}

const PAGE = 1_000;

/**
 * The V8 ranking of a call's stage (`RankingRepository.callRanking` does the computation, reusable
 * by the worker for a snapshot) and the view of it a reader may see. Filters narrow the rows, never
 * the ranking: ranks, outcomes and tie-breaks are those of the whole stage, so a filtered export
 * shows each proposal's real place. Filters mean what they mean in `GET /calls/{id}/proposals`
 * (the same repository query decides which proposals pass).
 */
@Injectable()
export class RankingService {
  constructor(
    private readonly rankings: RankingRepository,
    private readonly proposals: ProposalRepository,
  ) {}

  /** The whole ranking of the stage (default: the highest stage with submitted proposals), unfiltered. */
  async compute(manager: Tx, call: Pick<CallRecord, 'id' | 'configuration'>, stageNo?: 1 | 2): Promise<CallRanking> {
    return this.rankings.callRanking(manager, call, stageNo ?? (await this.rankings.defaultStage(manager, call.id)));
  }

  async view(manager: Tx, call: Pick<CallRecord, 'id' | 'configuration'>, filter: RankingFilter): Promise<CallRanking> {
    const ranking = await this.compute(manager, call, filter.stageNo);
    let entries = ranking.entries;
    if (filter.state || filter.region || filter.topic || filter.regions) {
      const passing = await this.passingProposalIds(manager, call.id, filter);
      entries = entries.filter((e) => passing.has(e.proposalId));
    }
    if (!filter.individualScores) entries = entries.map((e) => ({ ...e, reviewerScores: [] }));
    return { ...ranking, entries };
  }

  private async passingProposalIds(manager: Tx, callId: string, filter: RankingFilter): Promise<Set<string>> {
    const ids = new Set<string>();
    let afterId: string | undefined;
    for (;;) {
      const rows = await this.proposals.listForCall(manager, callId, {
        state: filter.state,
        region: filter.region,
        topic: filter.topic,
        regionCodes: filter.regions ?? undefined,
        afterId,
        limit: PAGE,
      });
      for (const row of rows) ids.add(row.id);
      if (rows.length < PAGE) return ids;
      afterId = rows[rows.length - 1].id;
    }
  }
}
