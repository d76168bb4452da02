import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import type { CommitmentStatus } from '@app/contracts';
import { CALL_STATES } from '@app/domain';
import { CallInstalmentShareDto, CreateCallDto, ProjectStartSettingDto, RegionalRulesDto } from './call.dto';

const COMMITMENT_STATUSES: readonly CommitmentStatus[] = [
  'INVITED',
  'PROPOSED',
  'CONFIRMED',
  'DECLINED',
  'DROPPED_OUT',
];

export class ZonedStageTimelineDto {
  @ApiProperty({ description: 'ISO-8601 with the offset of the call’s time zone' }) submissionDeadline!: string;
  @ApiProperty() eligibilityDeadline!: string;
  @ApiProperty() reviewDeadline!: string;
}

export class ZonedTimelineDto {
  @ApiProperty({ description: 'ISO-8601 with the offset of the call’s time zone' }) alignmentDeadline!: string;
  @ApiProperty() opensAt!: string;
  @ApiProperty({ type: [ZonedStageTimelineDto] }) stages!: ZonedStageTimelineDto[];
  @ApiProperty() decisionDeadline!: string;
}

export class CallCommitmentDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) amount!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Minor units' }) flexibility!: number | null;
  @ApiProperty({ type: String, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt!: string | null;
  @ApiPropertyOptional({
    type: RegionalRulesDto,
    nullable: true,
    description: 'For that agency’s officers and programme managers only; null until the agency proposes its terms',
  })
  rules?: RegionalRulesDto | null;
}

/** The settings a call uses: what it set, SPEC's defaults for the rest (also for calls configured before). */
export class CallSettingsViewDto {
  @ApiProperty({ description: 'Days an evaluator has to answer an offer' }) offerValidityDays!: number;
  @ApiProperty({ type: [Number], description: 'Days before the review deadline, longest first' })
  reviewReminderDaysBefore!: number[];
  @ApiProperty({ description: 'Days after a due date before a milestone or report is overdue' })
  milestoneGraceDays!: number;
  @ApiProperty({ description: 'Months between periodic reports' }) reportIntervalMonths!: number;
  @ApiProperty({ type: [CallInstalmentShareDto] }) instalmentPlan!: CallInstalmentShareDto[];
  @ApiProperty({ type: ProjectStartSettingDto }) projectStart!: ProjectStartSettingDto;
}

/**
 * A call as the caller may see it: its configuration, the timeline in its legal time zone, the agencies' answers for
 * staff.
 */
export class CallViewDto extends OmitType(CreateCallDto, ['timeline', 'settings'] as const) {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CallSettingsViewDto }) settings!: CallSettingsViewDto;
  @ApiProperty({
    enum: CALL_STATES,
    description:
      'SPEC §4. After DECIDED: MONITORING once the reserve list is closed, no promotion awaits the agencies and every ' +
      'funded project has started (its consortium agreement accepted); CLOSED once every project is COMPLETED or ' +
      'TERMINATED (a decision that funded nothing closes with the reserve list). CLOSED is final.',
  })
  state!: string;
  @ApiProperty({ type: String, nullable: true }) stateReason!: string | null;
  @ApiProperty({ type: ZonedTimelineDto }) timeline!: ZonedTimelineDto;
  @ApiProperty({ type: [String], description: 'Regions whose agency confirmed its commitment' })
  participatingRegions!: string[];
  @ApiPropertyOptional({ type: [CallCommitmentDto], description: 'Staff of the call only' })
  commitments?: CallCommitmentDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AlignmentStartedDto {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ enum: ['FUND_ALIGNMENT'], description: 'The call’s state once the start is acknowledged' })
  state!: 'FUND_ALIGNMENT';
}

export class DeadlineExtendedDto {
  @ApiProperty() field!: string;
  @ApiProperty({ description: 'The new deadline, ISO-8601' }) deadline!: string;
}

export class CallCancelledDto {
  @ApiProperty({ enum: ['CANCELLED'] }) state!: 'CANCELLED';
}

export class BudgetRegionLineDto {
  @ApiProperty() regionCode!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Minor units of `currency`' }) committed!: number;
  @ApiProperty() flexibility!: number;
  @ApiProperty({ description: 'Held by a decision awaiting approval' }) proposed!: number;
  @ApiProperty() allocated!: number;
  @ApiProperty() released!: number;
  @ApiProperty() paid!: number;
  @ApiProperty({ description: 'EUR reference (minor units) at the call’s reference rates' }) committedEur!: number;
  @ApiProperty() flexibilityEur!: number;
  @ApiProperty() proposedEur!: number;
  @ApiProperty() allocatedEur!: number;
  @ApiProperty() releasedEur!: number;
  @ApiProperty() paidEur!: number;
}

export class BudgetAmountsDto {
  @ApiProperty() committed!: number;
  @ApiProperty() flexibility!: number;
  @ApiProperty() proposed!: number;
  @ApiProperty() allocated!: number;
  @ApiProperty() released!: number;
  @ApiProperty() paid!: number;
}

export class CurrencyBudgetDto extends BudgetAmountsDto {
  @ApiProperty() currency!: string;
}

export class CallBudgetDto {
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ enum: CALL_STATES }) state!: string;
  @ApiProperty({ type: [BudgetRegionLineDto] }) regions!: BudgetRegionLineDto[];
  @ApiProperty({ type: [CurrencyBudgetDto] }) totalsByCurrency!: CurrencyBudgetDto[];
  @ApiProperty({ type: BudgetAmountsDto, description: 'Totals in EUR (minor units) at the reference rates' })
  eurReference!: BudgetAmountsDto;
}

export class CommitmentResultDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ description: 'Minor units' }) flexibility!: number;
}
