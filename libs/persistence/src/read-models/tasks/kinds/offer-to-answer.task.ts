import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** A review offer made to the caller that has not expired yet: accept or decline before its expiry. */
export const offerToAnswerTask: TaskKind = {
  kind: 'OFFER_TO_ANSWER',
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
      reviewDueAt: Date;
    }> = await manager.query(
      `SELECT a.id AS "assignmentId", a.proposal_id AS "proposalId", p.acronym, p.title, a.call_id AS "callId",
         j.title AS "callTitle", j.time_zone AS "timeZone",
                a.stage_no AS "stageNo", a.offer_expires_at AS "dueAt", a.review_due_at AS "reviewDueAt"
           FROM review_assignment a JOIN proposal p ON p.id = a.proposal_id JOIN joint_call j ON j.id = a.call_id
          WHERE a.evaluator_id = $1 AND a.state = 'OFFERED' AND a.offer_expires_at > $2
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.userId, scope.now],
    );
    return rows.map((r) => ({
      id: `OFFER_TO_ANSWER:${r.assignmentId}`,
      kind: 'OFFER_TO_ANSWER',
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
        offerExpiresAt: zoned(r.dueAt, r.timeZone),
        reviewDueAt: zoned(r.reviewDueAt, r.timeZone),
      },
    }));
  },
};
