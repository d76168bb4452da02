import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Why a proposal is below threshold: a criterion under its threshold, or the unweighted sum under the overall one. */
export class ThresholdReasonDto {
  @ApiProperty({ enum: ['CRITERION_BELOW_THRESHOLD', 'SUM_BELOW_OVERALL_THRESHOLD'] }) code!: string;
  @ApiPropertyOptional({ description: 'CRITERION_BELOW_THRESHOLD only' }) criterion?: string;
  @ApiPropertyOptional({ description: 'CRITERION_BELOW_THRESHOLD: the consensus score' }) score?: number;
  @ApiPropertyOptional({ description: 'SUM_BELOW_OVERALL_THRESHOLD: the unweighted sum' }) sum?: number;
  @ApiProperty() threshold!: number;
}

export class ConsensusLineViewDto {
  @ApiProperty() criterion!: string;
  @ApiProperty({ description: '0–5 in half steps' }) score!: number;
  @ApiProperty() comment!: string;
}
