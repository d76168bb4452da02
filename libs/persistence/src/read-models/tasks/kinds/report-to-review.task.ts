import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * A joint report (milestone, periodic or final) submitted and awaiting the programme manager's acceptance or changes.
 */
export const reportToReviewTask: TaskKind = {
  kind: 'REPORT_TO_REVIEW',
  workspace: 'PROGRAMME_MANAGER',
  appliesTo: holds('PROGRAMME_MANAGER'),
  async find(manager) {
    const rows: Array<{
      reportId: string;
      projectId: string;
      acronym: string;
      reportKind: string;
      subject: string;
      revision: number;
      submittedAt: Date;
      callId: string;
      callTitle: string;
      timeZone: string;
    }> = await manager.query(
      `SELECT r.id AS "reportId", r.project_id AS "projectId", pr.acronym, r.kind AS "reportKind", r.subject,
         r.revision, r.submitted_at AS "submittedAt",
                pr.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone"
           FROM project_report r JOIN project pr ON pr.id = r.project_id JOIN joint_call j ON j.id = pr.call_id
          WHERE r.state = 'SUBMITTED'
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
    );
    return rows.map((r) => ({
      id: `REPORT_TO_REVIEW:${r.reportId}`,
      kind: 'REPORT_TO_REVIEW',
      workspace: 'PROGRAMME_MANAGER',
      dueAt: null,
      timeZone: r.timeZone,
      link: webLinks.project(r.projectId),
      params: {
        reportId: r.reportId,
        projectId: r.projectId,
        acronym: r.acronym,
        reportKind: r.reportKind,
        subject: r.subject,
        revision: r.revision,
        submittedAt: zoned(r.submittedAt, r.timeZone),
        callId: r.callId,
        callTitle: r.callTitle,
      },
    }));
  },
};
