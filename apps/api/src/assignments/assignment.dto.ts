import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';

export const ASSIGNMENT_STATES = [
  'OFFERED',
  'ACCEPTED',
  'DECLINED',
  'EXPIRED',
  'REVIEW_SUBMITTED',
  'WITHDRAWN',
] as const;

export class AutoAssignmentDto {
  @ApiPropertyOptional({
    enum: [1, 2],
    default: 1,
    description: 'The stage whose eligible proposals are assigned (2 = full proposals of a two-stage call)',
  })
  @IsOptionalNotNull()
  @IsInt()
  @IsIn([1, 2])
  stageNo?: 1 | 2;
}

export class JobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['AUTO_ASSIGNMENT'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) callId!: string | null;
  @ApiProperty({ enum: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] }) status!: string;
  @ApiProperty({ description: '`{ phase: candidates | solving | done, done, total }` while running' })
  progress!: Record<string, unknown>;
  @ApiProperty({
    nullable: true,
    description: 'Assigned pairs, totals and the proposals that could not be covered, with why',
  })
  result!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true }) error!: { message: string } | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
}

export class AssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsUUID() proposalId?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsUUID() evaluatorId?: string;
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATES })
  @IsOptionalNotNull()
  @IsIn(ASSIGNMENT_STATES)
  state?: (typeof ASSIGNMENT_STATES)[number];
}

export class ReviewQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSIGNMENT_STATES })
  @IsOptionalNotNull()
  @IsIn(ASSIGNMENT_STATES)
  state?: (typeof ASSIGNMENT_STATES)[number];
}

export class AssignmentView {
  @ApiProperty() id!: string;
  @ApiProperty() callId!: string;
  @ApiProperty() proposalId!: string;
  @ApiProperty() stageNo!: number;
  @ApiProperty({ description: 'Programme managers only; an evaluator sees its own assignments' }) evaluatorId!: string;
  @ApiProperty({ enum: ASSIGNMENT_STATES }) state!: string;
  @ApiProperty({ enum: ['AUTO', 'REPLACEMENT', 'MANUAL'] }) origin!: string;
  @ApiProperty({ minimum: 0, maximum: 100 }) affinity!: number;
  @ApiProperty({ example: "affinity 66: shares 'robotics', 'ai'" }) reason!: string;
  @ApiProperty() offeredAt!: string;
  @ApiProperty() offerExpiresAt!: string;
  @ApiProperty({ nullable: true, type: String }) respondedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
  @ApiProperty() reviewDueAt!: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
}

export class ReviewQueueItemView extends AssignmentView {
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ description: 'What the evaluator should do next: ANSWER_OFFER, WRITE_REVIEW or NONE' })
  nextAction!: string;
}

export class DeclineAssignmentRequestDto {
  @ApiProperty({ minLength: 1, maxLength: 2000, description: 'Why: a conflict, no time, outside the expertise' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class CriterionScoreDto {
  @ApiProperty() @IsString() @MaxLength(200) criterion!: string;
  @ApiPropertyOptional({ minimum: 0, maximum: 5, multipleOf: 0.5, nullable: true }) @IsOptional() score?: number | null;
  @ApiPropertyOptional({ maxLength: 5000, nullable: true }) @IsOptional() comment?: string | null;
}

export class ReviewDraftDto {
  @ApiProperty({
    type: [CriterionScoreDto],
    description: 'One line per criterion of the stage; a draft may leave lines, scores or comments out',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => CriterionScoreDto)
  scores!: CriterionScoreDto[];
}

export class ReviewView {
  @ApiProperty() assignmentId!: string;
  @ApiProperty({ enum: ['DRAFT', 'SUBMITTED'] }) state!: string;
  @ApiProperty({ type: [CriterionScoreDto] }) scores!: CriterionScoreDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Σ weight × score, exact decimal text, once submitted' })
  weightedTotal!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ nullable: true, type: String }) submittedAt!: string | null;
}

export class ManualAssignmentDto {
  @ApiProperty() @IsUUID() proposalId!: string;
  @ApiProperty({ description: 'An evaluator of the call’s pool who signed the declaration' })
  @IsUUID()
  evaluatorId!: string;
  @ApiPropertyOptional({ description: 'The open assignment (offered or accepted) this one replaces; it is withdrawn' })
  @IsOptionalNotNull()
  @IsUUID()
  replacesAssignmentId?: string;
  @ApiProperty({ minLength: 1, maxLength: 2000 }) @IsString() @MinLength(1) @MaxLength(2000) reason!: string;
}

export class ManualAssignmentView extends AssignmentView {
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Affinity of the replaced pair minus this one (negative: a gain); null without a replacement',
  })
  affinityLoss!: number | null;
}
