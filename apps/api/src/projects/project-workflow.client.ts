import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { WorkflowIds } from '@app/contracts';
import { ProjectRepository, UnitOfWork } from '@app/persistence';
import { DomainError } from '@app/domain';
import { TemporalClientHolder } from '@app/temporal';
import { executeUpdateWithRetry } from '../workflow-updates/execute-update';

/** The API's side of a project's workflow (`project-<id>`): its updates, with the workflow's refusals as 409/422. */
@Injectable()
export class ProjectWorkflowClient {
  constructor(
    private readonly temporal: TemporalClientHolder,
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
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
    const currentState = project.state;
    const handle = this.temporal.client.workflow.getHandle(WorkflowIds.project(projectId));
    return executeUpdateWithRetry(
      handle,
      definition,
      arg,
      updateId,
      () =>
        new DomainError('PROJECT_CLOSED', `The project is ${currentState}; its lifecycle has ended.`, 'conflict', [], {
          state: currentState,
        }),
    );
  }
}
