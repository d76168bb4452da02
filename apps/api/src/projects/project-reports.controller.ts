import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decideReportUpdate } from '@app/contracts';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { CommentDto, ProjectReportDto, RequiredCommentDto } from './project.dto';
import { ProjectReportsService } from './project-reports.service';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ListOf } from '../openapi/page-of';
import { ProjectActionResultDto, ProjectReportViewDto } from './project.response.dto';

/**
 * SPEC §9, M4, M6: joint reports. The coordinator submits one per milestone (`…/milestones/{idx}/report`) or
 * reporting period (`…/periods/{sequence}/report`, the last is the final report); the programme manager
 * accepts — releasing the linked instalments — or requests changes with a comment, as updates of the
 * project's workflow.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:id')
export class ProjectReportsController {
  constructor(
    private readonly reports: ProjectReportsService,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  @Roles('APPLICANT')
  @Post('milestones/:idx/report')
  @ApiOperation({
    summary:
      'Submit the joint report of a milestone (coordinator): summary, deliverables, KPI values to date, ' +
      'one part per funded partner with its programme’s extra fields',
  })
  @ApiCreatedResponse({ type: ProjectReportViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'COORDINATOR_ONLY',
    'PROJECT_CLOSED',
    'PROJECT_NOT_ACTIVE',
    'REPORT_ALREADY_SUBMITTED',
    'INVALID_REPORT',
    'ILLEGAL_MILESTONE_TRANSITION',
  )
  async submitMilestoneReport(
    @Param('id', uuidParam('id')) id: string,
    @Param('idx', ParseIntPipe) idx: number,
    @Body() body: ProjectReportDto,
    @CurrentUser() user: Principal,
  ) {
    return this.reports.submit(user, id, { kind: 'MILESTONE', idx }, body);
  }

  @Roles('APPLICANT')
  @Post('periods/:sequence/report')
  @ApiOperation({
    summary:
      'Submit the periodic report of a reporting period (every N months, default 6; ' +
      'the last period is the final report) (coordinator)',
  })
  @ApiCreatedResponse({ type: ProjectReportViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'COORDINATOR_ONLY',
    'PROJECT_CLOSED',
    'PROJECT_NOT_ACTIVE',
    'REPORT_ALREADY_SUBMITTED',
    'INVALID_REPORT',
    'ILLEGAL_MILESTONE_TRANSITION',
  )
  async submitPeriodReport(
    @Param('id', uuidParam('id')) id: string,
    @Param('sequence', ParseIntPipe) sequence: number,
    @Body() body: ProjectReportDto,
    @CurrentUser() user: Principal,
  ) {
    return this.reports.submit(user, id, { kind: 'PERIOD', sequence }, body);
  }

  @Get('reports')
  @ApiOperation({
    summary:
      'The project’s reports, every revision; an agency sees the project-level part and its own partners’ parts only',
  })
  @ApiOkResponse({ type: ListOf(ProjectReportViewDto) })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.reports.list(user, id);
  }

  @Get('reports/:reportId')
  @ApiOperation({ summary: 'One report as the caller may see it' })
  @ApiOkResponse({ type: ProjectReportViewDto })
  @ApiErrorCodes('NOT_FOUND')
  async one(
    @Param('id', uuidParam('id')) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @CurrentUser() user: Principal,
  ) {
    return this.reports.one(user, id, reportId);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('reports/:reportId/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Accept a submitted report: its milestone is ACCEPTED and the linked instalments are released to each ' +
      'funded partner’s agency (not before the consortium agreement is accepted)',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'REPORT_NOT_FOUND',
    'ILLEGAL_REPORT_TRANSITION',
    'ILLEGAL_MILESTONE_TRANSITION',
    'COMMENT_REQUIRED',
    'PROJECT_CLOSED',
    'WORKFLOW_UNAVAILABLE',
  )
  async accept(
    @Param('id', uuidParam('id')) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() body: CommentDto,
    @CurrentUser() user: Principal,
  ) {
    return this.decide(id, reportId, true, body.comment, user);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('reports/:reportId/request-changes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a submitted report back with a comment; the coordinator submits a new revision' })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'REPORT_NOT_FOUND',
    'ILLEGAL_REPORT_TRANSITION',
    'ILLEGAL_MILESTONE_TRANSITION',
    'COMMENT_REQUIRED',
    'PROJECT_CLOSED',
    'WORKFLOW_UNAVAILABLE',
  )
  async requestChanges(
    @Param('id', uuidParam('id')) id: string,
    @Param('reportId', uuidParam('reportId')) reportId: string,
    @Body() body: RequiredCommentDto,
    @CurrentUser() user: Principal,
  ) {
    return this.decide(id, reportId, false, body.comment, user);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('milestones/:idx/accept')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept the milestone’s submitted report (SPEC §9 form of `reports/{reportId}/accept`)' })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'REPORT_NOT_FOUND',
    'ILLEGAL_REPORT_TRANSITION',
    'ILLEGAL_MILESTONE_TRANSITION',
    'COMMENT_REQUIRED',
    'PROJECT_CLOSED',
    'WORKFLOW_UNAVAILABLE',
    'NO_REPORT_TO_DECIDE',
  )
  async acceptMilestone(
    @Param('id', uuidParam('id')) id: string,
    @Param('idx', ParseIntPipe) idx: number,
    @Body() body: CommentDto,
    @CurrentUser() user: Principal,
  ) {
    return this.decide(id, await this.reports.openReportOfMilestone(id, idx), true, body.comment, user);
  }

  @Roles('PROGRAMME_MANAGER')
  @Post('milestones/:idx/request-changes')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Send the milestone’s submitted report back with a comment ' +
      '(SPEC §9 form of `reports/{reportId}/request-changes`)',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'REPORT_NOT_FOUND',
    'ILLEGAL_REPORT_TRANSITION',
    'ILLEGAL_MILESTONE_TRANSITION',
    'COMMENT_REQUIRED',
    'PROJECT_CLOSED',
    'WORKFLOW_UNAVAILABLE',
    'NO_REPORT_TO_DECIDE',
  )
  async requestMilestoneChanges(
    @Param('id', uuidParam('id')) id: string,
    @Param('idx', ParseIntPipe) idx: number,
    @Body() body: RequiredCommentDto,
    @CurrentUser() user: Principal,
  ) {
    return this.decide(id, await this.reports.openReportOfMilestone(id, idx), false, body.comment, user);
  }

  private decide(projectId: string, reportId: string, accept: boolean, comment: string | undefined, user: Principal) {
    return this.workflow.update(projectId, decideReportUpdate, {
      reportId,
      accept,
      ...(comment ? { comment } : {}),
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
  }
}
