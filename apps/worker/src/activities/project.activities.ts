import { Injectable } from '@nestjs/common';
import type { ProjectActivities, ProjectSchedule } from '@app/contracts';
import {
  AlertReportOverdueUseCase,
  LoadProjectScheduleUseCase,
  MarkMilestoneOverdueUseCase,
  OpenProjectUseCase,
  RemindMilestoneUseCase,
  RemindReportUseCase,
  type OpenProjectInput,
} from '@app/application';
import type { CallRecord, Tx } from '@app/persistence';

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
    private readonly openProject: OpenProjectUseCase,
    private readonly schedule: LoadProjectScheduleUseCase,
    private readonly milestoneReminder: RemindMilestoneUseCase,
    private readonly milestoneOverdue: MarkMilestoneOverdueUseCase,
    private readonly reportReminder: RemindReportUseCase,
    private readonly reportOverdue: AlertReportOverdueUseCase,
  ) {}

  /** The project of a proposal the decision funds, inside the decision's transaction (`OpenProjectUseCase`). */
  createProject(tx: Tx, call: CallRecord, input: Omit<OpenProjectInput, 'call'>): Promise<string> {
    return this.openProject.execute(tx, { call, ...input });
  }

  loadProjectSchedule(input: { projectId: string }): Promise<ProjectSchedule> {
    return this.schedule.execute(input);
  }

  remindMilestone(input: { projectId: string; idx: number; daysBefore: number }): Promise<void> {
    return this.milestoneReminder.execute(input);
  }

  markMilestoneOverdue(input: { projectId: string; idx: number }): Promise<void> {
    return this.milestoneOverdue.execute(input);
  }

  remindReport(input: { projectId: string; subject: string; daysBefore: number }): Promise<void> {
    return this.reportReminder.execute(input);
  }

  alertReportOverdue(input: { projectId: string; subject: string }): Promise<void> {
    return this.reportOverdue.execute(input);
  }
}
