import { Injectable, NotFoundException } from '@nestjs/common';
import { ASSIGNMENT_JOB_WORKFLOW_TYPE, TaskQueues, WorkflowIds, startJobSignal } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  JobRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
  type AuditActor,
  type JobRecord,
} from '@app/persistence';

export interface RequestAutoAssignmentInput {
  callId: string;
  stageNo?: number;
  actor: AuditActor;
  /** Moves the call from ELIGIBILITY_CHECK to IN_EVALUATION (the call workflow's update) the first time. */
  startEvaluation: (state: string) => Promise<void>;
}

/**
 * A programme manager asks for the auto-assignment of a stage (SPEC V1–V4): the evaluation starts the
 * first time, and a queued job is created and started through the workflow outbox in one transaction,
 * so that an accepted job always runs. One job per call at a time.
 */
@Injectable()
export class RequestAutoAssignmentUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly calls: CallRepository,
    private readonly jobs: JobRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: RequestAutoAssignmentInput): Promise<JobRecord> {
    const { callId, actor } = input;
    const call = await this.uow.read((tx) => this.calls.find(tx, callId));
    if (!call) throw new NotFoundException(`Call ${callId} not found.`);
    const stageNo = input.stageNo ?? call.currentStage;
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
    if (call.state === 'ELIGIBILITY_CHECK') await input.startEvaluation(call.state);

    return this.uow.run(async (tx) => {
      const jobId = await this.jobs.create(tx, {
        kind: 'AUTO_ASSIGNMENT',
        callId,
        parameters: { stageNo },
        startedBy: actor.userId,
      });
      if (jobId === null) {
        const running = await this.jobs.activeForCall(tx, callId);
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
      await this.signals.enqueue(tx, {
        dedupeKey: `assignment-job:${jobId}`,
        workflowId: WorkflowIds.assignmentJob(jobId),
        workflowType: ASSIGNMENT_JOB_WORKFLOW_TYPE,
        taskQueue: TaskQueues.main,
        startArgs: [{ jobId }],
        signal: startJobSignal,
        signalArgs: [],
      });
      await this.audit.record(tx, {
        actor,
        action: 'call.auto-assignment-requested',
        entityType: 'call',
        entityId: callId,
        after: { jobId, stageNo },
        businessKey: `auto-assignment-requested:${jobId}`,
      });
      return (await this.jobs.find(tx, jobId))!;
    });
  }
}
