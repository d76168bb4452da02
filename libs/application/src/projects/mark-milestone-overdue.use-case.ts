import { Injectable } from '@nestjs/common';
import { canApplyMilestoneEvent, remindersActive, toZonedIso } from '@app/domain';
import { AuditWriter, ProjectRepository, UnitOfWork } from '@app/persistence';

/** The grace period ended unreported (M3): OVERDUE, escalated to the programme managers and the project's agencies. */
@Injectable()
export class MarkMilestoneOverdueUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { projectId: string; idx: number }): Promise<void> {
    return this.uow.run(async (tx) => {
      const project = await this.projects.find(tx, input.projectId);
      const m = await this.projects.lockedMilestone(tx, input.projectId, input.idx);
      if (!project || !m || !remindersActive(project.state) || !canApplyMilestoneEvent(m.state, 'GRACE_EXPIRED'))
        return;
      await this.projects.transitionMilestone(tx, input.projectId, input.idx, 'OVERDUE');
      const key = `milestone-overdue:${input.projectId}:${input.idx}:${m.dueAt.toISOString()}`;
      await this.audit.record(tx, {
        actor: null,
        action: 'milestone.overdue',
        entityType: 'project',
        entityId: input.projectId,
        before: { milestone: input.idx, state: m.state },
        after: { milestone: input.idx, state: 'OVERDUE', dueAt: m.dueAt.toISOString() },
        businessKey: key,
      });
      const data = { reason: m.title, deadline: toZonedIso(m.dueAt.toISOString(), project.timeZone) };
      await this.projects.notify(tx, project, 'PROGRAMME_MANAGERS', 'MILESTONE_OVERDUE', data, key);
      await this.projects.notify(
        tx,
        project,
        { agencyIds: await this.projects.agencyIds(tx, project) },
        'MILESTONE_OVERDUE',
        data,
        key,
      );
    });
  }
}
