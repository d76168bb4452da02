import { IsOptionalNotNull } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class CommentDto {
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptionalNotNull() @IsString() @MaxLength(4000) comment?: string;
}

export class RequiredCommentDto {
  @ApiProperty({ minLength: 1, maxLength: 4000, description: 'What has to change' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  comment!: string;
}

export class ReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) reason!: string;
}

export class DeliverableDto {
  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300) title!: string;
  @ApiPropertyOptional({ maxLength: 4000 }) @IsOptionalNotNull() @IsString() @MaxLength(4000) description?: string;
  @ApiPropertyOptional({ maxLength: 2000, description: 'Where to find it (a public link)' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  link?: string;
}

export class PartnerPartDto {
  @ApiProperty() @IsUUID() organisationId!: string;
  @ApiProperty({ maxLength: 20000, description: 'The partner’s own progress' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  narrative!: string;
  @ApiProperty({ description: 'Costs incurred in the period, minor units of the partner’s region’s currency' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  costsIncurred!: number;
  @ApiPropertyOptional({
    description: 'The fields the partner’s funding programme adds (its regional rules’ extraReportFields), name → text',
  })
  @IsOptionalNotNull()
  @IsObject()
  extraFields?: Record<string, string>;
}

/** One joint report (SPEC M4, M6): the project-level part, KPI actuals to date, and one part per funded partner. */
export class ProjectReportDto {
  @ApiProperty({ maxLength: 20000, description: 'Project-level progress' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  summary!: string;
  @ApiPropertyOptional({ type: [DeliverableDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeliverableDto)
  deliverables?: DeliverableDto[];
  @ApiPropertyOptional({
    description: 'KPI values to date, indicator code → value (the call’s KPI framework; kinds as in SPEC M1)',
    example: { SMES: 2 },
  })
  @IsOptionalNotNull()
  @IsObject()
  kpiValues?: Record<string, number>;
  @ApiProperty({ type: [PartnerPartDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => PartnerPartDto)
  partnerParts!: PartnerPartDto[];
}

export class ProjectStateChangeDto {
  @ApiPropertyOptional({ maxLength: 4000, description: 'Required to suspend or terminate' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  reason?: string;
}

export class MilestoneChangeDto {
  @ApiProperty() @IsInt() @Min(0) @Max(1000) milestoneIndex!: number;
  @ApiProperty() @IsInt() @Min(1) @Max(240) newDueMonth!: number;
}

export class BudgetShiftDto {
  @ApiProperty({ example: 'ITH2' }) @IsString() @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/) regionCode!: string;
  @ApiProperty({ example: 'EUR' }) @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @ApiProperty() @IsUUID() fromOrganisationId!: string;
  @ApiProperty() @IsUUID() toOrganisationId!: string;
  @ApiProperty({ description: 'Minor units' }) @IsInt() @Min(1) @Max(Number.MAX_SAFE_INTEGER) amount!: number;
}

export class AddPartnerDto {
  @ApiProperty() @IsUUID() organisationId!: string;
  @ApiProperty({ example: 'ITH2' }) @IsString() @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/) regionCode!: string;
  @ApiProperty({ example: 'EUR' }) @IsString() @Matches(/^[A-Z]{3}$/) currency!: string;
  @ApiProperty({ description: 'Minor units' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) grant!: number;
}

/** An amendment request (SPEC M6): any mix of date changes, budget shifts within a region and partner changes. */
export class AmendmentDto {
  @ApiProperty({ minLength: 1, maxLength: 4000 }) @IsString() @MinLength(1) @MaxLength(4000) justification!: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsInt() @Min(1) @Max(240) durationMonths?: number;
  @ApiPropertyOptional({ type: [MilestoneChangeDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneChangeDto)
  milestoneChanges?: MilestoneChangeDto[];
  @ApiPropertyOptional({ type: [BudgetShiftDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BudgetShiftDto)
  budgetShifts?: BudgetShiftDto[];
  @ApiPropertyOptional({ type: [AddPartnerDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AddPartnerDto)
  addPartners?: AddPartnerDto[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  removePartners?: string[];
}

export class AmendmentAnswerDto {
  @ApiPropertyOptional({
    description: 'The agency you answer for; needed only when you are an officer of several of the project’s agencies',
  })
  @IsOptionalNotNull()
  @IsUUID()
  agencyId?: string;
  @ApiPropertyOptional({ maxLength: 4000, description: 'Required for a rejection' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  reason?: string;
}

export const PROJECT_STATE_EVENTS = ['suspend', 'resume', 'terminate'] as const;
export class ProjectEventParam {
  @IsIn(PROJECT_STATE_EVENTS) event!: (typeof PROJECT_STATE_EVENTS)[number];
}
