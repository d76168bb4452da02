import { IsOptionalNotNull } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
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
  @IsOptionalNotNull()
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;
}

/** A consensus line: its content is checked by the V7 rules (422 naming every field), not here. */
export class ConsensusLineDto {
  @ApiProperty() @IsOptionalNotNull() criterion?: unknown;
  @ApiProperty({ minimum: 0, maximum: 5, multipleOf: 0.5 }) @IsOptionalNotNull() score?: unknown;
  @ApiProperty({ maxLength: 5000 }) @IsOptionalNotNull() comment?: unknown;
}

export class RecordConsensusDto {
  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the proposal’s stage' })
  @IsOptionalNotNull()
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
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;
}

export class RankingQueryDto {
  @ApiPropertyOptional({ enum: [1, 2], description: 'Default: the highest stage with submitted proposals' })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @IsIn([1, 2])
  stageNo?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsIn(['REVIEWED', 'BELOW_THRESHOLD', 'RANKED', 'SELECTED', 'RESERVE', 'NOT_FUNDED', 'FUNDED'])
  state?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(200) topic?: string;
}
