import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class DesignateRapporteurDto {
  @ApiProperty({
    description: 'An evaluator holding an ACCEPTED or REVIEW_SUBMITTED assignment of the proposal in the stage',
  })
  @IsUUID()
  evaluatorId!: string;

  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the proposal’s stage' })
  @IsOptional()
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;
}

/** A consensus line: its content is checked by the V7 rules (422 naming every field), not here. */
export class ConsensusLineDto {
  @ApiProperty() @IsOptional() criterion?: unknown;
  @ApiProperty({ minimum: 0, maximum: 5, multipleOf: 0.5 }) @IsOptional() score?: unknown;
  @ApiProperty({ maxLength: 5000 }) @IsOptional() comment?: unknown;
}

export class RecordConsensusDto {
  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the proposal’s stage' })
  @IsOptional()
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;

  @ApiProperty({
    type: [ConsensusLineDto],
    description: 'One line per criterion of the stage: score 0–5 in steps of 0.5 and a comment',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ConsensusLineDto)
  scores!: ConsensusLineDto[];
}

export class ReviewsQueryDto {
  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the proposal’s stage' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;
}

export class RankingQueryDto {
  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the highest stage with submitted proposals' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsIn(['REVIEWED', 'BELOW_THRESHOLD', 'RANKED', 'SELECTED', 'RESERVE', 'NOT_FUNDED', 'FUNDED'])
  state?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) topic?: string;
}
