import * as path from 'node:path';
import { existsSync } from 'node:fs';
import type { Next } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, WorkerInterceptors } from '@temporalio/worker';
import { toApplicationFailure } from '@app/contracts';
import { DomainError } from '@app/domain';

/**
 * An activity refuses by throwing the domain's `DomainError` (from its use case); this turns it into the
 * typed, non-retryable `ApplicationFailure` the workflow and the API read. Retrying a refusal could not
 * change the answer, and every other error keeps the activity's retry policy.
 */
export class DomainRefusalInterceptor implements ActivityInboundCallsInterceptor {
  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      throw error instanceof DomainError ? toApplicationFailure(error) : error;
    }
  }
}

function resolveModule(withoutExtension: string): string {
  for (const ext of ['.ts', '.js']) if (existsSync(withoutExtension + ext)) return withoutExtension + ext;
  throw new Error(`Cannot find ${withoutExtension}.ts or .js`);
}

/** The workflow-side counterpart (update validators and handlers), bundled with the workflows. */
export const WORKFLOW_INTERCEPTORS_PATH = resolveModule(
  path.join(path.resolve(__dirname, '..', '..', '..'), 'workflows', 'interceptors'),
);

/** Every worker's interceptors (and the replayer's): give them to each `Worker.create`. */
export const workerInterceptors: WorkerInterceptors = {
  activity: [() => ({ inbound: new DomainRefusalInterceptor() })],
  workflowModules: [WORKFLOW_INTERCEPTORS_PATH],
};
