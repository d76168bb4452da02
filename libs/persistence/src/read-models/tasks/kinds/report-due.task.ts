import { webLinks } from '@app/contracts';
import { isApplicant, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** How far ahead a planned milestone's report shows in the inbox (the workflow marks it DUE_SOON nearer). */
const HORIZON = "interval '30 days'";

/**
 * A milestone report of an active funded project the caller's organisation coordinates (the coordinator
 * submits the joint report): due soon, overdue, or sent back for changes.
 */
export const reportDueTask: TaskKind = {
  kind: 'REPORT_DUE',
  workspace: 'APPLICANT',
  appliesTo: isApplicant,
  async find(manager, scope) {
    const rows: Array<{ projectId: string; proposalId: string; acronym: string; callId: string; callTitle: string; timeZone: string; milestoneIndex: number; milestoneTitle: string; state: string; dueAt: Date }> =
      await manager.query(
        `SELECT pr.id AS "projectId", pr.proposal_id AS "proposalId", pr.acronym, pr.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone",
                m.idx AS "milestoneIndex", m.title AS "milestoneTitle", m.state, m.due_at AS "dueAt"
           FROM project_milestone m
           JOIN project pr ON pr.id = m.project_id
           JOIN joint_call j ON j.id = pr.call_id
          WHERE pr.coordinator_organisation_id = ANY($1::uuid[]) AND pr.state = 'ACTIVE'
            AND (m.state IN ('DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED') OR (m.state = 'PLANNED' AND m.due_at <= $2::timestamptz + ${HORIZON}))
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
        milestoneIndex: r.milestoneIndex,
        milestoneTitle: r.milestoneTitle,
        milestoneState: r.state,
        reportDueAt: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
