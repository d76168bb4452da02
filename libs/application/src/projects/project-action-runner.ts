import { Injectable } from '@nestjs/common';
import type { ProjectActionResult } from '@app/contracts';
import { DomainError } from '@app/domain';
import {
  AuditWriter,
  ProjectRepository,
  UnitOfWork,
  type AuditActor,
  type ProjectRecord,
  type Tx,
} from '@app/persistence';

/** The input every project-workflow update's action carries. */
export interface ProjectActionInput<Request> {
  projectId: string;
  request: Request;
  updateId: string;
  at: string;
}

/**
 * One project-workflow update's work (SPEC §6): one transaction under the project's row lock, recorded in
 * the audit log under the update id with its result — a retried activity returns that result instead of
 * acting twice.
 */
@Injectable()
export class ProjectActionRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditWriter,
  ) {}

  run(
    input: { projectId: string; updateId: string },
    actor: AuditActor,
    action: string,
    work: (tx: Tx, project: ProjectRecord) => Promise<ProjectActionResult>,
  ): Promise<ProjectActionResult> {
    return this.uow.run(async (tx) => {
      const businessKey = `update:${input.updateId}`;
      const project = await this.projects.find(tx, input.projectId, true);
      if (!project)
        throw new DomainError('PROJECT_NOT_FOUND', `Project ${input.projectId} not found.`, 'not-found', [], {
          projectId: input.projectId,
        });
      const previous = await this.audit.afterOf<{ result: ProjectActionResult }>(tx, businessKey);
      if (previous) return previous.result;
      const result = await work(tx, project);
      await this.audit.record(tx, {
        actor,
        action,
        entityType: 'project',
        entityId: project.id,
        after: { result },
        businessKey,
      });
      return result;
    });
  }
}
