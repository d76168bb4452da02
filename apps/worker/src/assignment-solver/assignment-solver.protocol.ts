/**
 * Messages between `runAssignmentSolver` and its thread (`assignment-solver.thread.ts`). Everything
 * crosses by structured clone, so errors travel as plain data and are rebuilt on the caller's side.
 */
import type {
  AssignmentEvaluator,
  AssignmentOptions,
  AssignmentProgress,
  AssignmentProposal,
  AssignmentResult,
  ProblemParams,
  Violation,
} from '@app/domain';

export interface AssignmentSolverInput {
  proposals: readonly AssignmentProposal[];
  evaluators: readonly AssignmentEvaluator[];
  options: AssignmentOptions;
}

/** `workerData` of the thread. */
export interface AssignmentSolverThreadData {
  input: AssignmentSolverInput;
  /** Whether the caller listens to progress at all (no messages otherwise). */
  reportProgress: boolean;
  /** Minimum time between two progress messages; the phase's first and the final `done` always go. */
  progressIntervalMs: number;
}

/** An error thrown in the thread, as data: `code`, `kind` and `violations` are set for a DomainError. */
export interface SerializedSolverError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  kind?: string;
  violations?: readonly Violation[];
  params?: ProblemParams;
}

export type AssignmentSolverMessage =
  | { type: 'progress'; progress: AssignmentProgress }
  | { type: 'result'; result: AssignmentResult }
  | { type: 'error'; error: SerializedSolverError };
