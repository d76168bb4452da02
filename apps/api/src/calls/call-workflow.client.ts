import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds, type ActorRef } from '@app/contracts';
import { DomainError, type DomainErrorKind, type Violation } from '@app/domain';
import { TemporalClientHolder } from '@app/temporal';

const RETRYABLE_GRPC = new Set([8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */]);
const MAX_ATTEMPTS = 12;

function retryable(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (error instanceof ServiceError) {
    const code = (error.cause as { code?: number } | undefined)?.code;
    return code !== undefined && RETRYABLE_GRPC.has(code);
  }
  return false;
}

/** Finds the ApplicationFailure typed `<kind>:<CODE>` in a failure chain (handler or activity). */
function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof ApplicationFailure && current.type?.includes(':')) return current;
    current = current instanceof TemporalFailure || current instanceof Error ? (current as Error).cause : undefined;
  }
  return undefined;
}

function toDomainError(failure: ApplicationFailure): DomainError {
  const [kind, code] = (failure.type ?? 'rule:UNKNOWN').split(':') as [DomainErrorKind, string];
  const details = failure.details?.[0];
  const violations = Array.isArray(details) ? (details as Violation[]) : [];
  return new DomainError(code, failure.message, kind, violations);
}

/**
 * The API's side of the call workflow: starts it under its business id and sends updates, retrying
 * with backoff what Temporal turns away for load (more than 10 updates in flight) under the same
 * update id — so a retry is never applied twice — and turning the workflow's refusals into domain
 * errors (409 for state, 422 for rules). The SDK's gRPC layer already retries RESOURCE_EXHAUSTED a
 * few times (1 s initial backoff); this loop is the second layer for when those retries run out.
 */
@Injectable()
export class CallWorkflowClient {
  private readonly logger = new Logger(CallWorkflowClient.name);

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
        throw new DomainError('CALL_ALREADY_STARTED', 'The alignment of this call has already been started.', 'conflict');
      }
      throw error;
    }
    return workflowId;
  }

  async update<Ret, Arg>(callId: string, definition: UpdateDefinition<Ret, [Arg]>, arg: Arg, currentState: string, updateId: string = randomUUID()): Promise<Ret> {
    const handle = this.temporal.client.workflow.getHandle(WorkflowIds.call(callId));
    let delay = 50;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await handle.executeUpdate(definition, { args: [arg], updateId });
      } catch (error) {
        if (retryable(error) && attempt < MAX_ATTEMPTS) {
          this.logger.warn({ callId, updateId, attempt, reason: (error as Error).message }, `update ${definition.name} retried after ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, delay + Math.floor(Math.random() * delay)));
          delay = Math.min(delay * 2, 2_000);
          continue;
        }
        if (error instanceof WorkflowNotFoundError) {
          throw new DomainError('CALL_STATE_CONFLICT', `The call is ${currentState}; its lifecycle has not started or has ended.`, 'conflict');
        }
        if (error instanceof WorkflowUpdateFailedError) {
          const failure = applicationFailureOf(error);
          if (failure) throw toDomainError(failure);
        }
        throw error;
      }
    }
  }
}
