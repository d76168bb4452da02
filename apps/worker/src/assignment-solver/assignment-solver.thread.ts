/**
 * Thread entry of `runAssignmentSolver`: solves the input of `workerData` with the pure solver, posts
 * throttled progress, then the result or the error, and returns (the runner terminates the thread).
 * Started as compiled JavaScript in the build, and through `@swc-node/register` from TypeScript.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError, solveAssignment, type AssignmentProgress } from '@app/domain';
import type {
  AssignmentSolverMessage,
  AssignmentSolverThreadData,
  SerializedSolverError,
} from './assignment-solver.protocol';

function serializeError(error: unknown): SerializedSolverError {
  if (error instanceof DomainError) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack,
      code: error.code,
      kind: error.kind,
      violations: error.violations,
      params: error.params,
    };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

function run(port: NonNullable<typeof parentPort>, data: AssignmentSolverThreadData): void {
  const post = (message: AssignmentSolverMessage): void => port.postMessage(message);
  let lastSent = Number.NEGATIVE_INFINITY;
  let lastPhase: AssignmentProgress['phase'] | undefined;
  const onProgress = (progress: AssignmentProgress): void => {
    if (!data.reportProgress) return;
    const now = performance.now();
    // At most one message per interval, except a phase's first report and the final `done`.
    if (progress.phase === 'done' || progress.phase !== lastPhase || now - lastSent >= data.progressIntervalMs) {
      lastSent = now;
      lastPhase = progress.phase;
      post({ type: 'progress', progress: { phase: progress.phase, done: progress.done, total: progress.total } });
    }
  };
  try {
    const { proposals, evaluators, options } = data.input;
    const result = solveAssignment(proposals, evaluators, options, onProgress);
    post({ type: 'result', result });
  } catch (error) {
    post({ type: 'error', error: serializeError(error) });
  }
}

if (parentPort) run(parentPort, workerData as AssignmentSolverThreadData);
