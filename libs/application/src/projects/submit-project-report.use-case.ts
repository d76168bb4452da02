import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { auditRoleOf, organisationIdsOf, type Principal } from '@app/common';
import {
  canApplyMilestoneEvent,
  DEFAULT_KPI_FRAMEWORK,
  DomainError,
  reportPeriods,
  reportSubject,
  validateJointReport,
} from '@app/domain';
import {
  AuditWriter,
  CallRepository,
  GrantRepository,
  ProjectReportRepository,
  ProjectRepository,
  UnitOfWork,
  WorkflowSignalOutboxRepository,
  type ProjectRecord,
  type Tx,
} from '@app/persistence';
import { ProjectAccess } from './project-access';
import { wakeProject } from './project-signals';

/** What a report is about: a milestone (by work-plan index) or a reporting period (1-based; the last is FINAL). */
export type ReportSubject = { kind: 'MILESTONE'; idx: number } | { kind: 'PERIOD'; sequence: number };

/** A joint report as the coordinator sends it (SPEC M6). */
export interface JointReportContent {
  summary: string;
  deliverables?: unknown[];
  kpiValues?: Record<string, number>;
  partnerParts: Array<{
    organisationId: string;
    narrative: string;
    costsIncurred: number;
    extraFields?: Record<string, string>;
  }>;
}

/**
 * The coordinator submits one joint report per milestone or period (SPEC M4, M6) — an ordinary transaction,
 * like a submission, that tells the project's workflow through the outbox. Returns the report's id.
 */
@Injectable()
export class SubmitProjectReportUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly reports: ProjectReportRepository,
    private readonly instalments: GrantRepository,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly signals: WorkflowSignalOutboxRepository,
  ) {}

  execute(input: {
    user: Principal;
    projectId: string;
    subject: ReportSubject;
    report: JointReportContent;
  }): Promise<string> {
    const { user, projectId, subject, report } = input;
    return this.uow.run(async (tx) => {
      await this.access.visible(tx, user, projectId);
      const project = (await this.projects.find(tx, projectId, true))!;
      if (!organisationIdsOf(user).includes(project.coordinatorOrganisationId)) {
        throw new DomainError('COORDINATOR_ONLY', 'The coordinator submits the joint report.', 'forbidden');
      }
      if (project.state !== 'ACTIVE')
        throw new DomainError(
          'PROJECT_NOT_ACTIVE',
          `The project is ${project.state}: it reports only while ACTIVE.`,
          'conflict',
          [],
          { state: project.state, allowed: ['ACTIVE'] },
        );
      const target = await this.target(tx, project, subject);
      const live = await this.reports.liveState(tx, project.id, target.subject);
      if (live)
        throw new DomainError(
          'REPORT_ALREADY_SUBMITTED',
          `The report ${target.subject} is already ${live}.`,
          'conflict',
          [],
          { subject: target.subject, state: live },
        );
      await this.validate(tx, project, report);
      const revision = await this.reports.nextRevision(tx, project.id, target.subject);
      const reportId = randomUUID();
      await this.reports.submit(tx, {
        id: reportId,
        projectId: project.id,
        proposalId: project.proposalId,
        ...target,
        revision,
        summary: report.summary,
        deliverables: report.deliverables ?? [],
        kpiValues: report.kpiValues ?? {},
        submittedBy: user.userId,
        parts: report.partnerParts,
      });
      if (target.milestoneIdx !== null)
        await this.projects.transitionMilestone(tx, project.id, target.milestoneIdx, 'REPORTED', { reported: true });
      await this.audit.record(tx, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'project.report-submitted',
        entityType: 'project',
        entityId: project.id,
        after: { reportId, subject: target.subject, revision },
      });
      await this.projects.notify(
        tx,
        project,
        'PROGRAMME_MANAGERS',
        'PROJECT_REPORT_SUBMITTED',
        { reason: `report ${target.subject} (revision ${revision})` },
        `report-submitted:${reportId}`,
      );
      await wakeProject(this.signals, tx, project.id, 'report-submitted', `project-report:${reportId}`);
      return reportId;
    });
  }

  private async target(tx: Tx, project: ProjectRecord, subject: ReportSubject) {
    const milestones = await this.projects.milestones(tx, project.id, true);
    if (subject.kind === 'MILESTONE') {
      const m = milestones.find((x) => x.idx === subject.idx);
      if (!m) throw new NotFoundException(`Milestone ${subject.idx} not found.`);
      if (!canApplyMilestoneEvent(m.state, 'REPORT_SUBMITTED')) {
        throw new DomainError(
          'ILLEGAL_MILESTONE_TRANSITION',
          `Milestone ${m.idx} is ${m.state}: it takes a report when PLANNED, DUE_SOON, OVERDUE or CHANGES_REQUESTED.`,
          'conflict',
          [],
          { milestone: m.idx, state: m.state, allowed: ['PLANNED', 'DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED'] },
        );
      }
      return {
        kind: 'MILESTONE' as const,
        subject: `M${m.idx}`,
        milestoneIdx: m.idx,
        periodSequence: null,
        fromMonth: m.dueMonth,
        toMonth: m.dueMonth,
      };
    }
    const periods = reportPeriods({
      startDate: project.startDate,
      timeZone: project.timeZone,
      durationMonths: project.durationMonths,
      everyMonths: project.reportEveryMonths,
      milestones: milestones.map((m) => ({ idx: m.idx, dueMonth: m.dueMonth, state: m.state })),
    });
    const period = periods.find((p) => p.sequence === subject.sequence);
    if (!period)
      throw new NotFoundException(
        `Reporting period ${subject.sequence} not found (the project has ${periods.length}).`,
      );
    return {
      kind: period.kind,
      subject: reportSubject(period),
      milestoneIdx: null,
      periodSequence: period.sequence,
      fromMonth: period.fromMonth,
      toMonth: period.toMonth,
    };
  }

  /** The joint report's rules (domain): KPI values of the call's framework, one complete part per funded partner. */
  private async validate(tx: Tx, project: ProjectRecord, report: JointReportContent): Promise<void> {
    const call = (await this.calls.find(tx, project.callId))!;
    const partners = await this.instalments.reportingPartners(tx, project.proposalId);
    const framework = call.configuration.kpiFramework.length ? call.configuration.kpiFramework : DEFAULT_KPI_FRAMEWORK;
    const violations = validateJointReport(framework, partners, report);
    if (violations.length)
      throw new DomainError('INVALID_REPORT', `The report has ${violations.length} problem(s).`, 'rule', violations, {
        count: violations.length,
      });
  }
}
