import { Injectable } from '@nestjs/common';
import { projectReportMachine, type ProjectReportState } from '@app/domain';
import type { Tx } from '../unit-of-work';

export type ProjectReportKind = 'MILESTONE' | 'PERIODIC' | 'FINAL';

export interface ProjectReportRecord {
  id: string;
  kind: ProjectReportKind;
  subject: string;
  milestoneIdx: number | null;
  periodSequence: number | null;
  fromMonth: number;
  toMonth: number;
  revision: number;
  state: ProjectReportState;
  summary: string;
  deliverables: unknown[];
  kpiValues: Record<string, number>;
  submittedBy: string;
  submittedAt: Date;
  decidedAt: Date | null;
  comment: string | null;
}

/** `project_report`. */
export interface ProjectReportRow {
  id: string;
  kind: ProjectReportKind;
  subject: string;
  milestone_idx: number | null;
  period_sequence: number | null;
  from_month: number;
  to_month: number;
  revision: number;
  state: ProjectReportState;
  summary: string;
  deliverables: unknown[];
  kpi_values: Record<string, number>;
  submitted_by: string;
  submitted_at: Date;
  decided_at: Date | null;
  comment: string | null;
}

export const toProjectReport = (r: ProjectReportRow): ProjectReportRecord => ({
  id: r.id,
  kind: r.kind,
  subject: r.subject,
  milestoneIdx: r.milestone_idx,
  periodSequence: r.period_sequence,
  fromMonth: r.from_month,
  toMonth: r.to_month,
  revision: r.revision,
  state: r.state,
  summary: r.summary,
  deliverables: r.deliverables,
  kpiValues: r.kpi_values,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at,
  decidedAt: r.decided_at,
  comment: r.comment,
});

const REPORT_COLUMNS = `id, kind, subject, milestone_idx, period_sequence, from_month, to_month, revision, state,
  summary, deliverables, kpi_values, submitted_by, submitted_at, decided_at, comment`;

export interface ProjectReportPart {
  organisationId: string;
  agencyId: string;
  regionCode: string;
  narrative: string;
  costsIncurred: number;
  currency: string;
  extraFields: Record<string, string>;
}

/** `project_report_part`. */
export interface ProjectReportPartRow {
  organisation_id: string;
  agency_id: string;
  region_code: string;
  narrative: string;
  costs_incurred: string;
  currency: string;
  extra_fields: Record<string, string>;
}

export const toProjectReportPart = (r: ProjectReportPartRow): ProjectReportPart => ({
  organisationId: r.organisation_id,
  agencyId: r.agency_id,
  regionCode: r.region_code,
  narrative: r.narrative,
  costsIncurred: Number(r.costs_incurred),
  currency: r.currency,
  extraFields: r.extra_fields,
});

/** A new revision of a report, with one part per funded partner. */
export interface NewProjectReport {
  id: string;
  projectId: string;
  proposalId: string;
  kind: ProjectReportKind;
  subject: string;
  milestoneIdx: number | null;
  periodSequence: number | null;
  fromMonth: number;
  toMonth: number;
  revision: number;
  summary: string;
  deliverables: unknown[];
  kpiValues: Record<string, unknown>;
  submittedBy: string;
  parts: ReadonlyArray<{
    organisationId: string;
    narrative: string;
    costsIncurred: number;
    extraFields?: Record<string, unknown>;
  }>;
}

/**
 * Joint reports (SPEC M4, M6), part of the project: one revision per submission with the partners' parts;
 * a revision is decided once, through its machine.
 */
@Injectable()
export class ProjectReportRepository {
  async find(tx: Tx, projectId: string, reportId: string, lock = false): Promise<ProjectReportRecord | undefined> {
    const rows: ProjectReportRow[] = await tx.query(
      `SELECT ${REPORT_COLUMNS} FROM project_report WHERE id = $1 AND project_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [reportId, projectId],
    );
    return rows[0] && toProjectReport(rows[0]);
  }

  /** Every revision of the project's reports, newest first per subject. */
  async ofProject(tx: Tx, projectId: string): Promise<ProjectReportRecord[]> {
    const rows: ProjectReportRow[] = await tx.query(
      `SELECT ${REPORT_COLUMNS} FROM project_report WHERE project_id = $1 ORDER BY from_month, subject, revision DESC`,
      [projectId],
    );
    return rows.map(toProjectReport);
  }

  /** The parts of a report, those of `agencyIds` only unless null. */
  async parts(tx: Tx, reportId: string, agencyIds: string[] | null): Promise<ProjectReportPart[]> {
    const rows: ProjectReportPartRow[] = await tx.query(
      `SELECT organisation_id, agency_id, region_code, narrative, costs_incurred, currency, extra_fields
         FROM project_report_part WHERE report_id = $1 AND ($2::uuid[] IS NULL OR agency_id = ANY($2))
        ORDER BY region_code, organisation_id`,
      [reportId, agencyIds],
    );
    return rows.map(toProjectReportPart);
  }

  /** The subject's revision that is SUBMITTED or ACCEPTED, if any. */
  async liveState(tx: Tx, projectId: string, subject: string): Promise<ProjectReportState | undefined> {
    const rows: Array<{ state: ProjectReportState }> = await tx.query(
      "SELECT state FROM project_report WHERE project_id = $1 AND subject = $2 AND state IN ('SUBMITTED','ACCEPTED')",
      [projectId, subject],
    );
    return rows[0]?.state;
  }

  async nextRevision(tx: Tx, projectId: string, subject: string): Promise<number> {
    const [{ revision }]: Array<{ revision: number }> = await tx.query(
      'SELECT COALESCE(max(revision), 0) + 1 AS revision FROM project_report WHERE project_id = $1 AND subject = $2',
      [projectId, subject],
    );
    return revision;
  }

  /** Whether any revision of the subject was submitted. */
  async anyOfSubject(tx: Tx, projectId: string, subject: string): Promise<boolean> {
    const rows: unknown[] = await tx.query('SELECT 1 FROM project_report WHERE project_id = $1 AND subject = $2', [
      projectId,
      subject,
    ]);
    return rows.length > 0;
  }

  /** The subjects of the periodic and final reports submitted so far. */
  async periodSubjects(tx: Tx, projectId: string): Promise<string[]> {
    const rows: Array<{ subject: string }> = await tx.query(
      "SELECT DISTINCT subject FROM project_report WHERE project_id = $1 AND kind <> 'MILESTONE'",
      [projectId],
    );
    return rows.map((r) => r.subject);
  }

  /** The open (SUBMITTED) report of a milestone, if any. */
  async openOfMilestone(tx: Tx, projectId: string, idx: number): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await tx.query(
      "SELECT id FROM project_report WHERE project_id = $1 AND milestone_idx = $2 AND state = 'SUBMITTED'",
      [projectId, idx],
    );
    return rows[0]?.id;
  }

  /** Inserts a SUBMITTED revision and the parts of the partners with a live grant. */
  async submit(tx: Tx, report: NewProjectReport): Promise<void> {
    await tx.query(
      `INSERT INTO project_report (id, project_id, kind, subject, milestone_idx, period_sequence, from_month, to_month,
                                   revision, summary, deliverables, kpi_values, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, clock_timestamp())`,
      [
        report.id,
        report.projectId,
        report.kind,
        report.subject,
        report.milestoneIdx,
        report.periodSequence,
        report.fromMonth,
        report.toMonth,
        report.revision,
        report.summary,
        JSON.stringify(report.deliverables),
        JSON.stringify(report.kpiValues),
        report.submittedBy,
      ],
    );
    for (const part of report.parts) {
      await tx.query(
        `INSERT INTO project_report_part (report_id, organisation_id, agency_id, region_code, narrative, costs_incurred,
                                          currency, extra_fields)
         SELECT $1, g.organisation_id, g.agency_id, g.region_code, $3, $4, g.currency, $5 FROM funding_grant g
          WHERE g.proposal_id = $2 AND g.organisation_id = $6 AND g.status = 'AWARDED'`,
        [
          report.id,
          report.proposalId,
          part.narrative,
          part.costsIncurred,
          JSON.stringify(part.extraFields ?? {}),
          part.organisationId,
        ],
      );
    }
  }

  /** The programme manager's decision on a SUBMITTED revision (its machine decides). */
  async transitionReport(
    tx: Tx,
    reportId: string,
    to: ProjectReportState,
    decision: { decidedBy: string; at: string; comment: string | null },
  ): Promise<void> {
    const [row]: Array<{ state: ProjectReportState }> = await tx.query(
      'SELECT state FROM project_report WHERE id = $1 FOR UPDATE',
      [reportId],
    );
    projectReportMachine.assert(row.state, to);
    await tx.query(
      'UPDATE project_report SET state = $2, decided_by = $3, decided_at = $4, comment = $5 WHERE id = $1',
      [reportId, to, decision.decidedBy, decision.at, decision.comment],
    );
  }
}
