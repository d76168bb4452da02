import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { startEvaluationUpdate } from '@app/contracts';
import {
  auditRoleOf,
  CurrentUser,
  decodeIdCursor,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { RequestAutoAssignmentUseCase } from '@app/application';
import { CallRepository, ReviewAssignmentRepository, UnitOfWork } from '@app/persistence';
import { CallWorkflowClient } from '../calls/call-workflow.client';
import { AssignmentListQueryDto, AssignmentView, AutoAssignmentDto, JobView } from './assignment.dto';
import { assignmentView, jobView } from './assignment-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';
import { PageOf } from '../openapi/page-of';

/** The slice of the HTTP response this controller touches. */
interface HeaderResponse {
  setHeader(name: string, value: string): void;
}

/** SPEC §9 `POST /calls/{id}/assignments/auto` and the call's assignment list (programme managers). */
@ApiTags('assignments')
@ApiBearerAuth()
@Controller()
export class AutoAssignmentController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly requestAutoAssignment: RequestAutoAssignmentUseCase,
    private readonly callWorkflow: CallWorkflowClient,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post('calls/:id/assignments/auto')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Assign evaluators to the stage’s eligible proposals that have none yet (SPEC V1–V4), as a job',
    description:
      'Starts the evaluation (ELIGIBILITY_CHECK → IN_EVALUATION) the first time. The exact solver runs in the ' +
      'worker, off the event loop; ' +
      '`GET /jobs/{id}` shows progress, then the result with the proposals that could not be covered and why. One ' +
      'job per call at a time (409).',
  })
  @ApiAcceptedResponse({ type: JobView })
  @ApiErrorCodes('NOT_FOUND', 'CALL_STATE_CONFLICT', 'INVALID_STAGE', 'ASSIGNMENT_JOB_RUNNING')
  async auto(
    @Param('id', uuidParam('id')) callId: string,
    @Body() body: AutoAssignmentDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) res: HeaderResponse,
  ): Promise<JobView> {
    const actor = { userId: user.userId, role: auditRoleOf(user) };
    const job = await this.requestAutoAssignment.execute({
      callId,
      ...(body.stageNo !== undefined ? { stageNo: body.stageNo } : {}),
      actor,
      startEvaluation: async (state) => {
        await this.callWorkflow.update(callId, startEvaluationUpdate, { actor }, state);
      },
    });
    res.setHeader('Location', `/api/v1/jobs/${job.id}`);
    return jobView(job);
  }

  @Roles('PROGRAMME_MANAGER')
  @Get('calls/:id/assignments')
  @ApiOperation({
    summary:
      'The call’s assignments (offers, acceptances, declines, expiries, submitted reviews), filtered by proposal, ' +
      'evaluator, state',
  })
  @ApiOkResponse({ type: PageOf(AssignmentView) })
  @ApiErrorCodes('NOT_FOUND')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: AssignmentListQueryDto,
  ): Promise<Page<AssignmentView>> {
    const limit = query.limit ?? 50;
    const rows = await this.uow.read(async (tx) => {
      if (!(await this.calls.find(tx, callId))) throw new NotFoundException(`Call ${callId} not found.`);
      return this.assignments.listOfCall(tx, callId, {
        proposalId: query.proposalId,
        evaluatorId: query.evaluatorId,
        state: query.state,
        afterId: decodeIdCursor(query.cursor),
        limit: limit + 1,
      });
    });
    const page = toPage(rows, limit, (a) => a.id);
    return { items: page.items.map(assignmentView), nextCursor: page.nextCursor };
  }
}
