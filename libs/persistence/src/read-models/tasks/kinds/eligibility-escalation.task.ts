import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** Regional eligibility decisions still missing after their deadline (escalated), one task per call. */
export const eligibilityEscalationTask: TaskKind = {
  kind: 'ELIGIBILITY_ESCALATION',
  workspace: 'PROGRAMME_MANAGER',
  appliesTo: holds('PROGRAMME_MANAGER'),
  async find(manager) {
    const rows: Array<{
      callId: string;
      callTitle: string;
      timeZone: string;
      missing: number;
      proposals: number;
      dueAt: Date;
    }> = await manager.query(
      `SELECT p.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone", count(*)::int AS missing,
         count(DISTINCT d.proposal_id)::int AS proposals, min(d.due_at) AS "dueAt"
         FROM eligibility_decision d JOIN proposal p ON p.id = d.proposal_id JOIN joint_call j ON j.id = p.call_id
        WHERE d.decision = 'PENDING' AND d.escalated_at IS NOT NULL
        GROUP BY p.call_id, j.title, j.time_zone
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
    );
    return rows.map((r) => ({
      id: `ELIGIBILITY_ESCALATION:${r.callId}`,
      kind: 'ELIGIBILITY_ESCALATION',
      workspace: 'PROGRAMME_MANAGER',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.call(r.callId),
      params: {
        callId: r.callId,
        callTitle: r.callTitle,
        missingDecisions: r.missing,
        proposals: r.proposals,
        eligibilityDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
