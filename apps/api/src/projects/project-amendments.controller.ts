import { Body, Controller, Get, HttpCode, HttpStatus, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { answerAmendmentUpdate } from '@app/contracts';
import { agencyIdsOf, auditRoleOf, CurrentUser, Roles, uuidParam, type Principal } from '@app/common';
import { ProjectAccess, RequestAmendmentUseCase } from '@app/application';
import { DomainError, type AmendmentRequest } from '@app/domain';
import { ProjectAmendmentRepository, UnitOfWork, type AmendmentRecord, type Tx } from '@app/persistence';
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
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly amendments: ProjectAmendmentRepository,
    private readonly requestAmendment: RequestAmendmentUseCase,
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
    const { justification, ...request } = body as AmendmentDto & AmendmentRequest;
    const amendmentId = await this.requestAmendment.execute({ user, projectId: id, justification, request });
    return this.uow.read((tx) => this.one(tx, amendmentId));
  }

  @Get()
  @ApiOperation({ summary: 'The project’s amendments with each agency’s answer' })
  @ApiOkResponse({ type: ListOf(AmendmentViewDto) })
  @ApiErrorCodes('NOT_FOUND')
  async list(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: Principal) {
    return this.uow.read(async (tx) => {
      await this.access.visible(tx, user, id);
      const ids = await this.amendments.idsOfProject(tx, id);
      return { items: await Promise.all(ids.map((amendmentId) => this.one(tx, amendmentId))) };
    });
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
    'WORKFLOW_UNAVAILABLE',
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
    'WORKFLOW_UNAVAILABLE',
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
    const amendment = await this.uow.read((tx) => this.amendments.find(tx, amendmentId));
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
    return { ...(await this.uow.read((tx) => this.one(tx, amendmentId))), projectState: result.projectState };
  }

  private async one(tx: Tx, amendmentId: string) {
    const a = (await this.amendments.find(tx, amendmentId)) as AmendmentRecord;
    const answers = await this.amendments.answers(tx, amendmentId);
    return {
      ...a,
      requestedAt: a.requestedAt.toISOString(),
      decidedAt: a.decidedAt?.toISOString() ?? null,
      answers: answers.map((x) => ({ ...x, answeredAt: x.answeredAt.toISOString() })),
    };
  }
}
