import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

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
  @ApiProperty({ type: 'array', items: OBJECT, nullable: true, description: 'Consensus score and comment per criterion' }) consensus!: unknown[] | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: 'array', items: OBJECT }) reasons!: unknown[];
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
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Score and comment per criterion' }) scores!: unknown[];
  @ApiProperty({ type: String, nullable: true }) weightedTotal!: string | null;
  @ApiProperty() submittedAt!: string;
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
  @ApiProperty({ ...OBJECT, description: 'Per criterion: the reviews’ spread and a suggested consensus' }) spread!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'criterion, score' }) suggestedConsensus!: unknown[];
  @ApiProperty({ type: ConsensusViewDto }) consensus!: ConsensusViewDto;
}

export class RankingItemDto {
  @ApiProperty({ type: Number, nullable: true }) rank!: number | null;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() state!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty({ type: 'array', items: OBJECT }) reasons!: unknown[];
  @ApiProperty({ type: String, nullable: true }) weightedTotal!: string | null;
  @ApiProperty({ type: String, nullable: true }) unweightedSum!: string | null;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Consensus score per criterion' }) scores!: unknown[];
  @ApiProperty({ type: Number, nullable: true }) smeShareBps!: number | null;
  @ApiProperty({ type: String, nullable: true }) finalSubmittedAt!: string | null;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Requested funding per region' }) requestedFunding!: unknown[];
  @ApiProperty({ description: 'A tie-break separated it from the proposal above' }) separatedFromAbove!: boolean;
  @ApiPropertyOptional({ type: 'array', items: OBJECT, description: 'Each reviewer’s scores (programme managers, on request)' }) reviewerScores?: unknown[];
}

export class CallRankingDto {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty({ type: [StageCriterionDto] }) criteria!: StageCriterionDto[];
  @ApiProperty({ type: Number, nullable: true }) overallThreshold!: number | null;
  @ApiProperty({ type: [RankingItemDto] }) items!: RankingItemDto[];
}
