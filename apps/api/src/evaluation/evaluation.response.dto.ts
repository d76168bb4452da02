import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CriterionScoreDto } from '../assignments/assignment.dto';
import { ConsensusLineViewDto, ThresholdReasonDto } from './threshold-reason.response.dto';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** What a ranked proposal requests in one region: its partners' grants summed, in the region's currency. */
export class RankingRegionalRequestDto {
  @ApiProperty() regionCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Minor units of `currency`' }) amount!: number;
}

export class RapporteurDesignatedDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty({ format: 'uuid' }) rapporteurId!: string;
  @ApiProperty() rapporteurName!: string;
  @ApiProperty() designatedAt!: string;
}

export class ConsensusViewDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty() state!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rapporteurId!: string | null;
  @ApiProperty({
    type: [ConsensusLineViewDto],
    nullable: true,
    description: 'Consensus score and comment per criterion',
  })
  consensus!: ConsensusLineViewDto[] | null;
  @ApiProperty({ enum: ['ABOVE_THRESHOLD', 'BELOW_THRESHOLD'], nullable: true }) outcome!: string | null;
  @ApiProperty({ type: [ThresholdReasonDto] }) reasons!: ThresholdReasonDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Exact decimal' }) weightedTotal!: string | null;
  @ApiProperty({ type: Number, nullable: true }) unweightedSum!: number | null;
  @ApiProperty() flaggedForDiscussion!: boolean;
  @ApiProperty({ type: String, nullable: true }) consensusBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) consensusAt!: string | null;
}

export class StageCriterionDto {
  @ApiProperty() name!: string;
  @ApiProperty({ type: Number, nullable: true }) weight!: number | null;
  @ApiProperty({ type: Number, nullable: true }) threshold!: number | null;
}

export class SubmittedReviewDto {
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ format: 'uuid' }) evaluatorId!: string;
  @ApiProperty() evaluatorName!: string;
  @ApiProperty({ type: [CriterionScoreDto], description: 'Score and comment per criterion' })
  scores!: CriterionScoreDto[];
  @ApiProperty({ type: String, nullable: true }) weightedTotal!: string | null;
  @ApiProperty() submittedAt!: string;
}

export class SuggestedScoreDto {
  @ApiProperty() criterion!: string;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
}

export class TieBreakDto {
  @ApiProperty({ description: 'The V8 key that separated it from the proposal above' }) decidedBy!: string;
  @ApiPropertyOptional() criterion?: string;
}

export class AnonymousReviewScoresDto {
  @ApiProperty({ description: 'An anonymous label (`Reviewer 1`, `Reviewer 2`, …)' }) reviewer!: string;
  @ApiProperty({ type: [SuggestedScoreDto] }) scores!: SuggestedScoreDto[];
  @ApiProperty({ type: String, nullable: true }) weightedTotal!: string | null;
}

export class ProposalReviewsDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() state!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) rapporteurId!: string | null;
  @ApiProperty({ type: [StageCriterionDto] }) criteria!: StageCriterionDto[];
  @ApiProperty({ type: Number, nullable: true }) overallThreshold!: number | null;
  @ApiProperty({ type: [SubmittedReviewDto] }) reviews!: SubmittedReviewDto[];
  @ApiProperty({ ...OBJECT, description: 'Per criterion: the reviews’ spread and a suggested consensus' })
  spread!: Record<string, unknown>;
  @ApiProperty({ type: [SuggestedScoreDto] }) suggestedConsensus!: SuggestedScoreDto[];
  @ApiProperty({ type: ConsensusViewDto }) consensus!: ConsensusViewDto;
}

export class RankingItemDto {
  @ApiProperty({ type: Number, nullable: true, description: '1..n at or above every threshold; null below' }) rank!:
    number | null;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'The proposal’s current state (BELOW_THRESHOLD, RANKED, later SELECTED …)' })
  state!: string;
  @ApiProperty({ enum: ['ABOVE_THRESHOLD', 'BELOW_THRESHOLD'] }) outcome!: string;
  @ApiProperty({ type: [ThresholdReasonDto] }) reasons!: ThresholdReasonDto[];
  @ApiProperty({ description: 'Σ weight × consensus score, exact decimal text' }) weightedTotal!: string;
  @ApiProperty() unweightedSum!: number;
  @ApiProperty({ type: [SuggestedScoreDto], description: 'Consensus score per criterion, in the criteria’s order' })
  scores!: SuggestedScoreDto[];
  @ApiProperty({ description: 'SME share of the requested funding, basis points' }) smeShareBps!: number;
  @ApiProperty() finalSubmittedAt!: string;
  @ApiProperty({ type: [RankingRegionalRequestDto] }) requestedFunding!: RankingRegionalRequestDto[];
  @ApiProperty({ type: TieBreakDto, nullable: true }) separatedFromAbove!: TieBreakDto | null;
  @ApiPropertyOptional({
    type: [AnonymousReviewScoresDto],
    description: 'Each reviewer’s scores, anonymised (programme managers, on request)',
  })
  reviewerScores?: AnonymousReviewScoresDto[];
}

export class CallRankingDto {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty({ type: [StageCriterionDto] }) criteria!: StageCriterionDto[];
  @ApiProperty({ type: Number, nullable: true }) overallThreshold!: number | null;
  @ApiProperty({ type: [RankingItemDto] }) items!: RankingItemDto[];
}
