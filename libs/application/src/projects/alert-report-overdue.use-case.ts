import { Injectable } from '@nestjs/common';
import { toZonedIso } from '@app/domain';
import { AuditWriter, ProjectRepository, UnitOfWork } from '@app/persistence';
import { ProjectReportSchedule } from './project-report-schedule';

/** A periodic or final report's grace ended unsubmitted: audited, the programme managers and agencies alerted. */
@Injectable()
export class AlertReportOverdueUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectRepository,
    private readonly schedule: ProjectReportSchedule,
    private readonly audit: AuditWriter,
  ) {}

  execute(input: { projectId: string; subject: string }): Promise<void> {
    return this.uow.run(async (tx) => {
      const owed = await this.schedule.owed(tx, input.projectId, input.subject);
      if (!owed) return;
      const key = `report-overdue:${input.projectId}:${input.subject}:${owed.dueAt}`;
      await this.audit.record(tx, {
        actor: null,
        action: 'report.overdue',
        entityType: 'project',
        entityId: input.projectId,
        after: { subject: input.subject, dueAt: owed.dueAt },
        businessKey: key,
      });
      const data = { reason: owed.label, deadline: toZonedIso(owed.dueAt, owed.project.timeZone) };
      await this.projects.notify(tx, owed.project, 'PROGRAMME_MANAGERS', 'REPORT_OVERDUE', data, key);
      await this.projects.notify(
        tx,
        owed.project,
        { agencyIds: await this.projects.agencyIds(tx, owed.project) },
        'REPORT_OVERDUE',
        data,
        key,
      );
    });
  }
}
