import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';
import { ACTION_TYPES } from '@app/domain';

/** ISO-8601 with a date, a time and an offset (`Z` or `±hh:mm`): a closing date means an instant. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT = { description: 'ISO-8601 instant with offset, e.g. 2027-03-01T17:00:00+01:00' };

export class PublicCallQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A participating region (NUTS code), e.g. AT31', example: 'AT31' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}[A-Z0-9]{0,3}$/, { message: 'region must be a NUTS code' })
  region?: string;

  @ApiPropertyOptional({ description: 'One of the call’s topics (case-insensitive, whole topic)' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({ description: 'A transformative activity code the call targets', example: 'TA-ROBOTICS' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z0-9][A-Z0-9-]{0,31}$/, { message: 'transformativeActivity must be a transformative activity code' })
  transformativeActivity?: string;

  @ApiPropertyOptional({
    ...INSTANT,
    description: 'Only calls whose current submission deadline is at or after this instant',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'closesAfter must be an ISO-8601 instant' })
  @Matches(INSTANT_WITH_OFFSET, { message: 'closesAfter must have a time and an offset (Z or ±hh:mm)' })
  closesAfter?: string;

  @ApiPropertyOptional({
    ...INSTANT,
    description: 'Only calls whose current submission deadline is at or before this instant',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'closesBefore must be an ISO-8601 instant' })
  @Matches(INSTANT_WITH_OFFSET, { message: 'closesBefore must have a time and an offset (Z or ±hh:mm)' })
  closesBefore?: string;
}

export class PublicCallTransformativeActivityView {
  @ApiProperty() code!: string;
  @ApiProperty() title!: string;
}

export class PublicCallRegionSummaryView {
  @ApiProperty({ example: 'AT31' }) code!: string;
  @ApiProperty({ example: 'Upper Austria' }) name!: string;
  @ApiProperty({ example: 'AT' }) country!: string;
  @ApiProperty({ example: 'EUR', description: 'The currency of the region’s money amounts (minor units)' })
  currency!: string;
  @ApiProperty({ example: 'Business Upper Austria' }) agencyName!: string;
}

export class PublicCallStageView {
  @ApiProperty({ enum: [1, 2] }) stageNo!: number;
  @ApiProperty(INSTANT) submissionDeadline!: string;
  @ApiProperty(INSTANT) eligibilityDeadline!: string;
  @ApiProperty(INSTANT) reviewDeadline!: string;
}

export class PublicCallSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ACTION_TYPES }) actionType!: string;
  @ApiProperty({ type: [String] }) topics!: string[];
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({ type: [PublicCallTransformativeActivityView] })
  transformativeActivities!: PublicCallTransformativeActivityView[];
  @ApiProperty({ ...INSTANT, description: 'In the call’s legal time zone' }) opensAt!: string;
  @ApiProperty({ ...INSTANT, description: 'The current stage’s submission deadline, in the call’s legal time zone' })
  submissionDeadline!: string;
  @ApiProperty({ example: 'Europe/Brussels', description: 'IANA time zone of the legal deadlines' }) timeZone!: string;
  @ApiProperty({ enum: [1, 2], description: 'The stage open for submissions' }) currentStage!: number;
  @ApiProperty({ enum: [1, 2], description: 'How many stages the call has' }) stages!: number;
  @ApiProperty({ type: [PublicCallRegionSummaryView], description: 'The participating (confirmed) regions' })
  regions!: PublicCallRegionSummaryView[];
}

export class PublicCallPageView {
  @ApiProperty({ type: [PublicCallSummaryView], description: 'Open calls, the soonest deadline first' })
  items!: PublicCallSummaryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class PublicCallTimelineView {
  @ApiProperty(INSTANT) opensAt!: string;
  @ApiProperty({ type: [PublicCallStageView] }) stages!: PublicCallStageView[];
  @ApiProperty(INSTANT) decisionDeadline!: string;
}

export class PublicCallConsortiumRulesView {
  @ApiProperty() minPartners!: number;
  @ApiProperty() minDistinctRegions!: number;
  @ApiPropertyOptional() maxPartners?: number;
  @ApiProperty() smeRequired!: boolean;
  @ApiProperty() minDurationMonths!: number;
  @ApiProperty() maxDurationMonths!: number;
}

export class PublicCallCriterionView {
  @ApiProperty() name!: string;
  @ApiProperty() weight!: number;
  @ApiProperty({ description: '0–5 in steps of 0.5' }) threshold!: number;
}

export class PublicCallAnnexView {
  @ApiProperty({ description: 'Due this many days after the (stage-1) submission deadline' })
  daysAfterDeadline!: number;
  @ApiProperty({ type: [String] }) fields!: string[];
  @ApiProperty({ type: [String] }) documents!: string[];
}

export class PublicCallRegionRulesView {
  @ApiProperty({ type: [String], example: ['SME', 'UNIVERSITY'] }) eligibleOrganisationTypes!: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { SME: 7000, UNIVERSITY: 10000 },
    description: 'Maximum funding rate per organisation type, basis points of eligible costs',
  })
  maxFundingRateBps!: Record<string, number>;
  @ApiPropertyOptional({ description: 'Minor units of the region’s currency; absent = no limit' })
  maxGrantPerPartner?: number;
  @ApiPropertyOptional({
    description: 'Minor units of the region’s currency, for the region’s partners in one project; absent = no limit',
  })
  maxTotalPerProject?: number;
  @ApiPropertyOptional({
    type: PublicCallAnnexView,
    description: 'Present when the region requires an annex of its funded partners',
  })
  annex?: PublicCallAnnexView;
}

export class PublicCallRegionView extends PublicCallRegionSummaryView {
  @ApiProperty() programmeName!: string;
  @ApiProperty({ type: PublicCallRegionRulesView }) rules!: PublicCallRegionRulesView;
}

export class PublicCallDetailView extends PublicCallSummaryView {
  @ApiProperty() description!: string;
  @ApiProperty({ type: PublicCallTimelineView, description: 'In the call’s legal time zone' })
  timeline!: PublicCallTimelineView;
  @ApiProperty({ type: PublicCallConsortiumRulesView }) consortiumRules!: PublicCallConsortiumRulesView;
  @ApiProperty({ type: [PublicCallCriterionView] }) criteria!: PublicCallCriterionView[];
  @ApiProperty({ description: 'Unweighted sum threshold' }) overallThreshold!: number;
  @ApiPropertyOptional({
    type: [PublicCallCriterionView],
    description: 'Two-stage calls: the criteria scored in stage 1',
  })
  stage1Criteria?: PublicCallCriterionView[];
  @ApiPropertyOptional({ description: 'Two-stage calls: the stage-1 threshold' }) stage1OverallThreshold?: number;
  @ApiProperty({
    type: [PublicCallRegionView],
    description: 'Participating regions with the rules applicants must meet',
  })
  override regions: PublicCallRegionView[] = [];
}
