import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds, type ActorRef } from '@app/contracts';
import { DomainError } from '@app/domain';
import { TemporalClientHolder } from '@app/temporal';
import { executeUpdateWithRetry } from '../workflow-updates/execute-update';

/**
 * The API's side of the call workflow: starts it under its business id and sends updates (`executeUpdateWithRetry`).
 */
@Injectable()
export class CallWorkflowClient {
  constructor(private readonly temporal: TemporalClientHolder) {}

  async start(callId: string, agencyIds: string[], actor: ActorRef): Promise<string> {
    const workflowId = WorkflowIds.call(callId);
    try {
      await this.temporal.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId,
        taskQueue: TaskQueues.main,
        args: [{ callId, invitedAgencyIds: agencyIds, startedBy: actor }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        throw new DomainError(
          'CALL_ALREADY_STARTED',
          'The alignment of this call has already been started.',
          'conflict',
        );
      }
      throw error;
    }
    return workflowId;
  }

  async update<Ret, Arg>(
    callId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    currentState: string,
    updateId: string = randomUUID(),
  ): Promise<Ret> {
    const handle = this.temporal.client.workflow.getHandle(WorkflowIds.call(callId));
    return executeUpdateWithRetry(
      handle,
      definition,
      arg,
      updateId,
      () =>
        new DomainError(
          'CALL_STATE_CONFLICT',
          `The call is ${currentState}; its lifecycle has not started or has ended.`,
          'conflict',
          [],
          { state: currentState },
        ),
    );
  }
}
