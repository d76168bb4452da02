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
import { DataSource } from 'typeorm';
import { ASSIGNMENT_JOB_WORKFLOW_TYPE, startEvaluationUpdate, TaskQueues, WorkflowIds } from '@app/contracts';
import {
  auditRoleOf,
  CurrentUser,
  decodeCursor,
  Roles,
  toPage,
  uuidParam,
  type Page,
  type Principal,
} from '@app/common';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  JobRepository,
  ReviewAssignmentRepository,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { CallWorkflowClient } from '../calls/call-workflow.client';
import { AssignmentListQueryDto, AssignmentView, AutoAssignmentDto, JobView } from './assignment.dto';
import { assignmentView, jobView } from './assignment-view';
import { ApiErrorCodes } from '../openapi/api-problems.decorator';

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
    private readonly dataSource: DataSource,
    private readonly calls: CallRepository,
    private readonly jobs: JobRepository,
    private readonly assignments: ReviewAssignmentRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly callWorkflow: CallWorkflowClient,
  ) {}

  @Roles('PROGRAMME_MANAGER')
  @Post('calls/:id/assignments/auto')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Assign evaluators to the stage’s eligible proposals that have none yet (SPEC V1–V4), as a job',
    description:
      'Starts the evaluation (ELIGIBILITY_CHECK → IN_EVALUATION) the first time. The exact solver runs in the worker, off the event loop; ' +
      '`GET /jobs/{id}` shows progress, then the result with the proposals that could not be covered and why. One job per call at a time (409).',
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
    const call = await this.calls.find(this.dataSource.manager, callId);
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    const stageNo = body.stageNo ?? call.currentStage;
    if (stageNo > call.configuration.stages) {
      throw new DomainError(
        'INVALID_STAGE',
        `A ${call.configuration.stages}-stage call has no stage ${stageNo}.`,
        'rule',
        [
          {
            field: 'stageNo',
            code: 'INVALID_STAGE',
            message: `At most ${call.configuration.stages}.`,
            params: { max: call.configuration.stages },
          },
        ],
        { stages: call.configuration.stages, stage: stageNo },
      );
    }
    if (call.state !== 'ELIGIBILITY_CHECK' && call.state !== 'IN_EVALUATION') {
      throw new DomainError(
        'CALL_STATE_CONFLICT',
        `The call is ${call.state}; evaluators are assigned from ELIGIBILITY_CHECK or IN_EVALUATION.`,
        'conflict',
        [],
        { state: call.state, allowed: ['ELIGIBILITY_CHECK', 'IN_EVALUATION'] },
      );
    }
    if (call.state === 'ELIGIBILITY_CHECK')
      await this.callWorkflow.update(callId, startEvaluationUpdate, { actor }, call.state);

    const job = await this.dataSource.transaction(async (manager) => {
      const jobId = await this.jobs.create(manager, {
        kind: 'AUTO_ASSIGNMENT',
        callId,
        parameters: { stageNo },
        startedBy: user.userId,
      });
      if (jobId === null) {
        const running = await this.jobs.activeForCall(manager, callId);
        throw new DomainError(
          'ASSIGNMENT_JOB_RUNNING',
          `An assignment of this call is already ${running?.status ?? 'running'} (job ${running?.id ?? '?'}).`,
          'conflict',
          [],
          {
            state: running?.status ?? 'running',
            jobId: running?.id ?? '?',
          },
        );
      }
      // Started through the workflow outbox in this transaction: an accepted job always runs.
      await this.signals.enqueue(manager, {
        dedupeKey: `assignment-job:${jobId}`,
        workflowId: WorkflowIds.assignmentJob(jobId),
        workflowType: ASSIGNMENT_JOB_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ jobId }],
        signalName: 'startJob',
        signalArgs: [],
      });
      await this.audit.record(manager, {
        actor,
        action: 'call.auto-assignment-requested',
        entityType: 'call',
        entityId: callId,
        after: { jobId, stageNo },
        businessKey: `auto-assignment-requested:${jobId}`,
      });
      return (await this.jobs.find(manager, jobId))!;
    });
    res.setHeader('Location', `/api/v1/jobs/${job.id}`);
    return jobView(job);
  }

  @Roles('PROGRAMME_MANAGER')
  @Get('calls/:id/assignments')
  @ApiOperation({
    summary:
      'The call’s assignments (offers, acceptances, declines, expiries, submitted reviews), filtered by proposal, evaluator, state',
  })
  @ApiOkResponse({ type: [AssignmentView] })
  @ApiErrorCodes('NOT_FOUND')
  async list(
    @Param('id', uuidParam('id')) callId: string,
    @Query() query: AssignmentListQueryDto,
  ): Promise<Page<AssignmentView>> {
    const manager = this.dataSource.manager;
    if (!(await this.calls.find(manager, callId))) throw new NotFoundException(`Call ${callId} not found.`);
    const limit = query.limit ?? 50;
    const rows = await this.assignments.listOfCall(manager, callId, {
      proposalId: query.proposalId,
      evaluatorId: query.evaluatorId,
      state: query.state,
      afterId: decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (a) => a.id);
    return { items: page.items.map(assignmentView), nextCursor: page.nextCursor };
  }
}
