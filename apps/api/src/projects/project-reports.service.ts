import { randomUUID } from 'node:crypto';
import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { auditRoleOf, organisationIdsOf, type Principal } from '@app/common';
import {
  canApplyMilestoneEvent,
  DEFAULT_KPI_FRAMEWORK,
  DomainError,
  reportPeriods,
  reportSubject,
  validateJointReport,
  type MilestoneState,
} from '@app/domain';
import { AuditWriter, CallRepository, ProjectRepository, type ProjectRecord } from '@app/persistence';
import { ProjectAccess } from './project-access';
import type { ProjectReportDto } from './project.dto';
import { ProjectWorkflowClient } from './project-workflow.client';

/** What a report is about: a milestone (by work-plan index) or a reporting period (1-based; the last is FINAL). */
export type ReportSubject = { kind: 'MILESTONE'; idx: number } | { kind: 'PERIOD'; sequence: number };

interface ReportRow {
  id: string;
  kind: 'MILESTONE' | 'PERIODIC' | 'FINAL';
  subject: string;
  milestoneIdx: number | null;
  periodSequence: number | null;
  fromMonth: number;
  toMonth: number;
  revision: number;
  state: string;
  summary: string;
  deliverables: unknown[];
  kpiValues: Record<string, number>;
  submittedBy: string;
  submittedAt: Date;
  decidedAt: Date | null;
  comment: string | null;
}

const REPORT_COLUMNS = `id, kind, subject, milestone_idx AS "milestoneIdx", period_sequence AS "periodSequence", from_month AS "fromMonth", to_month AS "toMonth", revision, state,
  summary, deliverables, kpi_values AS "kpiValues", submitted_by AS "submittedBy", submitted_at AS "submittedAt", decided_at AS "decidedAt", comment`;

/**
 * Joint reports (SPEC M4, M6): the coordinator submits one report per milestone or period — an ordinary
 * transaction, like a submission, that tells the project's workflow through the outbox; each reader sees the
 * project-level part and the partners' parts it may see (an agency: its own partners', with the fields its
 * programme adds). The programme manager's decision is an update of the project workflow (see the controller).
 */
@Injectable()
export class ProjectReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: ProjectAccess,
    private readonly projects: ProjectRepository,
    private readonly calls: CallRepository,
    private readonly audit: AuditWriter,
    private readonly workflow: ProjectWorkflowClient,
  ) {}

  async submit(user: Principal, projectId: string, subject: ReportSubject, dto: ProjectReportDto) {
    const id = await this.dataSource.transaction(async (manager) => {
      await this.access.visible(manager, user, projectId);
      const project = (await this.projects.find(manager, projectId, true))!;
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
      const target = await this.target(manager, project, subject);
      const live: Array<{ state: string }> = await manager.query(
        "SELECT state FROM project_report WHERE project_id = $1 AND subject = $2 AND state IN ('SUBMITTED','ACCEPTED')",
        [project.id, target.subject],
      );
      if (live.length > 0)
        throw new DomainError(
          'REPORT_ALREADY_SUBMITTED',
          `The report ${target.subject} is already ${live[0].state}.`,
          'conflict',
          [],
          {
            subject: target.subject,
            state: live[0].state,
          },
        );
      await this.validate(manager, project, dto);
      const [{ revision }]: Array<{ revision: number }> = await manager.query(
        'SELECT COALESCE(max(revision), 0) + 1 AS revision FROM project_report WHERE project_id = $1 AND subject = $2',
        [project.id, target.subject],
      );
      const reportId = randomUUID();
      await manager.query(
        `INSERT INTO project_report (id, project_id, kind, subject, milestone_idx, period_sequence, from_month, to_month, revision, summary, deliverables, kpi_values, submitted_by, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp())`,
        [
          reportId,
          project.id,
          target.kind,
          target.subject,
          target.milestoneIdx,
          target.periodSequence,
          target.fromMonth,
          target.toMonth,
          revision,
          dto.summary,
          JSON.stringify(dto.deliverables ?? []),
          JSON.stringify(dto.kpiValues ?? {}),
          user.userId,
        ],
      );
      for (const part of dto.partnerParts) {
        await manager.query(
          `INSERT INTO project_report_part (report_id, organisation_id, agency_id, region_code, narrative, costs_incurred, currency, extra_fields)
           SELECT $1, g.organisation_id, g.agency_id, g.region_code, $3, $4, g.currency, $5 FROM funding_grant g WHERE g.proposal_id = $2 AND g.organisation_id = $6 AND g.status = 'AWARDED'`,
          [
            reportId,
            project.proposalId,
            part.narrative,
            part.costsIncurred,
            JSON.stringify(part.extraFields ?? {}),
            part.organisationId,
          ],
        );
      }
      if (target.milestoneIdx !== null) {
        await manager.query(
          "UPDATE project_milestone SET state = 'REPORTED', first_reported_at = COALESCE(first_reported_at, clock_timestamp()) WHERE project_id = $1 AND idx = $2",
          [project.id, target.milestoneIdx],
        );
      }
      await this.audit.record(manager, {
        actor: { userId: user.userId, role: auditRoleOf(user) },
        action: 'project.report-submitted',
        entityType: 'project',
        entityId: project.id,
        after: { reportId, subject: target.subject, revision },
      });
      await this.projects.notify(
        manager,
        project,
        'PROGRAMME_MANAGERS',
        'PROJECT_REPORT_SUBMITTED',
        { reason: `report ${target.subject} (revision ${revision})` },
        `report-submitted:${reportId}`,
      );
      await this.workflow.wake(manager, project.id, 'report-submitted', `project-report:${reportId}`);
      return reportId;
    });
    return this.one(user, projectId, id);
  }

  /** Every report of the project (all revisions, newest first per subject), as the caller may see them. */
  async list(user: Principal, projectId: string) {
    const manager = this.dataSource.manager;
    const { agencyIds } = await this.access.visible(manager, user, projectId);
    const reports: ReportRow[] = await manager.query(
      `SELECT ${REPORT_COLUMNS} FROM project_report WHERE project_id = $1 ORDER BY from_month, subject, revision DESC`,
      [projectId],
    );
    return { items: await Promise.all(reports.map((r) => this.view(manager, r, agencyIds))) };
  }

  async one(user: Principal, projectId: string, reportId: string) {
    const manager = this.dataSource.manager;
    const { agencyIds } = await this.access.visible(manager, user, projectId);
    const [report]: ReportRow[] = await manager.query(
      `SELECT ${REPORT_COLUMNS} FROM project_report WHERE id = $1 AND project_id = $2`,
      [reportId, projectId],
    );
    if (!report) throw new NotFoundException(`Report ${reportId} not found.`);
    return this.view(manager, report, agencyIds);
  }

  /** The open (SUBMITTED) report of a milestone: what the SPEC's milestone accept / request-changes act on. */
  async openReportOfMilestone(manager: EntityManager, projectId: string, idx: number): Promise<string> {
    const rows: Array<{ id: string }> = await manager.query(
      "SELECT id FROM project_report WHERE project_id = $1 AND milestone_idx = $2 AND state = 'SUBMITTED'",
      [projectId, idx],
    );
    if (rows.length === 0)
      throw new DomainError(
        'NO_REPORT_TO_DECIDE',
        `Milestone ${idx} has no submitted report awaiting a decision.`,
        'conflict',
        [],
        { milestone: idx },
      );
    return rows[0].id;
  }

  private async view(manager: EntityManager, r: ReportRow, agencyIds: string[] | null) {
    const parts: Array<{
      organisationId: string;
      agencyId: string;
      regionCode: string;
      narrative: string;
      costsIncurred: string;
      currency: string;
      extraFields: Record<string, string>;
    }> = await manager.query(
      `SELECT organisation_id AS "organisationId", agency_id AS "agencyId", region_code AS "regionCode", narrative, costs_incurred AS "costsIncurred", currency, extra_fields AS "extraFields"
         FROM project_report_part WHERE report_id = $1 AND ($2::uuid[] IS NULL OR agency_id = ANY($2)) ORDER BY region_code, organisation_id`,
      [r.id, agencyIds],
    );
    return {
      ...r,
      submittedAt: r.submittedAt.toISOString(),
      decidedAt: r.decidedAt?.toISOString() ?? null,
      partnerParts: parts.map((p) => ({ ...p, costsIncurred: Number(p.costsIncurred) })),
    };
  }

  private async target(manager: EntityManager, project: ProjectRecord, subject: ReportSubject) {
    const milestones: Array<{ idx: number; dueMonth: number; state: MilestoneState }> = await manager.query(
      'SELECT idx, due_month AS "dueMonth", state FROM project_milestone WHERE project_id = $1 ORDER BY idx FOR UPDATE',
      [project.id],
    );
    if (subject.kind === 'MILESTONE') {
      const m = milestones.find((x) => x.idx === subject.idx);
      if (!m) throw new NotFoundException(`Milestone ${subject.idx} not found.`);
      if (!canApplyMilestoneEvent(m.state, 'REPORT_SUBMITTED')) {
        throw new DomainError(
          'ILLEGAL_MILESTONE_TRANSITION',
          `Milestone ${m.idx} is ${m.state}: it takes a report when PLANNED, DUE_SOON, OVERDUE or CHANGES_REQUESTED.`,
          'conflict',
          [],
          {
            milestone: m.idx,
            state: m.state,
            allowed: ['PLANNED', 'DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED'],
          },
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
      milestones,
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
  private async validate(manager: EntityManager, project: ProjectRecord, dto: ProjectReportDto): Promise<void> {
    const call = (await this.calls.find(manager, project.callId))!;
    const partners: Array<{ organisationId: string; regionCode: string; extraReportFields: string[] | null }> =
      await manager.query(
        `SELECT g.organisation_id AS "organisationId", g.region_code AS "regionCode", c.rules->'extraReportFields' AS "extraReportFields"
         FROM funding_grant g JOIN fund_commitment c ON c.call_id = g.call_id AND c.agency_id = g.agency_id
        WHERE g.proposal_id = $1 AND g.status = 'AWARDED' ORDER BY g.region_code, g.organisation_id`,
        [project.proposalId],
      );
    const framework = call.configuration.kpiFramework.length ? call.configuration.kpiFramework : DEFAULT_KPI_FRAMEWORK;
    const violations = validateJointReport(
      framework,
      partners.map((p) => ({ ...p, extraReportFields: p.extraReportFields ?? [] })),
      dto,
    );
    if (violations.length)
      throw new DomainError('INVALID_REPORT', `The report has ${violations.length} problem(s).`, 'rule', violations, {
        count: violations.length,
      });
  }
}
