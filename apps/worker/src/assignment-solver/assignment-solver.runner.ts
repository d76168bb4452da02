/**
 * Runs the reviewer-assignment solver (`solveAssignment` of @app/domain, SPEC §5 V1–V4) in a
 * `worker_threads` thread, off the worker's event loop (STYLE convention 18), with throttled progress.
 *
 * - From the compiled build (`dist/…/assignment-solver.runner.js`) the thread is the compiled
 *   `assignment-solver.thread.js` beside it. From TypeScript (jest, `node -r @swc-node/register`),
 *   where a thread inherits no transform, it is started from eval code that first requires
 *   `@swc-node/register` (with the repository's tsconfig, so `@app/*` paths resolve).
 * - Progress: at most one message per `progressIntervalMs` (default 100 ms), plus each phase's first
 *   report and the final `done`.
 * - An error in the thread rejects with an equivalent error: a `DomainError` with the same `code`,
 *   `kind` and `violations`; anything else as an `Error` with its name and message. The thread's stack
 *   is kept in the message's `cause`.
 * - The thread is terminated once the promise settles (result, error, or `signal` aborted; an abort
 *   rejects with `signal.reason`).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError, type AssignmentProgressListener, type AssignmentResult, type DomainErrorKind } from '@app/domain';
import type {
  AssignmentSolverInput,
  AssignmentSolverMessage,
  AssignmentSolverThreadData,
  SerializedSolverError,
} from './assignment-solver.protocol';

export type { AssignmentSolverInput } from './assignment-solver.protocol';

export const DEFAULT_PROGRESS_INTERVAL_MS = 100;
const THREAD_BASENAME = 'assignment-solver.thread';

export interface RunAssignmentSolverOptions {
  onProgress?: AssignmentProgressListener;
  signal?: AbortSignal;
  progressIntervalMs?: number;
}

/** Rebuilds an error posted by the thread. */
export function deserializeSolverError(error: SerializedSolverError): Error {
  const rebuilt =
    error.name === 'DomainError' && error.code !== undefined
      ? new DomainError(
          error.code,
          error.message,
          (error.kind ?? 'rule') as DomainErrorKind,
          error.violations ?? [],
          error.params,
        )
      : Object.assign(new Error(error.message), { name: error.name });
  if (error.stack) rebuilt.cause = `solver thread: ${error.stack}`;
  return rebuilt;
}

function findTsconfig(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function startThread(data: AssignmentSolverThreadData): Worker {
  if (path.extname(__filename) !== '.ts') {
    return new Worker(path.join(__dirname, `${THREAD_BASENAME}.js`), { workerData: data });
  }
  const register = require.resolve('@swc-node/register');
  const entry = path.join(__dirname, `${THREAD_BASENAME}.ts`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  const tsconfig = findTsconfig(__dirname);
  if (!env.SWC_NODE_PROJECT && !env.TS_NODE_PROJECT && tsconfig) env.SWC_NODE_PROJECT = tsconfig;
  const code = `require(${JSON.stringify(register)});\nrequire(${JSON.stringify(entry)});\n`;
  return new Worker(code, { eval: true, workerData: data, env });
}

export function runAssignmentSolver(
  input: AssignmentSolverInput,
  options: RunAssignmentSolverOptions = {},
): Promise<AssignmentResult> {
  const { onProgress, signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<AssignmentResult>((resolve, reject) => {
    const worker = startThread({
      input,
      reportProgress: onProgress !== undefined,
      progressIntervalMs: options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners('message');
      // Settle once the thread is gone, so that no solver thread outlives its promise.
      void worker.terminate().finally(outcome);
    };
    const onAbort = (): void => settle(() => reject(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (message: AssignmentSolverMessage) => {
      if (message.type === 'progress') {
        try {
          onProgress?.(message.progress);
        } catch (error) {
          settle(() => reject(error));
        }
      } else if (message.type === 'result') {
        settle(() => resolve(message.result));
      } else {
        settle(() => reject(deserializeSolverError(message.error)));
      }
    });
    worker.on('error', (error: unknown) => settle(() => reject(error)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the assignment solver thread exited (code ${code}) without a result`))),
    );
  });
}
