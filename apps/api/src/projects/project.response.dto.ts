import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AmendmentDto } from './project.dto';

const PROJECT_STATES = ['ACTIVE', 'SUSPENDED', 'COMPLETED', 'TERMINATED'];

export class ProjectMilestoneViewDto {
  @ApiProperty() idx!: number;
  @ApiProperty() title!: string;
  @ApiProperty() dueMonth!: number;
  @ApiProperty() dueAt!: string;
  @ApiProperty() overdueAt!: string;
  @ApiProperty() state!: string;
  @ApiProperty() midTerm!: boolean;
}

export class ProjectInstalmentViewDto {
  @ApiProperty({ format: 'uuid', description: 'What `POST /instalments/{id}/confirm-payment` takes' }) id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({ description: 'ADVANCE, MID_TERM, FINAL, …' }) trigger!: string;
  @ApiProperty({ description: 'Basis points of the grant' }) shareBps!: number;
  @ApiProperty({ description: 'Minor units of the grant’s currency' }) amount!: number;
  @ApiProperty() status!: string;
}

export class ProjectGrantViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() status!: string;
  @ApiProperty({ type: String, nullable: true }) conditions!: string | null;
  @ApiProperty({ type: [ProjectInstalmentViewDto] }) instalments!: ProjectInstalmentViewDto[];
}

/**
 * A funded project: its schedule, milestones, and the grants (those of the caller’s agencies for officers) with their
 * instalments.
 */
export class ProjectViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) callId!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty({ description: 'YYYY-MM-DD' }) startDate!: string;
  @ApiProperty() durationMonths!: number;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ enum: PROJECT_STATES }) state!: string;
  @ApiProperty({ description: 'NONE, SUBMITTED, RETURNED, ACCEPTED' }) consortiumAgreement!: string;
  @ApiProperty({ type: [ProjectMilestoneViewDto] }) milestones!: ProjectMilestoneViewDto[];
  @ApiProperty({ type: [ProjectGrantViewDto] }) grants!: ProjectGrantViewDto[];
}

export class ReleasedInstalmentDto {
  @ApiProperty({ format: 'uuid' }) instalmentId!: string;
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
}

/** The answer of a project workflow action (agreement, report, amendment, state change). */
export class ProjectActionResultDto {
  @ApiProperty({ enum: PROJECT_STATES }) projectState!: string;
  @ApiProperty({ description: 'The subject’s state after the action (the agreement, the report, the amendment)' })
  state!: string;
  @ApiProperty({ type: [ReleasedInstalmentDto], description: 'Instalments the action released' })
  released!: ReleasedInstalmentDto[];
}

export class ConsortiumAgreementUploadedDto {
  @ApiProperty({ enum: ['SUBMITTED'] }) state!: 'SUBMITTED';
  @ApiProperty() name!: string;
  @ApiProperty() mediaType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty() sha256!: string;
}

export class ReportPartViewDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() narrative!: string;
  @ApiProperty({ description: 'Minor units' }) costsIncurred!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) extraFields!: Record<string, string>;
}

/** A joint report (a milestone’s or a period’s), with the partner parts the caller may see. */
export class ProjectReportViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['MILESTONE', 'PERIODIC', 'FINAL'] }) kind!: string;
  @ApiProperty({ description: '`M<idx>` or the period' }) subject!: string;
  @ApiProperty({ type: Number, nullable: true }) milestoneIdx!: number | null;
  @ApiProperty({ type: Number, nullable: true }) periodSequence!: number | null;
  @ApiProperty() fromMonth!: number;
  @ApiProperty() toMonth!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'SUBMITTED, ACCEPTED, CHANGES_REQUESTED' }) state!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) deliverables!: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) kpiValues!: Record<string, number>;
  @ApiProperty({ format: 'uuid' }) submittedBy!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) comment!: string | null;
  @ApiProperty({ type: [ReportPartViewDto] }) partnerParts!: ReportPartViewDto[];
}

export class AmendmentAgencyAnswerDto {
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'] }) answer!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() answeredAt!: string;
}

export class AmendmentViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: AmendmentDto, description: 'What was asked' }) request!: AmendmentDto;
  @ApiProperty() justification!: string;
  @ApiProperty({ type: [String], description: 'Agencies whose approval it needs' }) requiredAgencies!: string[];
  @ApiProperty({ enum: ['PENDING', 'APPROVED', 'REJECTED'] }) state!: string;
  @ApiProperty({ format: 'uuid' }) requestedBy!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: [AmendmentAgencyAnswerDto] }) answers!: AmendmentAgencyAnswerDto[];
}

export class AmendmentAnsweredDto extends AmendmentViewDto {
  @ApiPropertyOptional({ enum: PROJECT_STATES }) projectState?: string;
}

export class InstalmentPaidDto {
  @ApiProperty({ format: 'uuid' }) instalmentId!: string;
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid' }) agencyId!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ enum: ['PAID'] }) state!: 'PAID';
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) projectId!: string | null;
}
