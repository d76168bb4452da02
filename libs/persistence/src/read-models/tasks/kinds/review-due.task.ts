import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** An accepted assignment of the caller whose review is not submitted yet (due at the review deadline). */
export const reviewDueTask: TaskKind = {
  kind: 'REVIEW_DUE',
  workspace: 'EVALUATOR',
  appliesTo: holds('EVALUATOR'),
  async find(manager, scope) {
    const rows: Array<{
      assignmentId: string;
      proposalId: string;
      acronym: string;
      title: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      stageNo: number;
      dueAt: Date;
      draftSaved: boolean;
    }> = await manager.query(
      `SELECT a.id AS "assignmentId", a.proposal_id AS "proposalId", p.acronym, p.title, a.call_id AS "callId",
         j.title AS "callTitle", j.time_zone AS "timeZone",
                a.stage_no AS "stageNo", a.review_due_at AS "dueAt", EXISTS (SELECT 1 FROM review r
                  WHERE r.assignment_id = a.id) AS "draftSaved"
           FROM review_assignment a JOIN proposal p ON p.id = a.proposal_id JOIN joint_call j ON j.id = a.call_id
          WHERE a.evaluator_id = $1 AND a.state = 'ACCEPTED'
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.userId],
    );
    return rows.map((r) => ({
      id: `REVIEW_DUE:${r.assignmentId}`,
      kind: 'REVIEW_DUE',
      workspace: 'EVALUATOR',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.assignment(r.assignmentId),
      params: {
        assignmentId: r.assignmentId,
        proposalId: r.proposalId,
        acronym: r.acronym,
        title: r.title,
        callId: r.callId,
        callTitle: r.callTitle,
        stageNo: r.stageNo,
        draftSaved: r.draftSaved,
        reviewDueAt: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
