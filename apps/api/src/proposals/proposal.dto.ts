import { IsOptionalNotNull } from '@app/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
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

export class MilestoneDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title!: string;
  @ApiProperty({ description: 'Due at the end of the project month N' }) @IsInt() @Min(1) @Max(240) dueMonth!: number;
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  deliverables!: string[];
  @ApiProperty() @IsUUID('4') responsibleOrganisationId!: string;
  @ApiProperty() @IsBoolean() midTerm!: boolean;
}

export class AttachmentRefDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(255) name!: string;
  @ApiProperty({ example: 'application/pdf' })
  @IsIn([
    'application/pdf',
    'image/png',
    'image/jpeg',
    'text/csv',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ])
  mediaType!: string;
  @ApiProperty({ description: 'Bytes, at most 20 MiB' }) @IsInt() @Min(1) @Max(20 * 1024 * 1024) size!: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the file' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex digits' })
  sha256!: string;
}

/** The coordinator's part of a draft (partners edit their own rows through the partners endpoint). */
export class ProposalDraftDto {
  @ApiPropertyOptional({ maxLength: 20 })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  acronym?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(300) title?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(10_000) abstract?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(200) topic?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transformativeActivityCodes?: string[];
  @ApiPropertyOptional() @IsOptionalNotNull() @IsInt() @Min(1) @Max(240) durationMonths?: number;
  @ApiPropertyOptional({ type: [MilestoneDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  workPlan?: MilestoneDto[];
  @ApiPropertyOptional({ example: { SMES_INVOLVED: 4 } }) @IsOptionalNotNull() @IsObject() kpiTargets?: Record<
    string,
    number
  >;
  @ApiPropertyOptional({ type: [AttachmentRefDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AttachmentRefDto)
  attachments?: AttachmentRefDto[];
}

export class CreateProposalDto extends ProposalDraftDto {
  @ApiProperty({ maxLength: 20 }) @IsString() @MinLength(1) @MaxLength(20) declare acronym: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) declare title: string;
  @ApiPropertyOptional({ description: 'Needed when the caller acts for several organisations' })
  @IsOptionalNotNull()
  @IsUUID('4')
  coordinatorOrganisationId?: string;
  @ApiPropertyOptional({
    description:
      'Stage 2 of a two-stage call: the invited pre-proposal this full proposal continues (same coordinator)',
  })
  @IsOptionalNotNull()
  @IsUUID('4')
  preProposalId?: string;
}

export class PartnerDataDto {
  @ApiProperty({ description: 'Funded by its region, or self-funded' }) @IsBoolean() funded!: boolean;
  @ApiProperty({ description: 'Minor units' }) @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) eligibleCosts!: number;
  @ApiProperty({ description: 'Minor units; 0 when self-funded' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  requestedGrant!: number;
}

export class SubmitProposalDto {
  @ApiProperty({ description: 'The draft revision the applicant reviewed; a changed draft is a 409' })
  @IsInt()
  @Min(1)
  draftRevision!: number;
}

export class WithdrawProposalDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class ProposalListQueryDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsIn([
    'SUBMITTED',
    'WITHDRAWN',
    'ELIGIBILITY_CHECK',
    'INELIGIBLE',
    'ELIGIBLE',
    'IN_REVIEW',
    'REVIEWED',
    'BELOW_THRESHOLD',
    'RANKED',
    'SELECTED',
    'RESERVE',
    'NOT_FUNDED',
    'FUNDED',
  ])
  state?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(200) topic?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(200) cursor?: string;
}
