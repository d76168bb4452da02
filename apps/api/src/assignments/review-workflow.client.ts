import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowIds } from '@app/contracts';
import { DomainError } from '@app/domain';
import { WorkflowSignalOutboxRepository } from '@app/persistence';
import { TemporalClientHolder } from '@app/temporal';
import { executeUpdateWithRetry } from '../workflow-updates/execute-update';

/**
 * The API's side of a proposal's review workflow (`review-<proposalId>-s<stage>`): evaluators' answers and submissions.
 * An answer sent while the workflow is still being started (the assignment job has committed its offers, the relay
 * has not started it yet) is handed to it with update-with-start.
 */
@Injectable()
export class ReviewWorkflowClient {
  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  update<Ret, Arg>(
    proposalId: string,
    stageNo: number,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId: string = randomUUID(),
  ): Promise<Ret> {
    const workflowId = WorkflowIds.proposalReview(proposalId, stageNo);
    const handle = this.temporal.client.workflow.getHandle(workflowId);
    return executeUpdateWithRetry(
      handle,
      definition,
      arg,
      updateId,
      () =>
        new DomainError(
          'REVIEW_NOT_RUNNING',
          'The review of this proposal is not running: it has finished.',
          'conflict',
        ),
      () => this.signals.pendingStart(workflowId),
    );
  }
}
