import { Injectable } from '@nestjs/common';
import type { ProjectSchedule } from '@app/contracts';
import { DomainError } from '@app/domain';
import { ProjectRepository, UnitOfWork } from '@app/persistence';
import { ProjectReportSchedule } from './project-report-schedule';

/** What the project's workflow arms its timers from: state, completability, milestones and reports. */
@Injectable()
export class LoadProjectScheduleUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly reports: ProjectReportSchedule,
  ) {}

  execute(input: { projectId: string }): Promise<ProjectSchedule> {
    return this.uow.read(async (tx) => {
      const project = await this.projects.find(tx, input.projectId);
      if (!project)
        throw new DomainError('PROJECT_NOT_FOUND', `Project ${input.projectId} not found.`, 'not-found', [], {
          projectId: input.projectId,
        });
      const milestones = await this.projects.milestones(tx, input.projectId);
      return {
        state: project.state,
        completable: await this.projects.completable(tx, input.projectId),
        reports: await this.reports.of(tx, input.projectId),
        milestones: milestones.map((m) => ({
          idx: m.idx,
          state: m.state,
          dueAt: m.dueAt.toISOString(),
          overdueAt: m.overdueAt.toISOString(),
          reminders: m.reminders,
        })),
      };
    });
  }
}
