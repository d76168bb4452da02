import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ThresholdReasonDto } from '../evaluation/threshold-reason.response.dto';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class DecisionShortfallDto {
  @ApiProperty() regionCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'What the proposal’s partners in the region request, minor units' }) requested!: number;
  @ApiProperty({ description: 'What the region still had, minor units' }) available!: number;
  @ApiProperty({ description: 'requested − available, minor units' }) shortfall!: number;
}

/** Why a proposal is on the reserve list rather than selected (empty for a selected one). */
export class DecisionEntryReasonsDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'string' }, description: 'BELOW_A_GAP, INSUFFICIENT_BUDGET' })
  reasons?: string[];
  @ApiPropertyOptional({ type: [DecisionShortfallDto] }) shortfalls?: DecisionShortfallDto[];
}

export class DecisionEntryDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'SELECTED, RESERVE, NOT_FUNDED, …' }) outcome!: string;
  @ApiProperty({ type: DecisionEntryReasonsDto, nullable: true }) reasons!: DecisionEntryReasonsDto | null;
  @ApiProperty({
    type: 'array',
    items: OBJECT,
    description: 'Per region: currency, requested, allocated, gap (and per partner for programme managers)',
  })
  amounts!: unknown[];
  @ApiProperty({ description: 'EUR reference, minor units' }) requestedEur!: number;
}

export class DecisionApprovalDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['APPROVED', 'OBJECTED'] }) answer!: string;
  @ApiProperty({ type: String, nullable: true }) conditions!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() answeredAt!: string;
}

/** The call's current funding decision: outcome and regional amounts per ranked proposal, every agency's answer. */
export class FundingDecisionViewDto {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty({
    enum: ['PROPOSED', 'RETURNED', 'APPROVED', 'SUPERSEDED'],
    description: 'APPROVED once every agency approved (the call is decided); SUPERSEDED by a later revision',
  })
  status!: string;
  @ApiProperty({ description: 'The allocation policy of the call' }) policy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ ...OBJECT, description: 'The walk’s summary (programme managers only)' }) summary?: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: [DecisionEntryDto] }) entries!: DecisionEntryDto[];
  @ApiProperty({ type: [DecisionApprovalDto] }) approvals!: DecisionApprovalDto[];
}

export class FundingDecisionAnswerDto {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ enum: ['APPROVED', 'OBJECTED'] }) answer!: string;
  @ApiProperty({
    enum: ['PROPOSED', 'RETURNED', 'DECIDED'],
    description: 'DECIDED after the last approval, RETURNED after an objection',
  })
  decisionStatus!: string;
}

export class WhatIfResultDto {
  @ApiProperty({ ...OBJECT, description: 'The F1 walk with the changed commitments (nothing saved)' })
  allocation!: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: OBJECT,
    description: 'In rank order: for each reserve proposal, the top-up per region that funds it',
  })
  topUps!: unknown[];
}

export class ReserveListClosedDto {
  @ApiProperty({ description: 'RESERVE proposals that became NOT_FUNDED' }) closed!: number;
}

export class GrantWithdrawnDto {
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ enum: ['FAILED'] }) status!: 'FAILED';
  @ApiProperty({ description: 'Budget freed for the reserve list (minor units)' }) freed!: number;
}

export class OutcomeConditionDto {
  @ApiProperty() regionCode!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty() conditions!: string;
}

export class OutcomeReserveDto {
  @ApiProperty({ type: [String], description: 'The walk’s reasons' }) reasons!: string[];
  @ApiProperty({ type: [String], description: 'Regions whose budget blocks it (no figures)' })
  blockingRegions!: string[];
}

export class OutcomeCriterionDto {
  @ApiProperty() criterion!: string;
  @ApiProperty({ type: Number, nullable: true }) weight!: number | null;
  @ApiProperty() score!: number;
  @ApiProperty() comment!: string;
}

export class OutcomeReportDto {
  @ApiProperty() stageNo!: number;
  @ApiProperty({ type: [OutcomeCriterionDto], description: 'Consensus per criterion (no evaluator identities)' })
  criteria!: OutcomeCriterionDto[];
  @ApiProperty({ type: String, nullable: true }) weightedTotal!: string | null;
  @ApiProperty({ type: String, nullable: true }) unweightedSum!: string | null;
  @ApiProperty({ type: [ThresholdReasonDto] }) thresholdReasons!: ThresholdReasonDto[];
}

export class OutcomeMilestoneDto {
  @ApiProperty() index!: number;
  @ApiProperty({ type: String, nullable: true }) title!: string | null;
  @ApiProperty({ type: Number, nullable: true }) dueMonth!: number | null;
}

export class OutcomeInstalmentDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ enum: ['CONSORTIUM_AGREEMENT_ACCEPTED', 'MILESTONE', 'FINAL_REPORT'] }) trigger!: string;
  @ApiProperty({ type: OutcomeMilestoneDto, nullable: true }) milestone!: OutcomeMilestoneDto | null;
  @ApiProperty({ description: 'Basis points of the grant' }) shareBps!: number;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ enum: ['SCHEDULED', 'RELEASED', 'PAID'] }) status!: string;
}

export class OutcomeGrantDto {
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() agencyName!: string;
  @ApiProperty({ description: 'Minor units of `currency`' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: String, nullable: true }) conditions!: string | null;
  @ApiProperty() projectStart!: string;
  @ApiProperty({ enum: ['AWARDED', 'FAILED'] }) status!: string;
  @ApiProperty({ type: [OutcomeInstalmentDto] }) instalments!: OutcomeInstalmentDto[];
}

/** What the applicants see of their proposal's outcome: PENDING until the decision, then outcome, report and grants. */
export class ProposalOutcomeDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['PENDING', 'DECIDED'] }) status!: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional({ enum: ['SELECTED', 'RESERVE', 'NOT_FUNDED', 'BELOW_THRESHOLD'] }) outcome?: string;
  @ApiPropertyOptional({ type: Number, nullable: true }) rank?: number | null;
  @ApiPropertyOptional({ enum: ['APPROVED', 'APPROVED_WITH_CONDITIONS'], nullable: true }) approval?: string | null;
  @ApiPropertyOptional({ type: [OutcomeConditionDto] }) conditions?: OutcomeConditionDto[];
  @ApiPropertyOptional({ type: OutcomeReserveDto, nullable: true, description: 'RESERVE only' })
  reserve?: OutcomeReserveDto | null;
  @ApiPropertyOptional({ type: OutcomeReportDto, nullable: true, description: 'The V8 evaluation summary report' })
  report?: OutcomeReportDto | null;
  @ApiPropertyOptional({ type: String, nullable: true }) projectStart?: string | null;
  @ApiPropertyOptional({ type: [OutcomeGrantDto] }) grants?: OutcomeGrantDto[];
}
