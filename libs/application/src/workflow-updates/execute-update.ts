import { Logger } from '@nestjs/common';
import {
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { toDomainError } from '@app/contracts';
import type { DomainError } from '@app/domain';

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
export function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth += 1) {
    if (current instanceof ApplicationFailure && current.type?.includes(':')) return current;
    current = current instanceof TemporalFailure || current instanceof Error ? (current as Error).cause : undefined;
  }
  return undefined;
}

const logger = new Logger('WorkflowUpdate');

/** How a workflow that the outbox has yet to start will be started (the first unsent signal's target). */
export interface PendingWorkflowStart {
  workflowType: string;
  taskQueue: string;
  startArgs: unknown[];
}

/**
 * Sends an update and waits for its result, retrying with backoff what Temporal turns away for load
 * (more than 10 updates in flight) under the same update id — so a retry is never applied twice — and
 * turning the workflow's refusals (`<kind>:<CODE>` failures) into domain errors: 409 for state, 422 for
 * rules. The SDK's gRPC layer already retries RESOURCE_EXHAUSTED a few times; this loop is the second
 * layer for when those retries run out.
 *
 * A workflow that Temporal does not know yet may be one whose start is still in the outbox (the step that
 * creates it has committed, the relay has not sent it): `pendingStart` says so, and the update is then handed
 * to it with update-with-start — started exactly as the relay would start it, or the running one used if the
 * relay got there first. Only a workflow that neither runs nor is being started answers `notFound`.
 */
export async function executeUpdateWithRetry<Ret, Arg>(
  handle: WorkflowHandle,
  definition: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId: string,
  notFound: () => DomainError | Promise<DomainError>,
  pendingStart?: () => Promise<PendingWorkflowStart | null>,
): Promise<Ret> {
  let delay = 50;
  let notFoundSeen = 0;
  let start: PendingWorkflowStart | null = null;
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (start) {
        const operation = new WithStartWorkflowOperation(start.workflowType, {
          workflowId: handle.workflowId,
          taskQueue: start.taskQueue,
          args: start.startArgs,
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        return await handle.client.executeUpdateWithStart(definition, {
          args: [arg],
          updateId,
          startWorkflowOperation: operation,
        });
      }
      return await handle.executeUpdate(definition, { args: [arg], updateId });
    } catch (error) {
      if (retryable(error) && attempt < MAX_ATTEMPTS) {
        logger.warn(
          { workflowId: handle.workflowId, updateId, attempt, reason: (error as Error).message },
          `update ${definition.name} retried after ${(error as Error).message}`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay + Math.floor(Math.random() * delay)));
        delay = Math.min(delay * 2, 2_000);
        continue;
      }
      if (error instanceof WorkflowNotFoundError && !start && pendingStart) {
        start = await pendingStart();
        // Nothing waits in the outbox: the relay may have started it between the update and the look-up (it marks a
        // signal sent only once Temporal has it), so one more plain attempt tells "just started" from "not running".
        if (start || notFoundSeen++ === 0) continue;
      }
      if (error instanceof WorkflowNotFoundError) throw await notFound();
      if (error instanceof WorkflowUpdateFailedError) {
        const failure = applicationFailureOf(error);
        if (failure) throw toDomainError(failure);
      }
      throw error;
    }
  }
}
