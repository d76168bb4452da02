import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, type EntityManager } from 'typeorm';
import { CurrentUser, uuidParam, type Principal } from '@app/common';
import { CallAccess } from '../calls/call-access';
import { ProjectAccess, type VisibleProject } from './project-access';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ListOf } from '../openapi/page-of';
import { ProjectViewDto } from './project.response.dto';

/** SPEC §9 `GET /projects/{id}`, `GET /calls/{id}/projects`: funded projects with milestones and the caller's view of the grants. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller()
export class ProjectsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly calls: CallAccess,
  ) {}

  @Get('projects/:id')
  @ApiOperation({
    summary:
      'A funded project: start, state, consortium agreement, milestones with due dates and states, grants and instalments (an agency sees its own partners’ grants only)',
  })
  @ApiOkResponse({ type: ProjectViewDto })
  @ApiErrorCodes('NOT_FOUND')
  async get(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    const manager = this.dataSource.manager;
    return this.view(manager, await this.access.visible(manager, user, id));
  }

  @Get('calls/:id/projects')
  @ApiOperation({
    summary:
      'The call’s funded projects the caller may see (programme managers: all; agencies: those with their grants; applicants: their own)',
  })
  @ApiOkResponse({ type: ListOf(ProjectViewDto) })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Param('id', uuidParam('id')) callId: string, @CurrentUser() user: Principal) {
    const manager = this.dataSource.manager;
    await this.calls.visible(manager, user, callId);
    const projects = await this.access.ofCall(manager, user, callId);
    return { items: await Promise.all(projects.map((p) => this.view(manager, p))) };
  }

  private async view(manager: EntityManager, { project, agencyIds }: VisibleProject) {
    const milestones: Array<{
      idx: number;
      title: string;
      dueMonth: number;
      dueAt: Date;
      overdueAt: Date;
      state: string;
      midTerm: boolean;
    }> = await manager.query(
      `SELECT idx, title, due_month AS "dueMonth", due_at AS "dueAt", overdue_at AS "overdueAt", state, mid_term AS "midTerm"
         FROM project_milestone WHERE project_id = $1 ORDER BY idx`,
      [project.id],
    );
    const grants: Array<{
      id: string;
      organisationId: string;
      agencyId: string;
      regionCode: string;
      amount: string;
      currency: string;
      status: string;
      conditions: string | null;
    }> = await manager.query(
      `SELECT id, organisation_id AS "organisationId", agency_id AS "agencyId", region_code AS "regionCode", amount, currency, status, conditions
         FROM funding_grant WHERE proposal_id = $1 AND ($2::uuid[] IS NULL OR agency_id = ANY($2)) ORDER BY region_code, organisation_id`,
      [project.proposalId, agencyIds],
    );
    const instalments: Array<{
      grantId: string;
      seq: number;
      trigger: string;
      shareBps: number;
      amount: string;
      status: string;
    }> = grants.length
      ? await manager.query(
          'SELECT grant_id AS "grantId", seq, trigger, share_bps AS "shareBps", amount, status FROM instalment WHERE grant_id = ANY($1) ORDER BY grant_id, seq',
          [grants.map((g) => g.id)],
        )
      : [];
    return {
      id: project.id,
      callId: project.callId,
      proposalId: project.proposalId,
      acronym: project.acronym,
      startDate: project.startDate,
      durationMonths: project.durationMonths,
      endsAt: project.endsAt.toISOString(),
      state: project.state,
      consortiumAgreement: project.consortiumAgreement,
      milestones: milestones.map((m) => ({ ...m, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() })),
      grants: grants.map((g) => ({
        ...g,
        amount: Number(g.amount),
        instalments: instalments
          .filter((i) => i.grantId === g.id)
          .map(({ grantId: _grant, ...i }) => ({ ...i, amount: Number(i.amount) })),
      })),
    };
  }
}
