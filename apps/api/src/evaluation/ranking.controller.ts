import { Controller, Get, Headers, NotAcceptableException, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, uuidParam, type Principal } from '@app/common';
import { UnitOfWork, type CallRanking } from '@app/persistence';
import { EvaluationAccess } from './evaluation-access';
import { RankingQueryDto } from './evaluation.dto';
import { CSV_TYPE, negotiate, RANKING_MEDIA_TYPES, rankingCsv, rankingXlsx, XLSX_TYPE } from './ranking-export';
import { RankingService } from './ranking.service';
import { ApiErrorCodes, ApiJsonOrFileResponse } from '../openapi/api-problems.decorator';
import { CallRankingDto } from './evaluation.response.dto';

function rankingView(ranking: CallRanking, individualScores: boolean) {
  return {
    callId: ranking.callId,
    stageNo: ranking.stageNo,
    criteria: ranking.criteria,
    overallThreshold: ranking.overallThreshold,
    items: ranking.entries.map((e) => ({
      rank: e.rank,
      proposalId: e.proposalId,
      acronym: e.acronym,
      title: e.title,
      state: e.state,
      outcome: e.outcome,
      reasons: e.reasons,
      weightedTotal: e.weightedTotal,
      unweightedSum: e.unweightedSum,
      scores: e.scores,
      smeShareBps: e.smeShareBps,
      finalSubmittedAt: e.finalSubmittedAt,
      requestedFunding: e.requestedFunding,
      separatedFromAbove: e.separatedFromAbove,
      ...(individualScores ? { reviewerScores: e.reviewerScores } : {}),
    })),
  };
}

/**
 * `GET /calls/{id}/ranking` (SPEC §5 V8, §9): programme managers and the officers of the call's
 * participating agencies (their region's proposals, consensus results only); 404 for anyone else.
 * JSON, CSV (RFC 4180) or XLSX by `Accept`; the same filters as the proposal list.
 */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('calls/:id/ranking')
export class RankingController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: EvaluationAccess,
    private readonly rankings: RankingService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The ranking of a stage with per-criterion consensus scores: JSON, CSV or XLSX by Accept',
    description:
      'Strict V8 order (weighted consensus total, first criterion, second criterion, SME share, earliest final ' +
      'submission, proposal id); BELOW_THRESHOLD proposals follow without rank. Filters (state, region, topic) ' +
      'narrow the rows, never the ranks. Programme managers also get the individual reviewers’ scores, ' +
      'anonymised; reviewer identities are in GET /proposals/{id}/reviews.',
  })
  @ApiJsonOrFileResponse(CallRankingDto, [CSV_TYPE, XLSX_TYPE], 'The ranking as JSON, or as CSV / XLSX by Accept')
  @ApiErrorCodes('NOT_FOUND', 'INVALID_STAGE')
  @ApiProduces('application/json', CSV_TYPE, XLSX_TYPE)
  async ranking(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: RankingQueryDto,
    @CurrentUser() user: Principal,
    @Headers('accept') accept: string | undefined,
  ) {
    const { ranking, individualScores, format } = await this.uow.read(async (tx) => {
      const { call, regions } = await this.access.rankingReader(tx, user, callId);
      const format = negotiate(accept, RANKING_MEDIA_TYPES);
      if (!format) throw new NotAcceptableException(`The ranking is available as ${RANKING_MEDIA_TYPES.join(', ')}.`);
      const individual = regions === null;
      const view = await this.rankings.view(tx, call, {
        stageNo: query.stageNo as 1 | 2 | undefined,
        state: query.state,
        region: query.region,
        topic: query.topic,
        regions,
        individualScores: individual,
      });
      return { ranking: view, individualScores: individual, format };
    });
    const filename = `ranking-${callId}-stage-${ranking.stageNo}`;
    if (format === CSV_TYPE) {
      return new StreamableFile(Buffer.from(rankingCsv(ranking), 'utf8'), {
        type: 'text/csv; charset=utf-8; header=present',
        disposition: `attachment; filename="${filename}.csv"`,
      });
    }
    if (format === XLSX_TYPE) {
      return new StreamableFile(await rankingXlsx(ranking), {
        type: XLSX_TYPE,
        disposition: `attachment; filename="${filename}.xlsx"`,
      });
    }
    return rankingView(ranking, individualScores);
  }
}
