import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PROJECT_LIFECYCLE_WORKFLOW_TYPE,
  TaskQueues,
  WorkflowIds,
  type ProjectActivities,
  type ProjectSchedule,
  type ScheduledProjectReport,
} from '@app/contracts';
import {
  canApplyMilestoneEvent,
  milestoneSchedule,
  remindersActive,
  projectEndsAt,
  reportPeriods,
  reportSubject,
  toZonedIso,
  type MilestoneState,
  type ProposalContent,
} from '@app/domain';
import {
  AuditWriter,
  type CallRecord,
  ProjectRepository,
  type ProjectRecord,
  WorkflowSignalOutboxRepository,
} from '@app/persistence';
import { refusal } from './activity-failure';

/**
 * Funded projects (SPEC §3 Project, M2–M3): created with the decision, then the milestones' reminders and
 * overdue escalations for the project workflow. Each write is one transaction, idempotent under its key.
 */
@Injectable()
export class ProjectActivitiesService implements Pick<
  ProjectActivities,
  'loadProjectSchedule' | 'remindMilestone' | 'markMilestoneOverdue' | 'remindReport' | 'alertReportOverdue'
> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly signals: WorkflowSignalOutboxRepository,
    private readonly audit: AuditWriter,
    private readonly projects: ProjectRepository,
  ) {}

  /**
   * The project of a proposal the decision funds, inside the decision's transaction: its start, its
   * milestones dated from the work plan in the call's time zone, and its workflow started through the outbox.
   */
  async createProject(
    manager: EntityManager,
    call: CallRecord,
    input: { decisionId: string; proposalId: string; startDate: string },
  ): Promise<string> {
    const existing: Array<{ id: string }> = await manager.query('SELECT id FROM project WHERE proposal_id = $1', [
      input.proposalId,
    ]);
    if (existing.length > 0) return existing[0].id;
    const [row]: Array<{ acronym: string; coordinator: string; content: ProposalContent }> = await manager.query(
      `SELECT p.acronym, p.coordinator_organisation_id AS coordinator, v.content FROM proposal p JOIN proposal_version v ON v.proposal_id = p.id AND v.version = p.last_version WHERE p.id = $1`,
      [input.proposalId],
    );
    const tz = call.configuration.timeZone;
    const id = randomUUID();
    await manager.query(
      `INSERT INTO project (id, call_id, proposal_id, decision_id, coordinator_organisation_id, acronym, start_date, duration_months, ends_at, kpi_targets, transformative_activities)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        call.id,
        input.proposalId,
        input.decisionId,
        row.coordinator,
        row.acronym,
        input.startDate,
        row.content.durationMonths,
        projectEndsAt(input.startDate, row.content.durationMonths, tz),
        JSON.stringify(row.content.kpiTargets ?? {}),
        row.content.transformativeActivityCodes ?? [],
      ],
    );
    const schedule = milestoneSchedule(input.startDate, tz, row.content.workPlan);
    for (const m of schedule) {
      const milestone = row.content.workPlan[m.index];
      await manager.query(
        `INSERT INTO project_milestone (project_id, idx, title, due_month, due_at, overdue_at, reminders, responsible_organisation_id, mid_term)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          m.index,
          milestone.title,
          m.dueMonth,
          m.dueAt,
          m.overdueAt,
          JSON.stringify(m.reminders),
          milestone.responsibleOrganisationId,
          milestone.midTerm,
        ],
      );
    }
    await this.signals.enqueue(manager, {
      dedupeKey: `project-started:${id}`,
      workflowId: WorkflowIds.project(id),
      workflowType: PROJECT_LIFECYCLE_WORKFLOW_TYPE,
      taskQueue: TaskQueues.main,
      startArgs: [{ projectId: id }],
      signalName: 'projectChanged',
      signalArgs: [{ reason: 'created' }],
    });
    await this.audit.record(manager, {
      actor: null,
      action: 'project.created',
      entityType: 'project',
      entityId: id,
      after: { proposalId: input.proposalId, startDate: input.startDate, milestones: schedule.length },
      businessKey: `project-created:${id}`,
    });
    return id;
  }

  async loadProjectSchedule(input: { projectId: string }): Promise<ProjectSchedule> {
    const [project]: Array<{ state: ProjectSchedule['state'] }> = await this.dataSource.query(
      'SELECT state FROM project WHERE id = $1',
      [input.projectId],
    );
    if (!project)
      throw refusal('not-found', 'PROJECT_NOT_FOUND', `Project ${input.projectId} not found.`, [], {
        projectId: input.projectId,
      });
    const milestones: Array<{
      idx: number;
      state: string;
      dueAt: Date;
      overdueAt: Date;
      reminders: Array<{ daysBefore: number; at: string }>;
    }> = await this.dataSource.query(
      'SELECT idx, state, due_at AS "dueAt", overdue_at AS "overdueAt", reminders FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [input.projectId],
    );
    // Completable (issue 9): the final report accepted and every instalment of a live grant PAID.
    const [{ completable }]: Array<{ completable: boolean }> = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM project_report WHERE project_id = p.id AND kind = 'FINAL' AND state = 'ACCEPTED')
          AND NOT EXISTS (SELECT 1 FROM instalment i JOIN funding_grant g ON g.id = i.grant_id WHERE g.proposal_id = p.proposal_id AND g.status = 'AWARDED' AND i.status <> 'PAID') AS completable
         FROM project p WHERE p.id = $1`,
      [input.projectId],
    );
    return {
      state: project.state,
      completable,
      reports: await this.reportSchedule(input.projectId),
      milestones: milestones.map((m) => ({
        idx: m.idx,
        state: m.state,
        dueAt: m.dueAt.toISOString(),
        overdueAt: m.overdueAt.toISOString(),
        reminders: m.reminders,
      })),
    };
  }

  /** The reminder M3: DUE_SOON, to the responsible partner's and the coordinator's members — only while the domain's lifecycle still expects a report. */
  async remindMilestone(input: { projectId: string; idx: number; daysBefore: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const m = await this.lockedMilestone(manager, input.projectId, input.idx);
      if (!m || !remindersActive(m.project.state) || !canApplyMilestoneEvent(m.state, 'REMINDER_SENT')) return;
      await manager.query("UPDATE project_milestone SET state = 'DUE_SOON' WHERE project_id = $1 AND idx = $2", [
        input.projectId,
        input.idx,
      ]);
      await this.projects.notify(
        manager,
        m.project,
        { organisationIds: [m.responsible, m.project.coordinatorOrganisationId] },
        'MILESTONE_REMINDER',
        { reason: m.title, count: input.daysBefore, deadline: toZonedIso(m.dueAt.toISOString(), m.project.timeZone) },
        `milestone-reminder:${input.projectId}:${input.idx}:${input.daysBefore}:${m.dueAt.toISOString()}`,
      );
    });
  }

  /** The grace period ended unreported (M3): OVERDUE, escalated to the programme managers and the project's agencies. */
  async markMilestoneOverdue(input: { projectId: string; idx: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const m = await this.lockedMilestone(manager, input.projectId, input.idx);
      if (!m || !remindersActive(m.project.state) || !canApplyMilestoneEvent(m.state, 'GRACE_EXPIRED')) return;
      await manager.query("UPDATE project_milestone SET state = 'OVERDUE' WHERE project_id = $1 AND idx = $2", [
        input.projectId,
        input.idx,
      ]);
      const key = `milestone-overdue:${input.projectId}:${input.idx}:${m.dueAt.toISOString()}`;
      await this.audit.record(manager, {
        actor: null,
        action: 'milestone.overdue',
        entityType: 'project',
        entityId: input.projectId,
        before: { milestone: input.idx, state: m.state },
        after: { milestone: input.idx, state: 'OVERDUE', dueAt: m.dueAt.toISOString() },
        businessKey: key,
      });
      const data = { reason: m.title, deadline: toZonedIso(m.dueAt.toISOString(), m.project.timeZone) };
      await this.projects.notify(manager, m.project, 'PROGRAMME_MANAGERS', 'MILESTONE_OVERDUE', data, key);
      await this.projects.notify(
        manager,
        m.project,
        { agencyIds: await this.projects.agencyIds(manager, m.project) },
        'MILESTONE_OVERDUE',
        data,
        key,
      );
    });
  }

  /** The periodic and final reports (domain `reportPeriods`), dated like milestones, with whether one was submitted. */
  private async reportSchedule(projectId: string): Promise<ScheduledProjectReport[]> {
    const project = (await this.projects.find(this.dataSource.manager, projectId))!;
    const milestones: Array<{ dueMonth: number }> = await this.dataSource.query(
      'SELECT due_month AS "dueMonth" FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [projectId],
    );
    const submitted: Array<{ subject: string }> = await this.dataSource.query(
      "SELECT DISTINCT subject FROM project_report WHERE project_id = $1 AND kind <> 'MILESTONE'",
      [projectId],
    );
    const periods = reportPeriods({
      startDate: project.startDate,
      timeZone: project.timeZone,
      durationMonths: project.durationMonths,
      everyMonths: project.reportEveryMonths,
      milestones,
    });
    const dated = milestoneSchedule(
      project.startDate,
      project.timeZone,
      periods.map((p) => ({ dueMonth: p.toMonth })),
    );
    return periods.map((p, i) => {
      const subject = reportSubject(p);
      return {
        subject,
        dueAt: dated[i].dueAt,
        overdueAt: dated[i].overdueAt,
        reminders: dated[i].reminders,
        submitted: submitted.some((r) => r.subject === subject),
      };
    });
  }

  async remindReport(input: { projectId: string; subject: string; daysBefore: number }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const owed = await this.owedReport(manager, input.projectId, input.subject);
      if (!owed) return;
      await this.projects.notify(
        manager,
        owed.project,
        'CONSORTIUM',
        'REPORT_REMINDER',
        { reason: owed.label, count: input.daysBefore, deadline: toZonedIso(owed.dueAt, owed.project.timeZone) },
        `report-reminder:${input.projectId}:${input.subject}:${input.daysBefore}:${owed.dueAt}`,
      );
    });
  }

  async alertReportOverdue(input: { projectId: string; subject: string }): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const owed = await this.owedReport(manager, input.projectId, input.subject);
      if (!owed) return;
      const key = `report-overdue:${input.projectId}:${input.subject}:${owed.dueAt}`;
      await this.audit.record(manager, {
        actor: null,
        action: 'report.overdue',
        entityType: 'project',
        entityId: input.projectId,
        after: { subject: input.subject, dueAt: owed.dueAt },
        businessKey: key,
      });
      const data = { reason: owed.label, deadline: toZonedIso(owed.dueAt, owed.project.timeZone) };
      await this.projects.notify(manager, owed.project, 'PROGRAMME_MANAGERS', 'REPORT_OVERDUE', data, key);
      await this.projects.notify(
        manager,
        owed.project,
        { agencyIds: await this.projects.agencyIds(manager, owed.project) },
        'REPORT_OVERDUE',
        data,
        key,
      );
    });
  }

  /** The report still owed under the project's lock (ACTIVE, none submitted for the subject), or undefined. */
  private async owedReport(manager: EntityManager, projectId: string, subject: string) {
    const project = await this.projects.find(manager, projectId, true);
    if (!project || !remindersActive(project.state)) return undefined;
    const submitted: unknown[] = await manager.query(
      'SELECT 1 FROM project_report WHERE project_id = $1 AND subject = $2',
      [projectId, subject],
    );
    if (submitted.length > 0) return undefined;
    const report = (await this.reportSchedule(projectId)).find((r) => r.subject === subject);
    if (!report) return undefined;
    return {
      project,
      dueAt: report.dueAt,
      label: subject === 'FINAL' ? 'final report' : `periodic report ${subject.slice(1)}`,
    };
  }

  /** The milestone under its row lock, with its project. */
  private async lockedMilestone(
    manager: EntityManager,
    projectId: string,
    idx: number,
  ): Promise<
    { state: MilestoneState; title: string; dueAt: Date; responsible: string; project: ProjectRecord } | undefined
  > {
    const project = await this.projects.find(manager, projectId);
    const rows: Array<{ state: MilestoneState; title: string; dueAt: Date; responsible: string }> = await manager.query(
      'SELECT state, title, due_at AS "dueAt", responsible_organisation_id AS responsible FROM project_milestone WHERE project_id = $1 AND idx = $2 FOR UPDATE',
      [projectId, idx],
    );
    return project && rows[0] ? { ...rows[0], project } : undefined;
  }
}
