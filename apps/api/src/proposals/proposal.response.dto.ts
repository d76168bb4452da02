import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { PROPOSAL_STATES } from '@app/domain';
import { CreateProposalDto } from './proposal.dto';

export class ProposalPartnerViewDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() legalName!: string;
  @ApiProperty() organisationType!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['COORDINATOR', 'PARTNER'] }) role!: string;
  @ApiProperty({ description: 'INVITED, ACCEPTED, …' }) status!: string;
  @ApiProperty() funded!: boolean;
  @ApiPropertyOptional({ description: 'Minor units; only for the regions the caller may see budgets of' })
  eligibleCosts?: number;
  @ApiPropertyOptional({ description: 'Minor units; only for the regions the caller may see budgets of' })
  requestedGrant?: number;
}

export class RegionalRequestDto {
  @ApiProperty() regionCode!: string;
  @ApiProperty({ description: 'Minor units of the region’s currency' }) requestedGrant!: number;
  @ApiProperty({ description: 'Funded partners of the region' }) partnerCount!: number;
}

export class ConsortiumChangeDto {
  @ApiProperty({ enum: ['PARTNER_ADDED', 'PARTNER_REMOVED'] }) code!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
}

/** A proposal as the caller may see it: its content, its consortium (budgets per visible region), its state. */
export class ProposalViewDto extends OmitType(CreateProposalDto, [
  'coordinatorOrganisationId',
  'preProposalId',
] as const) {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ description: '1, or 2 for the full proposal of a two-stage call' }) stage!: number;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: string;
  @ApiProperty({ format: 'uuid' }) coordinatorOrganisationId!: string;
  @ApiProperty({ description: 'The draft revision; submit names the one reviewed' }) revision!: number;
  @ApiProperty({ type: Number, nullable: true }) lastVersion!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastSubmittedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) withdrawnReason!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'Why it is ineligible (each a rule’s message)' })
  eligibilityReasons!: string[] | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) preProposalId!: string | null;
  @ApiProperty({
    type: [ConsortiumChangeDto],
    nullable: true,
    description: 'A full proposal’s consortium changes against its pre-proposal',
  })
  consortiumChanges!: ConsortiumChangeDto[] | null;
  @ApiProperty({ type: [ProposalPartnerViewDto] }) partners!: ProposalPartnerViewDto[];
  @ApiProperty({ type: [RegionalRequestDto] }) requestedFundingByRegion!: RegionalRequestDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class EligibilityDecisionViewDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: ['PENDING', 'ELIGIBLE', 'INELIGIBLE'] }) decision!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() decidedOnBehalf!: boolean;
  @ApiProperty() dueAt!: string;
  @ApiProperty({ type: String, nullable: true }) escalatedAt!: string | null;
}

export class ProposalDetailDto extends ProposalViewDto {
  @ApiProperty({
    type: [EligibilityDecisionViewDto],
    description: 'The regional eligibility decisions the caller may see',
  })
  eligibilityDecisions!: EligibilityDecisionViewDto[];
}

export class RuleViolationDto {
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional({ description: 'E1–E5' }) rule?: string;
  @ApiProperty() code!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional({
    allOf: [{ $ref: '#/components/schemas/ProblemParams' }],
    description: 'The values the message names (docs/problem-codes.md), for wording it in any language',
  })
  params?: Record<string, string | number | boolean | string[]>;
}

export class EligibilityCheckDto {
  @ApiProperty() eligible!: boolean;
  @ApiProperty({ type: [RuleViolationDto], description: 'Every failure, all at once' }) violations!: RuleViolationDto[];
}

export class SubmissionReceiptDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ description: 'When the submission’s transaction checked the deadline, in the call’s time zone' })
  submittedAt!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the RFC 8785 canonical JSON of the submitted content' })
  sha256!: string;
}

export class ProposalWithdrawnDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['WITHDRAWN'] }) state!: 'WITHDRAWN';
  @ApiProperty() withdrawnReason!: string;
  @ApiPropertyOptional({ description: 'A selected proposal: the budget its failed grants freed for the reserve list' })
  freed?: number;
}

export class ProposalVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ format: 'uuid' }) submittedBy!: string;
}

export class ProposalVersionContentDto extends ProposalVersionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The submitted content, exactly what the receipt’s SHA-256 covers',
  })
  content!: Record<string, unknown>;
}

export class EligibilityDecisionRecordedDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ enum: ['ELIGIBLE', 'INELIGIBLE'] }) decision!: string;
  @ApiProperty({ description: 'A programme manager decided on the agency’s behalf' }) onBehalf!: boolean;
  @ApiProperty({ enum: PROPOSAL_STATES, description: 'ELIGIBILITY_CHECK while other decisions are pending' })
  proposalState!: string;
  @ApiProperty({ type: [String], description: 'Why it is ineligible; empty otherwise' }) reasons!: string[];
}

export class AgencyEligibilityExtendedDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() deadline!: string;
  @ApiProperty({ description: 'Decisions of the agency still missing' }) pendingDecisions!: number;
}

export class AttachmentDto {
  @ApiProperty() name!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'SHA-256 (hex) of the file' }) sha256!: string;
}

export class RegionalAnnexSavedDto {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ description: 'In the call’s time zone' }) dueAt!: string;
}
