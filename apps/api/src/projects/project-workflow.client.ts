import { randomUUID } from 'node:crypto';
import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowIds } from '@app/contracts';
import { ProjectRepository, UnitOfWork, WorkflowSignalOutboxRepository } from '@app/persistence';
import { DomainError } from '@app/domain';
import { TemporalClientHolder } from '@app/temporal';
import { executeUpdateWithRetry } from '../workflow-updates/execute-update';

/**
 * The API's side of a project's workflow (`project-<id>`): its updates, with the workflow's refusals as 409/422. An
 * update sent while the workflow is still being started (the decision has committed the project, the relay has not
 * started it yet) is handed to it with update-with-start.
 */
/** Seconds a client is told to wait before it tries again an update whose project workflow is missing. */
export const WORKFLOW_UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

@Injectable()
export class ProjectWorkflowClient {
  private readonly logger = new Logger('ProjectWorkflowClient');

  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  /**
   * Sends an update to the project's workflow (404 for an unknown project; 409 naming the state once it has ended). A
   * project that has not ended whose workflow neither runs nor is being started is a fault of the engine, not of the
   * request: 503 `WORKFLOW_UNAVAILABLE` with `Retry-After` (an operator restores the workflow; the request may then be
   * sent again), logged as an error.
   */
  async update<Ret, Arg>(
    projectId: string,
    definition: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    updateId: string = randomUUID(),
  ): Promise<Ret> {
    const project = await this.uow.read((tx) => this.projects.find(tx, projectId));
    if (!project) throw new NotFoundException(`Project ${projectId} not found.`);
    const workflowId = WorkflowIds.project(projectId);
    const handle = this.temporal.client.workflow.getHandle(workflowId);
    return executeUpdateWithRetry(
      handle,
      definition,
      arg,
      updateId,
      async () => {
        // Neither running nor being started: the project has ended (its state as it is now, not as it was read).
        const state = (await this.uow.read((tx) => this.projects.find(tx, projectId)))?.state ?? project.state;
        if (state !== 'COMPLETED' && state !== 'TERMINATED') {
          this.logger.error(
            { projectId, workflowId, state, update: definition.name },
            `Project ${projectId} is ${state}, yet its workflow ${workflowId} is neither running nor being started.`,
          );
          return new DomainError(
            'WORKFLOW_UNAVAILABLE',
            `The project's workflow is not available; try again in ${WORKFLOW_UNAVAILABLE_RETRY_AFTER_SECONDS} seconds.`,
            'unavailable',
            [],
            { retryAfterSeconds: WORKFLOW_UNAVAILABLE_RETRY_AFTER_SECONDS },
          );
        }
        return new DomainError('PROJECT_CLOSED', `The project is ${state}; its lifecycle has ended.`, 'conflict', [], {
          state,
        });
      },
      () => this.signals.pendingStart(workflowId),
    );
  }
}
