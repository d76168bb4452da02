import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

export class DecisionEntryDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'SELECTED, RESERVE, NOT_FUNDED, …' }) outcome!: string;
  @ApiProperty({ type: 'array', items: { type: 'string' } }) reasons!: string[];
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Per region: currency, requested, allocated, gap (and per partner for programme managers)' }) amounts!: unknown[];
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
  @ApiProperty({ enum: ['PROPOSED', 'RETURNED', 'DECIDED'] }) status!: string;
  @ApiProperty({ description: 'The allocation policy of the call' }) policy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ ...OBJECT, description: 'The walk’s summary (programme managers only)' }) summary?: Record<string, unknown>;
  @ApiProperty({ type: [DecisionEntryDto] }) entries!: DecisionEntryDto[];
  @ApiProperty({ type: [DecisionApprovalDto] }) approvals!: DecisionApprovalDto[];
}

export class FundingDecisionAnswerDto {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ enum: ['APPROVED', 'OBJECTED'] }) answer!: string;
  @ApiProperty({ enum: ['PROPOSED', 'RETURNED', 'DECIDED'], description: 'DECIDED after the last approval, RETURNED after an objection' }) decisionStatus!: string;
}

export class WhatIfResultDto {
  @ApiProperty({ ...OBJECT, description: 'The F1 walk with the changed commitments (nothing saved)' }) allocation!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'In rank order: for each reserve proposal, the top-up per region that funds it' }) topUps!: unknown[];
}

export class ReserveListClosedDto {
  @ApiProperty({ description: 'RESERVE proposals that became NOT_FUNDED' }) closed!: number;
}

export class GrantWithdrawnDto {
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ enum: ['FAILED'] }) status!: 'FAILED';
  @ApiProperty({ description: 'Budget freed for the reserve list (minor units)' }) freed!: number;
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
  @ApiPropertyOptional({ type: 'array', items: OBJECT, description: 'regionCode, agencyName, conditions' }) conditions?: unknown[];
  @ApiPropertyOptional({ ...OBJECT, nullable: true, description: 'RESERVE: reasons and blocking regions' }) reserve?: Record<string, unknown> | null;
  @ApiPropertyOptional({ ...OBJECT, nullable: true, description: 'The evaluation summary report: consensus per criterion, totals, threshold reasons' }) report?: Record<string, unknown> | null;
  @ApiPropertyOptional({ type: String, nullable: true }) projectStart?: string | null;
  @ApiPropertyOptional({ type: 'array', items: OBJECT, description: 'Grants with their instalments' }) grants?: unknown[];
}
