import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource, type EntityManager } from 'typeorm';
import { answerAmendmentUpdate } from '@app/contracts';
import {
  agencyIdsOf,
  auditRoleOf,
  CurrentUser,
  organisationIdsOf,
  Roles,
  uuidParam,
  type Principal,
} from '@app/common';
import { amendmentApprovers, DomainError, validateAmendment, type AmendmentRequest, type Violation } from '@app/domain';
import { AuditWriter, ProjectAmendmentRepository, ProjectRepository, type AmendmentRow } from '@app/persistence';
import { ProjectAccess } from './project-access';
import { AmendmentAnswerDto, AmendmentDto } from './project.dto';
import { ProjectWorkflowClient } from './project-workflow.client';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { ListOf } from '../openapi/page-of';
import { AmendmentAnsweredDto, AmendmentViewDto } from './project.response.dto';

/**
 * Amendments (SPEC M6): the coordinator requests milestone date changes, a new duration, budget shifts
 * between one region's partners and partner changes in one request (validated by the domain, every problem
 * listed; one pending amendment per project); each affected agency approves or rejects it as an update of
 * the project's workflow; the last approval applies it and the workflow's timers follow the new dates.
 */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects/:id/amendments')
export class ProjectAmendmentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly amendments: ProjectAmendmentRepository,
    private readonly audit: AuditWriter,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  @Roles('APPLICANT')
  @Post()
  @ApiOperation({ summary: 'Request an amendment (coordinator): the affected agencies are asked to approve it' })
  @ApiCreatedResponse({ type: AmendmentViewDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'COORDINATOR_ONLY',
    'PROJECT_CLOSED',
    'PROJECT_NOT_ACTIVE',
    'EMPTY_AMENDMENT',
    'INVALID_AMENDMENT',
    'AMENDMENT_PENDING',
  )
  async request(@Param('id', uuidParam('id')) id: string, @Body() body: AmendmentDto, @CurrentUser() user: Principal) {
    const amendmentId = await this.dataSource.transaction(async (manager) => {
      await this.access.visible(manager, user, id);
      const project = (await this.projects.find(manager, id, true))!;
      if (!organisationIdsOf(user).includes(project.coordinatorOrganisationId))
        throw new DomainError('COORDINATOR_ONLY', 'The coordinator requests amendments.', 'forbidden');
      if (project.state !== 'ACTIVE' && project.state !== 'SUSPENDED')
        throw new DomainError('PROJECT_CLOSED', `The project is ${project.state}.`, 'conflict', [], {
          state: project.state,
        });
      const pending: Array<{ id: string }> = await manager.query(
        "SELECT id FROM project_amendment WHERE project_id = $1 AND state = 'PENDING'",
        [id],
      );
      if (pending.length > 0)
        throw new DomainError(
          'AMENDMENT_PENDING',
          `Amendment ${pending[0].id} still awaits the agencies; one at a time.`,
          'conflict',
          [],
          {
            amendmentId: pending[0].id,
          },
        );
      const { justification, ...request } = body as AmendmentDto & AmendmentRequest;
      const amendable = await this.amendments.amendable(manager, project);
      const violations = [
        ...validateAmendment(amendable, request),
        ...(await this.newPartnerViolations(manager, request)),
      ];
      if (violations.length)
        throw new DomainError(
          'INVALID_AMENDMENT',
          `The amendment has ${violations.length} problem(s).`,
          'rule',
          violations,
          { count: violations.length },
        );
      const approvers = amendmentApprovers(request, amendable.regionAgencies, amendable.partnerRegions);
      if (approvers.length === 0)
        throw new DomainError('EMPTY_AMENDMENT', 'The amendment changes nothing.', 'rule', [
          { field: 'body', code: 'EMPTY_AMENDMENT', message: 'change a date, a budget or a partner' },
        ]);
      const newId = randomUUID();
      await manager.query(
        'INSERT INTO project_amendment (id, project_id, request, justification, required_agencies, requested_by) VALUES ($1, $2, $3, $4, $5, $6)',
        [newId, id, JSON.stringify(request), justification, approvers, user.userId],
      );
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'amendment.requested',
        entityType: 'project',
        entityId: id,
        after: { amendmentId: newId, request, approvers },
      });
      await this.projects.notify(
        manager,
        project,
        { agencyIds: approvers },
        'AMENDMENT_REQUESTED',
        { reason: justification },
        `amendment-requested:${newId}`,
      );
      return newId;
    });
    return this.one(this.dataSource.manager, amendmentId);
  }

  @Get()
  @ApiOperation({ summary: 'The project’s amendments with each agency’s answer' })
  @ApiOkResponse({ type: ListOf(AmendmentViewDto) })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    const manager = this.dataSource.manager;
    await this.access.visible(manager, user, id);
    const rows: Array<{ id: string }> = await manager.query(
      'SELECT id FROM project_amendment WHERE project_id = $1 ORDER BY requested_at, id',
      [id],
    );
    return { items: await Promise.all(rows.map((r) => this.one(manager, r.id))) };
  }

  @Roles('AGENCY_OFFICER')
  @Post(':amendmentId/approve')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Approve the amendment for your agency; the last approval applies it' })
  @ApiOkResponse({ type: AmendmentAnsweredDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'AMENDMENT_NOT_FOUND',
    'AMENDMENT_ALREADY_ANSWERED',
    'ILLEGAL_AMENDMENT_TRANSITION',
    'BUDGET_OVERDRAWN',
    'PROJECT_CLOSED',
    'AGENCY_REQUIRED',
  )
  approve(
    @Param('id', uuidParam('id')) id: string,
    @Param('amendmentId', uuidParam('amendmentId')) amendmentId: string,
    @Body() body: AmendmentAnswerDto,
    @CurrentUser() user: Principal,
  ) {
    return this.answer(id, amendmentId, true, body, user);
  }

  @Roles('AGENCY_OFFICER')
  @Post(':amendmentId/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reject the amendment for your agency, with a reason' })
  @ApiOkResponse({ type: AmendmentAnsweredDto })
  @ApiErrorCodes(
    'NOT_FOUND',
    'AMENDMENT_NOT_FOUND',
    'AMENDMENT_ALREADY_ANSWERED',
    'ILLEGAL_AMENDMENT_TRANSITION',
    'REASON_REQUIRED',
    'PROJECT_CLOSED',
    'AGENCY_REQUIRED',
  )
  reject(
    @Param('id', uuidParam('id')) id: string,
    @Param('amendmentId', uuidParam('amendmentId')) amendmentId: string,
    @Body() body: AmendmentAnswerDto,
    @CurrentUser() user: Principal,
  ) {
    return this.answer(id, amendmentId, false, body, user);
  }

  private async answer(
    projectId: string,
    amendmentId: string,
    approve: boolean,
    body: AmendmentAnswerDto,
    user: Principal,
  ) {
    const amendment = await this.amendments.find(this.dataSource.manager, amendmentId);
    const mine = agencyIdsOf(user).filter(
      (a) => amendment?.projectId === projectId && amendment.requiredAgencies.includes(a),
    );
    // An officer answers only for an agency the amendment asks (others: as invisible as any other id).
    if (!amendment || mine.length === 0 || (body.agencyId !== undefined && !mine.includes(body.agencyId)))
      throw new NotFoundException(`Amendment ${amendmentId} not found.`);
    if (body.agencyId === undefined && mine.length > 1) {
      throw new DomainError(
        'AGENCY_REQUIRED',
        'You are an officer of several agencies asked: name the one you answer for.',
        'rule',
        [
          {
            field: 'agencyId',
            code: 'AGENCY_REQUIRED',
            message: `one of ${mine.join(', ')}`,
            params: { allowed: [...mine] },
          },
        ],
      );
    }
    const result = await this.workflow.update(projectId, answerAmendmentUpdate, {
      amendmentId,
      agencyId: body.agencyId ?? mine[0],
      approve,
      ...(body.reason ? { reason: body.reason } : {}),
      actor: { userId: user.userId, role: auditRoleOf(user) },
    });
    return { ...(await this.one(this.dataSource.manager, amendmentId)), projectState: result.projectState };
  }

  /** A new partner is an existing organisation of the region that funds it (the domain checks the rest). */
  private async newPartnerViolations(manager: EntityManager, request: AmendmentRequest): Promise<Violation[]> {
    const added = request.addPartners ?? [];
    if (added.length === 0) return [];
    const rows: Array<{ id: string; regionCode: string }> = await manager.query(
      'SELECT id, region_code AS "regionCode" FROM organisation WHERE id = ANY($1)',
      [added.map((a) => a.organisationId)],
    );
    return added.flatMap((a, i): Violation[] => {
      const found = rows.find((r) => r.id === a.organisationId);
      if (!found)
        return [
          {
            field: `addPartners[${i}].organisationId`,
            code: 'UNKNOWN_ORGANISATION',
            message: `Organisation ${a.organisationId} does not exist.`,
            params: { organisationId: a.organisationId },
          },
        ];
      if (found.regionCode !== a.regionCode)
        return [
          {
            field: `addPartners[${i}].regionCode`,
            code: 'ORGANISATION_OUTSIDE_REGION',
            message: `The organisation is in ${found.regionCode}, not ${a.regionCode}.`,
            params: { regionCode: found.regionCode, expected: a.regionCode },
          },
        ];
      return [];
    });
  }

  private async one(manager: EntityManager, amendmentId: string) {
    const a = (await this.amendments.find(manager, amendmentId)) as AmendmentRow;
    const answers = await this.amendments.answers(manager, amendmentId);
    return {
      ...a,
      requestedAt: a.requestedAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      answers: answers.map((x) => ({ ...x, answeredAt: x.answeredAt.toISOString() })),
    };
  }
}
