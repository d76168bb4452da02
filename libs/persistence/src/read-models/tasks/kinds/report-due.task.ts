import type { EntityManager } from 'typeorm';
import { webLinks } from '@app/contracts';
import { reportPeriods, reportSubject } from '@app/domain';
import { isApplicant, TASK_KIND_ROW_LIMIT, zoned, type TaskKind, type TaskRecord, type TaskScope } from '../task-kind';

/** How far ahead a report not yet flagged by the project workflow shows in the inbox. */
const HORIZON_DAYS = 30;
const DAY = 86_400_000;

/** Milestone reports: due soon, overdue or sent back for changes, or planned within the horizon. */
async function milestoneReports(manager: EntityManager, scope: TaskScope): Promise<TaskRecord[]> {
  const rows: Array<{
    projectId: string;
    proposalId: string;
    acronym: string;
    callId: string;
    callTitle: string;
    timeZone: string;
    milestoneIndex: number;
    milestoneTitle: string;
    state: string;
    dueAt: Date;
  }> = await manager.query(
    `SELECT pr.id AS "projectId", pr.proposal_id AS "proposalId", pr.acronym, pr.call_id AS "callId",
       j.title AS "callTitle", j.time_zone AS "timeZone",
              m.idx AS "milestoneIndex", m.title AS "milestoneTitle", m.state, m.due_at AS "dueAt"
         FROM project_milestone m
         JOIN project pr ON pr.id = m.project_id
         JOIN joint_call j ON j.id = pr.call_id
        WHERE pr.coordinator_organisation_id = ANY($1::uuid[]) AND pr.state = 'ACTIVE'
          AND (m.state IN ('DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED') OR (m.state = 'PLANNED'
            AND m.due_at <= $2::timestamptz + make_interval(days => ${HORIZON_DAYS})))
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
    [scope.organisationIds, scope.now],
  );
  return rows.map((r) => ({
    id: `REPORT_DUE:${r.projectId}:M${r.milestoneIndex}`,
    kind: 'REPORT_DUE',
    workspace: 'APPLICANT',
    dueAt: r.dueAt,
    timeZone: r.timeZone,
    link: webLinks.project(r.projectId),
    params: {
      projectId: r.projectId,
      proposalId: r.proposalId,
      acronym: r.acronym,
      callId: r.callId,
      callTitle: r.callTitle,
      reportKind: 'MILESTONE',
      subject: `M${r.milestoneIndex}`,
      milestoneIndex: r.milestoneIndex,
      milestoneTitle: r.milestoneTitle,
      milestoneState: r.state,
      reportDueAt: zoned(r.dueAt, r.timeZone),
    },
  }));
}

/**
 * Periodic and final joint reports (SPEC M6): their periods come from the domain's schedule (every N
 * months from the start, the final at the end); one is due when it has no submitted or accepted report
 * and its due date is past or within the horizon.
 */
async function periodReports(manager: EntityManager, scope: TaskScope): Promise<TaskRecord[]> {
  const projects: Array<{
    projectId: string;
    proposalId: string;
    acronym: string;
    callId: string;
    callTitle: string;
    timeZone: string;
    startDate: string;
    durationMonths: number;
    everyMonths: number;
    dueMonths: number[];
    reported: string[];
  }> = await manager.query(
    `SELECT pr.id AS "projectId", pr.proposal_id AS "proposalId", pr.acronym, pr.call_id AS "callId",
       j.title AS "callTitle", j.time_zone AS "timeZone",
              to_char(pr.start_date, 'YYYY-MM-DD') AS "startDate", pr.duration_months AS "durationMonths",
                pr.report_every_months AS "everyMonths",
              coalesce((SELECT array_agg(m.due_month ORDER BY m.idx) FROM project_milestone m
                WHERE m.project_id = pr.id), '{}') AS "dueMonths",
              coalesce((SELECT array_agg(r.subject) FROM project_report r WHERE r.project_id = pr.id
                AND r.state IN ('SUBMITTED', 'ACCEPTED')), '{}') AS reported
         FROM project pr JOIN joint_call j ON j.id = pr.call_id
        WHERE pr.coordinator_organisation_id = ANY($1::uuid[]) AND pr.state = 'ACTIVE'
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
    [scope.organisationIds],
  );
  const horizon = scope.now.getTime() + HORIZON_DAYS * DAY;
  const periodsOf = (p: (typeof projects)[number]) => {
    try {
      return reportPeriods({
        startDate: p.startDate,
        timeZone: p.timeZone,
        durationMonths: p.durationMonths,
        everyMonths: p.everyMonths,
        milestones: p.dueMonths.map((dueMonth) => ({ dueMonth })),
      });
    } catch {
      // A schedule the domain refuses cannot be reported on either: it is no task (the project page shows why).
      return [];
    }
  };
  return projects.flatMap((p) =>
    periodsOf(p)
      .filter((period) => !p.reported.includes(reportSubject(period)) && Date.parse(period.dueAt) <= horizon)
      .map((period) => ({
        id: `REPORT_DUE:${p.projectId}:${reportSubject(period)}`,
        kind: 'REPORT_DUE',
        workspace: 'APPLICANT' as const,
        dueAt: new Date(period.dueAt),
        timeZone: p.timeZone,
        link: webLinks.project(p.projectId),
        params: {
          projectId: p.projectId,
          proposalId: p.proposalId,
          acronym: p.acronym,
          callId: p.callId,
          callTitle: p.callTitle,
          reportKind: period.kind,
          subject: reportSubject(period),
          periodSequence: period.sequence,
          fromMonth: period.fromMonth,
          toMonth: period.toMonth,
          reportDueAt: period.dueAt,
        },
      })),
  );
}

/**
 * A report of an active funded project that the caller's organisation coordinates (the coordinator submits the joint
 * report).
 */
export const reportDueTask: TaskKind = {
  kind: 'REPORT_DUE',
  workspace: 'APPLICANT',
  appliesTo: isApplicant,
  async find(manager, scope) {
    const [milestones, periods] = await Promise.all([milestoneReports(manager, scope), periodReports(manager, scope)]);
    return [...milestones, ...periods];
  },
};
