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
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class ApproveDecisionDto {
  @ApiPropertyOptional({
    description: 'The agency you answer for; needed only when you are an officer of several agencies in this call',
  })
  @IsOptionalNotNull()
  @IsUUID()
  agencyId?: string;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Conditions of the approval, shown to the applicants' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  conditions?: string;
}

export class ObjectDecisionDto {
  @ApiPropertyOptional({
    description: 'The agency you answer for; needed only when you are an officer of several agencies in this call',
  })
  @IsOptionalNotNull()
  @IsUUID()
  agencyId?: string;
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}

export class BudgetChangeDto {
  @ApiProperty({ example: 'ITH2' }) @IsString() @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/) regionCode!: string;
  @ApiPropertyOptional({ description: 'New commitment, minor units' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  commitment?: number;
  @ApiPropertyOptional({ description: 'New flexibility, minor units' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  flexibility?: number;
}

export class WhatIfDto {
  @ApiProperty({ type: [BudgetChangeDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BudgetChangeDto)
  changes!: BudgetChangeDto[];
  @ApiPropertyOptional({
    enum: ['ALL', 'NONE'],
    default: 'ALL',
    description: 'Top-ups of every reserve proposal, or none (the walk alone)',
  })
  @IsOptionalNotNull()
  @IsIn(['ALL', 'NONE'])
  topUps?: 'ALL' | 'NONE';
}
