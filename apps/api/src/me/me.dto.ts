import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { PageQueryDto, IsOptionalNotNull } from '@app/common';
import { PROPOSAL_STATES } from '@app/domain';
import { TASK_KIND_NAMES, TASK_WORKSPACES, type TaskWorkspace } from '@app/persistence';

const INSTANT = { description: 'ISO-8601 instant with offset, in the call’s legal time zone where there is one' };

export class MyProposalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROPOSAL_STATES }) @IsOptionalNotNull() @IsIn(PROPOSAL_STATES) state?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptionalNotNull() @IsUUID() callId?: string;
}

export class MyProposalItemView {
  @ApiProperty() id!: string;
  @ApiProperty() acronym!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: PROPOSAL_STATES }) state!: string;
  @ApiProperty() callId!: string;
  @ApiProperty() callTitle!: string;
  @ApiProperty({ example: 'Europe/Brussels' }) timeZone!: string;
  @ApiProperty({
    ...INSTANT,
    type: String,
    nullable: true,
    description: 'The submission deadline of the proposal’s stage, in the call’s legal time zone',
  })
  submissionDeadline!: string | null;
  @ApiProperty({ description: 'The caller’s organisation in this proposal' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: ['COORDINATOR', 'PARTNER'] }) role!: 'COORDINATOR' | 'PARTNER';
  @ApiProperty({
    enum: ['PENDING', 'ACCEPTED', 'DECLINED'],
    nullable: true,
    type: String,
    description: 'A partner’s invitation; null for the coordinator',
  })
  invitationState!: 'PENDING' | 'ACCEPTED' | 'DECLINED' | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The last submitted version; null before the first submission',
  })
  lastVersion!: number | null;
  @ApiProperty({ description: 'ISO-8601 instant (UTC)' }) updatedAt!: string;
}

export class MyProposalPageView {
  @ApiProperty({ type: [MyProposalItemView], description: 'Most recently changed first' }) items!: MyProposalItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class TaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TASK_WORKSPACES, description: 'Only the tasks of one workspace' })
  @IsOptionalNotNull()
  @IsIn(TASK_WORKSPACES)
  workspace?: TaskWorkspace;
}

export class TaskItemView {
  @ApiProperty({
    description: 'Stable for the same task: its kind and the ids it is about',
    example: 'OFFER_TO_ANSWER:1b4e…',
  })
  id!: string;
  @ApiProperty({ enum: TASK_KIND_NAMES }) kind!: string;
  @ApiProperty({ enum: TASK_WORKSPACES }) workspace!: TaskWorkspace;
  @ApiProperty({ ...INSTANT, type: String, nullable: true }) dueAt!: string | null;
  @ApiProperty({ description: 'The web app route that does the task', example: '/assignments/1b4e…' }) link!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    description: 'What the page shows: ids, acronym, call title, counts, dates (in the call’s time zone), by kind',
    example: { proposalId: '…', acronym: 'ALPS', callTitle: 'Alpine Cluster Innovation Express', callId: '…' },
  })
  params!: Record<string, string | number | boolean | null>;
}

export class TaskPageView {
  @ApiProperty({ type: [TaskItemView], description: 'Soonest due first; undated tasks last' }) items!: TaskItemView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
