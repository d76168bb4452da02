import { Injectable } from '@nestjs/common';
import { toZonedIso } from '@app/domain';
import { ProjectRepository, UnitOfWork } from '@app/persistence';
import { ProjectReportSchedule } from './project-report-schedule';

/** A periodic or final report is due soon: the consortium is reminded (only while it is owed). */
@Injectable()
export class RemindReportUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly schedule: ProjectReportSchedule,
  ) {}

  execute(input: { projectId: string; subject: string; daysBefore: number }): Promise<void> {
    return this.uow.run(async (tx) => {
      const owed = await this.schedule.owed(tx, input.projectId, input.subject);
      if (!owed) return;
      await this.projects.notify(
        tx,
        owed.project,
        'CONSORTIUM',
        'REPORT_REMINDER',
        { reason: owed.label, count: input.daysBefore, deadline: toZonedIso(owed.dueAt, owed.project.timeZone) },
        `report-reminder:${input.projectId}:${input.subject}:${input.daysBefore}:${owed.dueAt}`,
      );
    });
  }
}
