import { Injectable } from '@nestjs/common';
import { Activity } from '@app/temporal';
import type { ProjectActivities, ProjectSchedule } from '@app/contracts';
import {
  AlertReportOverdueUseCase,
  LoadProjectScheduleUseCase,
  MarkMilestoneOverdueUseCase,
  RemindMilestoneUseCase,
  RemindReportUseCase,
} from '@app/application';

/**
 * Funded projects (SPEC §3 Project, M2–M3): the schedule the project workflow arms its timers from, and the
 * milestones' and reports' reminders and overdue escalations. Each write is one transaction, idempotent
 * under its key (the use cases').
 */
@Injectable()
export class ProjectActivitiesService implements Pick<
  ProjectActivities,
  'loadProjectSchedule' | 'remindMilestone' | 'markMilestoneOverdue' | 'remindReport' | 'alertReportOverdue'
> {
  constructor(
    private readonly schedule: LoadProjectScheduleUseCase,
    private readonly milestoneReminder: RemindMilestoneUseCase,
    private readonly milestoneOverdue: MarkMilestoneOverdueUseCase,
    private readonly reportReminder: RemindReportUseCase,
    private readonly reportOverdue: AlertReportOverdueUseCase,
  ) {}

  @Activity()
  loadProjectSchedule(input: { projectId: string }): Promise<ProjectSchedule> {
    return this.schedule.execute(input);
  }

  @Activity()
  remindMilestone(input: { projectId: string; idx: number; daysBefore: number }): Promise<void> {
    return this.milestoneReminder.execute(input);
  }

  @Activity()
  markMilestoneOverdue(input: { projectId: string; idx: number }): Promise<void> {
    return this.milestoneOverdue.execute(input);
  }

  @Activity()
  remindReport(input: { projectId: string; subject: string; daysBefore: number }): Promise<void> {
    return this.reportReminder.execute(input);
  }

  @Activity()
  alertReportOverdue(input: { projectId: string; subject: string }): Promise<void> {
    return this.reportOverdue.execute(input);
  }
}
