import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import { Context } from '@temporalio/activity';
import type { AssignmentJobActivities } from '@app/contracts';
import { FailAssignmentJobUseCase, RunAutoAssignmentUseCase } from '@app/application';
import { runAssignmentSolver } from '../assignment-solver/assignment-solver.runner';

/**
 * The auto-assignment job (SPEC V1–V4) for its workflow: the use case prepares the problem and writes
 * the offers; the exact solver runs here in a worker thread, heartbeating its progress and stopping when
 * the activity is cancelled.
 */
@Injectable()
export class AutoAssignmentActivities implements AssignmentJobActivities {
  constructor(
    private readonly run: RunAutoAssignmentUseCase,
    private readonly fail: FailAssignmentJobUseCase,
  ) {}

  @Activity()
  runAutoAssignment(input: { jobId: string; at: string }): Promise<{ offered: number; uncovered: number }> {
    const context = Context.current();
    return this.run.execute(input, (problem, onProgress) =>
      runAssignmentSolver(problem, {
        onProgress: (progress) => {
          context.heartbeat(progress);
          onProgress(progress);
        },
        signal: context.cancellationSignal,
      }),
    );
  }

  @Activity()
  async failJob(input: { jobId: string; message: string }): Promise<void> {
    await this.fail.execute(input);
  }
}
