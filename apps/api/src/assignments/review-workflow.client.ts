import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowIds } from '@app/contracts';
import { DomainError } from '@app/domain';
import { TemporalClientHolder } from '@app/temporal';
import { executeUpdateWithRetry } from '../workflow-updates/execute-update';

/**
 * The API's side of a proposal's review workflow (`review-<proposalId>-s<stage>`): evaluators' answers and submissions.
 */
@Injectable()
export class ReviewWorkflowClient {
  constructor(private readonly temporal: TemporalClientHolder) {}

  update<Ret, Arg>(
    proposalId: string,
    stageNo: number,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId: string = randomUUID(),
  ): Promise<Ret> {
    const handle = this.temporal.client.workflow.getHandle(WorkflowIds.proposalReview(proposalId, stageNo));
    return executeUpdateWithRetry(
      handle,
      definition,
      arg,
      updateId,
      () =>
        new DomainError(
          'REVIEW_NOT_RUNNING',
          'The review of this proposal is not running (not started yet, or finished).',
          'conflict',
        ),
    );
  }
}
