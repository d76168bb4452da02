import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, uuidParam, type Principal } from '@app/common';
import { ProjectAccess } from '@app/application';
import { ProjectViewReadModel, UnitOfWork } from '@app/persistence';
import { CallAccess } from '../calls/call-access';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ListOf } from '../openapi/page-of';
import { ProjectViewDto } from './project.response.dto';

/**
 * SPEC §9 `GET /projects/{id}`, `GET /calls/{id}/projects`: funded projects with milestones and the caller's
 * view of the grants.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly calls: CallAccess,
    private readonly views: ProjectViewReadModel,
  ) {}

  @Get('projects/:id')
  @ApiOperation({
    summary:
      'A funded project: start, state, consortium agreement, milestones with due dates and states, ' +
      'grants and instalments (an agency sees its own partners’ grants only)',
  })
  @ApiOkResponse({ type: ProjectViewDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (tx) => {
      const { project, agencyIds } = await this.access.visible(tx, user, id);
      return this.views.view(tx, project, agencyIds);
    });
  }

  @Get('calls/:id/projects')
  @ApiOperation({
    summary:
      'The call’s funded projects the caller may see ' +
      '(programme managers: all; agencies: those with their grants; applicants: their own)',
  })
  @ApiOkResponse({ type: ListOf(ProjectViewDto) })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Param('id', uuidParam('id')) callId: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (tx) => {
      await this.calls.visible(tx, user, callId);
      const projects = await this.access.ofCall(tx, user, callId);
      return { items: await Promise.all(projects.map((p) => this.views.view(tx, p.project, p.agencyIds))) };
    });
  }
}
