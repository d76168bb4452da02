import { Injectable } from '@nestjs/common';
import { canApplyMilestoneEvent, remindersActive, toZonedIso } from '@app/domain';
import { ProjectRepository, UnitOfWork } from '@app/persistence';

/**
 * The reminder M3: DUE_SOON, to the responsible partner's and the coordinator's members — only while the
 * domain's lifecycle still expects a report.
 */
@Injectable()
export class RemindMilestoneUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
  ) {}

  execute(input: { projectId: string; idx: number; daysBefore: number }): Promise<void> {
    return this.uow.run(async (tx) => {
      const project = await this.projects.find(tx, input.projectId);
      const m = await this.projects.lockedMilestone(tx, input.projectId, input.idx);
      if (!project || !m || !remindersActive(project.state) || !canApplyMilestoneEvent(m.state, 'REMINDER_SENT'))
        return;
      await this.projects.transitionMilestone(tx, input.projectId, input.idx, 'DUE_SOON');
      await this.projects.notify(
        tx,
        project,
        { organisationIds: [m.responsibleOrganisationId, project.coordinatorOrganisationId] },
        'MILESTONE_REMINDER',
        { reason: m.title, count: input.daysBefore, deadline: toZonedIso(m.dueAt.toISOString(), project.timeZone) },
        `milestone-reminder:${input.projectId}:${input.idx}:${input.daysBefore}:${m.dueAt.toISOString()}`,
      );
    });
  }
}
