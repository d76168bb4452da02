import { Injectable } from '@nestjs/common';
import type { ScheduledProjectReport } from '@app/contracts';
import { milestoneSchedule, remindersActive, reportPeriods, reportSubject } from '@app/domain';
import { ProjectReportRepository, ProjectRepository, type ProjectRecord, type Tx } from '@app/persistence';

/** The periodic and final reports a project owes (domain `reportPeriods`), dated like milestones. */
@Injectable()
export class ProjectReportSchedule {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly reports: ProjectReportRepository,
  ) {}

  /** Every period's report with its dates and whether one was submitted. */
  async of(tx: Tx, projectId: string): Promise<ScheduledProjectReport[]> {
    const project = (await this.projects.find(tx, projectId))!;
    const milestones = await this.projects.milestones(tx, projectId);
    const submitted = await this.reports.periodSubjects(tx, projectId);
    const periods = reportPeriods({
      startDate: project.startDate,
      timeZone: project.timeZone,
      durationMonths: project.durationMonths,
      everyMonths: project.reportEveryMonths,
      milestones: milestones.map((m) => ({ dueMonth: m.dueMonth })),
    });
    const dated = milestoneSchedule(
      project.startDate,
      project.timeZone,
      periods.map((p) => ({ dueMonth: p.toMonth })),
      { graceDays: project.graceDays },
    );
    return periods.map((p, i) => {
      const subject = reportSubject(p);
      return {
        subject,
        dueAt: dated[i].dueAt,
        overdueAt: dated[i].overdueAt,
        reminders: dated[i].reminders,
        submitted: submitted.includes(subject),
      };
    });
  }

  /** The report still owed under the project's lock (ACTIVE, none submitted for the subject), or undefined. */
  async owed(
    tx: Tx,
    projectId: string,
    subject: string,
  ): Promise<{ project: ProjectRecord; dueAt: string; label: string } | undefined> {
    const project = await this.projects.find(tx, projectId, true);
    if (!project || !remindersActive(project.state)) return undefined;
    if (await this.reports.anyOfSubject(tx, projectId, subject)) return undefined;
    const report = (await this.of(tx, projectId)).find((r) => r.subject === subject);
    if (!report) return undefined;
    return {
      project,
      dueAt: report.dueAt,
      label: subject === 'FINAL' ? 'final report' : `periodic report ${subject.slice(1)}`,
    };
  }
}
