import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { changeProjectStateUpdate, type ChangeProjectStateRequest } from '@app/contracts';
import { auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { ProjectStateChangeDto, ReasonDto } from './project.dto';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ProjectActionResultDto } from './project.response.dto';

/**
 * SPEC §4 Project: the programme manager suspends (reminders pause, nothing is released), resumes (what was
 * earned meanwhile is released) or terminates (with a reason; nothing more is released) a project — updates of
 * its workflow, refused with 409 naming the current state when the lifecycle does not allow them.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Roles('PROGRAMME_MANAGER')
@Controller('projects/:id')
export class ProjectLifecycleController {
  constructor(private readonly workflow: ProjectWorkflowClient) {}

  @Post('suspend')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Suspend the project, with a reason: reminders pause and no instalment is released until it resumes',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('NOT_FOUND', 'PROJECT_CLOSED', 'WORKFLOW_UNAVAILABLE', 'ILLEGAL_PROJECT_TRANSITION', 'REASON_REQUIRED')
  suspend(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @CurrentUser() user: Principal) {
    return this.change(id, 'SUSPEND', body.reason, user);
  }

  @Post('resume')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a suspended project; instalments earned meanwhile are released' })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('NOT_FOUND', 'PROJECT_CLOSED', 'WORKFLOW_UNAVAILABLE', 'ILLEGAL_PROJECT_TRANSITION', 'REASON_REQUIRED')
  resume(
    @Param('id', uuidParam('id')) id: string,
    @Body() _body: ProjectStateChangeDto,
    @CurrentUser() user: Principal,
  ) {
    return this.change(id, 'RESUME', undefined, user);
  }

  @Post('terminate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Terminate the project, with a reason: no further money is released (released instalments can still be ' +
      'confirmed as paid)',
  })
  @ApiOkResponse({ type: ProjectActionResultDto })
  @ApiErrorCodes('NOT_FOUND', 'PROJECT_CLOSED', 'WORKFLOW_UNAVAILABLE', 'ILLEGAL_PROJECT_TRANSITION', 'REASON_REQUIRED')
  terminate(@Param('id', uuidParam('id')) id: string, @Body() body: ReasonDto, @CurrentUser() user: Principal) {
    return this.change(id, 'TERMINATE', body.reason, user);
  }

  private change(id: string, event: ChangeProjectStateRequest['event'], reason: string | undefined, user: Principal) {
    return this.workflow.update(id, changeProjectStateUpdate, {
      event,
      ...(reason ? { reason } : {}),
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
  }
}
