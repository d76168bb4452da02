import { Injectable } from '@nestjs/common';
import { applyProjectEvent, DomainError } from '@app/domain';
import { AuditWriter, GrantRepository, ProjectRepository, UnitOfWork } from '@app/persistence';

/**
 * The workflow saw the final report accepted and every instalment paid: COMPLETED, re-checked under the
 * project's lock (a project that cannot complete stays as it is).
 */
@Injectable()
export class CompleteProjectUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly instalments: GrantRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { projectId: string; at: string }): Promise<void> {
    return this.uow.run(async (tx) => {
      const project = await this.projects.find(tx, input.projectId, true);
      if (!project || project.state !== 'ACTIVE') return;
      const facts = await this.projects.releaseFacts(tx, project.id);
      const instalments = await this.instalments.liveInstalmentsOf(tx, project.proposalId);
      try {
        applyProjectEvent(project.state, {
          kind: 'COMPLETE',
          finalReportAccepted: facts.finalReportAccepted,
          instalments,
        });
      } catch (error) {
        if (error instanceof DomainError) return;
        throw error;
      }
      await this.projects.transitionProject(tx, project.id, 'COMPLETED', { reason: null, endedAt: input.at });
      await this.audit.record(tx, {
        actor: null,
        action: 'project.completed',
        entityType: 'project',
        entityId: project.id,
        before: { state: 'ACTIVE' },
        after: { state: 'COMPLETED' },
        businessKey: `project-completed:${project.id}`,
      });
      await this.projects.notify(
        tx,
        project,
        'CONSORTIUM',
        'PROJECT_DECISION',
        { outcome: 'project completed' },
        `project-completed:${project.id}`,
      );
    });
  }
}
