import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ProjectActionResult } from '@app/contracts';
import { DomainError } from '@app/domain';
import { AuditWriter, ProjectRepository, type AuditActor, type ProjectRecord } from '@app/persistence';
import { refusal } from './activity-failure';

/** A domain refusal as the activity's non-retryable failure (409 / 422 / 404 at the API). */
export function refused(error: unknown): never {
  if (error instanceof DomainError)
    throw refusal(
      error.kind === 'conflict' ? 'conflict' : error.kind === 'not-found' ? 'not-found' : 'rule',
      error.code,
      error.message,
      [...error.violations],
      error.params,
    );
  throw error;
}

/**
 * One project-workflow update's work (SPEC §6): one transaction under the project's row lock, recorded in
 * the audit log under the update id with its result — a retried activity returns that result instead of
 * acting twice.
 */
@Injectable()
export class ProjectActionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditWriter,
  ) {}

  run(
    input: { projectId: string; updateId: string },
    actor: AuditActor,
    action: string,
    work: (manager: EntityManager, project: ProjectRecord) => Promise<ProjectActionResult>,
  ): Promise<ProjectActionResult> {
    return this.dataSource.transaction(async (manager) => {
      const businessKey = `update:${input.updateId}`;
      const project = await this.projects.find(manager, input.projectId, true);
      if (!project)
        throw refusal('not-found', 'PROJECT_NOT_FOUND', `Project ${input.projectId} not found.`, [], {
          projectId: input.projectId,
        });
      const [previous]: Array<{ after: { result: ProjectActionResult } }> = await manager.query(
        'SELECT after FROM audit_event WHERE business_key = $1',
        [businessKey],
      );
      if (previous) return previous.after.result;
      const result = await work(manager, project);
      await this.audit.record(manager, {
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
