import { IsOptionalNotNull } from '@app/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
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
import {
  ACTION_TYPES,
  ALLOCATION_POLICIES,
  DEFAULT_CALL_SETTINGS,
  INSTALMENT_TRIGGER_KINDS,
  KPI_AGGREGATIONS,
  KPI_KINDS,
  MAX_MILESTONE_GRACE_DAYS,
  MAX_OFFER_VALIDITY_DAYS,
  MAX_REPORT_INTERVAL_MONTHS,
  MAX_REVIEW_REMINDERS,
  PROJECT_START_RULES,
  type ActionType,
  type AllocationPolicy,
  type KpiAggregation,
  type KpiKind,
} from '@app/domain';
import { EXTENDABLE_DEADLINES, type ExtendableDeadline } from '@app/contracts';

const INSTANT = { description: 'ISO-8601 instant with offset, e.g. 2027-03-01T17:00:00+01:00' };

export class StageTimelineDto {
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) submissionDeadline!: string;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) eligibilityDeadline!: string;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) reviewDeadline!: string;
}

export class TimelineDto {
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) alignmentDeadline!: string;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) opensAt!: string;

  @ApiProperty({ type: [StageTimelineDto], description: 'One per stage' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => StageTimelineDto)
  stages!: StageTimelineDto[];

  @ApiProperty(INSTANT) @IsString() @MaxLength(40) decisionDeadline!: string;
}

export class ConsortiumRulesDto {
  @ApiProperty({ default: 2 }) @IsInt() @Min(0) @Max(100) minPartners!: number;
  @ApiProperty({ default: 2 }) @IsInt() @Min(0) @Max(100) minRegions!: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsInt() @Min(0) @Max(100) maxPartners?: number;
  @ApiPropertyOptional({ default: false }) @IsOptionalNotNull() @IsBoolean() smeRequired?: boolean;
  @ApiProperty() @IsInt() @Min(0) @Max(1000) minDurationMonths!: number;
  @ApiProperty() @IsInt() @Min(0) @Max(1000) maxDurationMonths!: number;
}

export class CriterionDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name!: string;
  @ApiProperty() @IsNumber() weight!: number;
  @ApiProperty({ description: '0–5 in steps of 0.5' }) @IsNumber() threshold!: number;
}

export class KpiIndicatorDto {
  @ApiProperty() @IsString() @MaxLength(64) code!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty() @IsString() @MaxLength(40) unit!: string;
  @ApiProperty({ enum: KPI_KINDS }) @IsIn(KPI_KINDS) kind!: KpiKind;
  @ApiProperty({ enum: KPI_AGGREGATIONS }) @IsIn(KPI_AGGREGATIONS) aggregation!: KpiAggregation;
}

// Settings: the DTO checks types only; the domain checks ranges and relations with the rest of the configuration, so
// that one 422 names every broken rule.

export class CallInstalmentShareDto {
  @ApiProperty({ enum: INSTALMENT_TRIGGER_KINDS, description: 'When the instalment is released' })
  @IsString()
  @MaxLength(64)
  trigger!: string;
  @ApiProperty({ description: 'Basis points of each grant, 1–10 000; the shares sum to 10 000', minimum: 1 })
  @IsInt()
  shareBps!: number;
}

export class ProjectStartSettingDto {
  @ApiProperty({
    enum: PROJECT_START_RULES,
    description:
      'FIRST_DAY_OF_SECOND_MONTH_AFTER_DECISION (SPEC F4 default), DECISION_DATE (the decision’s local day) or ' +
      'FIXED_DATE (`fixedDate`, or the decision’s day when the decision comes later)',
  })
  @IsString()
  @MaxLength(64)
  rule!: string;
  @ApiPropertyOptional({
    format: 'date',
    description: 'YYYY-MM-DD in the call’s time zone, not before the decision deadline; FIXED_DATE only',
  })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10)
  fixedDate?: string;
}

/** Per-call settings; each one left out takes SPEC's default (in a PATCH: keeps its current value). */
export class CallSettingsDto {
  @ApiPropertyOptional({
    default: DEFAULT_CALL_SETTINGS.offerValidityDays,
    minimum: 1,
    maximum: MAX_OFFER_VALIDITY_DAYS,
    description: 'Days an evaluator has to answer an offer (SPEC V5)',
  })
  @IsOptionalNotNull()
  @IsInt()
  offerValidityDays?: number;
  @ApiPropertyOptional({
    type: [Number],
    default: DEFAULT_CALL_SETTINGS.reviewReminderDaysBefore,
    maxItems: MAX_REVIEW_REMINDERS,
    description: 'Whole days before the review deadline, distinct, longest first (SPEC V5)',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  reviewReminderDaysBefore?: number[];
  @ApiPropertyOptional({
    default: DEFAULT_CALL_SETTINGS.milestoneGraceDays,
    minimum: 0,
    maximum: MAX_MILESTONE_GRACE_DAYS,
    description: 'Days after a milestone’s or report’s due date before it is overdue (SPEC M3)',
  })
  @IsOptionalNotNull()
  @IsInt()
  milestoneGraceDays?: number;
  @ApiPropertyOptional({
    default: DEFAULT_CALL_SETTINGS.reportIntervalMonths,
    minimum: 1,
    maximum: MAX_REPORT_INTERVAL_MONTHS,
    description: 'Months between periodic reports (SPEC M6)',
  })
  @IsOptionalNotNull()
  @IsInt()
  reportIntervalMonths?: number;
  @ApiPropertyOptional({
    type: [CallInstalmentShareDto],
    description: 'Each grant’s instalments (SPEC F4; default 30 % / 40 % / 30 %), each trigger at most once',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => CallInstalmentShareDto)
  instalmentPlan?: CallInstalmentShareDto[];
  @ApiPropertyOptional({ type: ProjectStartSettingDto, description: 'When funded projects start (SPEC F4)' })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ProjectStartSettingDto)
  projectStart?: ProjectStartSettingDto;
}

/** A joint call's configuration; omitted parts take the defaults of SPEC §3. */
export class CreateCallDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(300) title!: string;
  @ApiProperty() @IsString() @MaxLength(20_000) description!: string;
  @ApiProperty({ enum: ACTION_TYPES }) @IsIn(ACTION_TYPES) actionType!: ActionType;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  topics?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  transformativeActivityCodes?: string[];

  @ApiProperty({ enum: [1, 2] }) @IsIn([1, 2]) stages!: 1 | 2;
  @ApiPropertyOptional({ default: 'Europe/Brussels' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiProperty({ type: TimelineDto }) @IsObject() @ValidateNested() @Type(() => TimelineDto) timeline!: TimelineDto;
  @ApiProperty({ type: ConsortiumRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsortiumRulesDto)
  consortium!: ConsortiumRulesDto;

  @ApiPropertyOptional({ type: [CriterionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria?: CriterionDto[];
  @ApiPropertyOptional({ type: [CriterionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  stage1Criteria?: CriterionDto[];
  @ApiPropertyOptional({ default: 10 }) @IsOptionalNotNull() @IsNumber() overallThreshold?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsNumber() stage1OverallThreshold?: number;
  @ApiPropertyOptional({ default: 3 }) @IsOptionalNotNull() @IsInt() reviewersPerProposal?: number;
  @ApiPropertyOptional({ default: 10 }) @IsOptionalNotNull() @IsInt() maxLoadPerEvaluator?: number;
  @ApiPropertyOptional({ default: false, description: 'V2: no evaluator from a region of any partner' })
  @IsOptionalNotNull()
  @IsBoolean()
  excludePartnerRegionEvaluators?: boolean;
  @ApiPropertyOptional({ type: [KpiIndicatorDto], description: 'Default: the framework of SPEC §5 M1' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => KpiIndicatorDto)
  kpiFramework?: KpiIndicatorDto[];
  @ApiPropertyOptional({ enum: ALLOCATION_POLICIES })
  @IsOptionalNotNull()
  @IsIn(ALLOCATION_POLICIES)
  allocationPolicy?: AllocationPolicy;
  @ApiPropertyOptional({ default: false }) @IsOptionalNotNull() @IsBoolean() flexibilityAllowed?: boolean;
  @ApiPropertyOptional({ example: { CHF: '1.0650' }, description: 'EUR per unit of each non-EUR currency' })
  @IsOptionalNotNull()
  @IsObject()
  referenceRates?: Record<string, string>;
  @ApiPropertyOptional({ default: 2 }) @IsOptionalNotNull() @IsInt() minConfirmedRegions?: number;
  @ApiPropertyOptional({ default: 3 }) @IsOptionalNotNull() @IsNumber() oversubscriptionFactor?: number;
  @ApiPropertyOptional({
    type: CallSettingsDto,
    description: 'Offer validity, review reminders, milestone grace, report interval, instalment split, project start',
  })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => CallSettingsDto)
  settings?: CallSettingsDto;
}

/** Every field may be left out of a PATCH; none may be `null` (a call's configuration has no field to clear). */
export class UpdateCallDto extends PartialType(CreateCallDto, { skipNullProperties: false }) {}

export class StartAlignmentDto {
  @ApiProperty({ type: [String], description: 'The agencies invited to commit funds, one per region' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('4', { each: true })
  agencyIds!: string[];
}

export class CommitmentRegionalAnnexDto {
  @ApiProperty() @IsBoolean() required!: boolean;
  @ApiProperty() @IsInt() dueDaysAfterDeadline!: number;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) fields!: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) documents!: string[];
}

export class RegionalRulesDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  eligibleOrganisationTypes!: string[];
  @ApiProperty({
    example: { SME: 7000, UNIVERSITY: 10000 },
    description: 'Basis points of eligible costs per organisation type',
  })
  @IsObject()
  maxFundingRateBps!: Record<string, number>;
  @ApiPropertyOptional({ description: 'Minor units' }) @IsOptionalNotNull() @IsInt() maxGrantPerPartner?: number;
  @ApiPropertyOptional({ description: 'Minor units' }) @IsOptionalNotNull() @IsInt() maxPerProject?: number;
  @ApiPropertyOptional({ type: CommitmentRegionalAnnexDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => CommitmentRegionalAnnexDto)
  regionalAnnex?: CommitmentRegionalAnnexDto;
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  extraReportFields?: string[];
}

export class CommitmentTermsDto {
  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code' })
  currency!: string;
  @ApiProperty({ description: 'Minor units (cents, Rappen)' })
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  amount!: number;
  @ApiPropertyOptional({ description: 'Minor units the agency may add if the ranking needs it', default: 0 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  flexibility?: number;
  @ApiProperty({ type: RegionalRulesDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegionalRulesDto)
  rules!: RegionalRulesDto;
}

export class DeclineCommitmentRequestDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class ExtendDeadlineDto {
  @ApiProperty({ enum: EXTENDABLE_DEADLINES }) @IsIn(EXTENDABLE_DEADLINES) field!: ExtendableDeadline;
  @ApiProperty(INSTANT) @IsString() @MaxLength(40) newDeadline!: string;
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class CancelCallDto {
  @ApiProperty() @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
}

export class CallQueryDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsIn([
    'DRAFT',
    'FUND_ALIGNMENT',
    'OPEN',
    'SUBMISSION_CLOSED',
    'ELIGIBILITY_CHECK',
    'IN_EVALUATION',
    'RANKED',
    'FUNDING_DECISION',
    'DECIDED',
    'MONITORING',
    'CLOSED',
    'CANCELLED',
  ])
  state?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;
  @ApiPropertyOptional({ enum: ACTION_TYPES }) @IsOptionalNotNull() @IsIn(ACTION_TYPES) actionType?: ActionType;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(32) transformativeActivity?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MaxLength(200) cursor?: string;
}
