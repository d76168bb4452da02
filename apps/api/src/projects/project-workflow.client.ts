import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
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
@Injectable()
export class ProjectWorkflowClient {
  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  /** Sends an update to the project's workflow (404 for an unknown project; 409 naming the state once it has ended). */
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
        if (state !== 'COMPLETED' && state !== 'TERMINATED')
          throw new Error(`Project ${projectId} is ${state}, yet its workflow is neither running nor being started.`);
        return new DomainError('PROJECT_CLOSED', `The project is ${state}; its lifecycle has ended.`, 'conflict', [], {
          state,
        });
      },
      () => this.signals.pendingStart(workflowId),
    );
  }
}
