import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';
import { MAX_REDRESS_GROUNDS_LENGTH, REDRESS_OUTCOMES, type RedressOutcome } from '@app/domain';

export const REDRESS_STATUSES = ['FILED', 'UPHELD', 'REJECTED'] as const;

/**
 * `POST /proposals/{id}/redress`: the rules (window, one per stage, grounds) are checked together and listed at once
 * (422).
 */
export class FileRedressRequestDto {
  @ApiPropertyOptional({
    enum: [1, 2],
    description: 'The stage whose result is contested; default the proposal’s stage',
  })
  @IsOptionalNotNull()
  @Type(() => Number)
  @IsInt()
  stageNo?: number;

  @ApiProperty({
    maxLength: MAX_REDRESS_GROUNDS_LENGTH,
    description: 'The procedural grounds (required, at most 10 000 characters)',
  })
  @IsString()
  grounds!: string;
}

/** `POST /redress/{id}/outcome` (programme managers). */
export class RedressOutcomeRequestDto {
  @ApiProperty({ enum: REDRESS_OUTCOMES })
  @IsIn(REDRESS_OUTCOMES)
  outcome!: RedressOutcome;

  @ApiProperty({ minLength: 3, maxLength: 4000, description: 'Why: told to the coordinator' })
  @IsString()
  @MinLength(3)
  @MaxLength(4000)
  reason!: string;
}

export class RedressListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REDRESS_STATUSES })
  @IsOptionalNotNull()
  @IsIn(REDRESS_STATUSES)
  status?: (typeof REDRESS_STATUSES)[number];
}

export class RedressRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() proposalId!: string;
  @ApiProperty() callId!: string;
  @ApiProperty({ enum: [1, 2] }) stageNo!: number;
  @ApiProperty({ description: 'The user who filed it (the coordinator’s member)' }) filedBy!: string;
  @ApiProperty() grounds!: string;
  @ApiProperty({ description: 'When the contested result was issued (in the call’s time zone)' }) resultAt!: string;
  @ApiProperty({ description: 'The last instant of the 30-day window (in the call’s time zone)' })
  windowClosesAt!: string;
  @ApiProperty({ description: 'In the call’s time zone' }) filedAt!: string;
  @ApiProperty({ enum: REDRESS_STATUSES }) status!: string;
  @ApiPropertyOptional({ enum: REDRESS_OUTCOMES, nullable: true }) outcome!: RedressOutcome | null;
  @ApiPropertyOptional({ nullable: true }) outcomeReason!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedBy!: string | null;
  @ApiPropertyOptional({ nullable: true }) decidedAt!: string | null;
}

export class RedressRequestListDto {
  @ApiProperty({ type: [RedressRequestDto] }) items!: RedressRequestDto[];
}

export class RedressRequestPageDto {
  @ApiProperty({ type: [RedressRequestDto] }) items!: RedressRequestDto[];
  @ApiPropertyOptional({ nullable: true }) nextCursor!: string | null;
}
