import { Logger } from '@nestjs/common';
import {
  ServiceError,
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

/**
 * Sends an update and waits for its result, retrying with backoff what Temporal turns away for load
 * (more than 10 updates in flight) under the same update id — so a retry is never applied twice — and
 * turning the workflow's refusals (`<kind>:<CODE>` failures) into domain errors: 409 for state, 422 for
 * rules. The SDK's gRPC layer already retries RESOURCE_EXHAUSTED a few times; this loop is the second
 * layer for when those retries run out. `notFound` answers for a workflow that does not run.
 */
export async function executeUpdateWithRetry<Ret, Arg>(
  handle: WorkflowHandle,
  definition: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
  updateId: string,
  notFound: () => DomainError,
): Promise<Ret> {
  let delay = 50;
  for (let attempt = 1; ; attempt += 1) {
    try {
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
      if (error instanceof WorkflowNotFoundError) throw notFound();
      if (error instanceof WorkflowUpdateFailedError) {
        const failure = applicationFailureOf(error);
        if (failure) throw toDomainError(failure);
      }
      throw error;
    }
  }
}
