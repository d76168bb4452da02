import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, type TaskKind } from '../task-kind';

/** The caller is in a live call's evaluator pool and has not signed its confidentiality and no-conflict declaration. */
export const declarationToSignTask: TaskKind = {
  kind: 'DECLARATION_TO_SIGN',
  workspace: 'EVALUATOR',
  appliesTo: holds('EVALUATOR'),
  async find(manager, scope) {
    const rows: Array<{ callId: string; callTitle: string; timeZone: string; addedAt: Date }> = await manager.query(
      `SELECT ce.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone", ce.added_at AS "addedAt"
         FROM call_evaluator ce JOIN joint_call j ON j.id = ce.call_id
        WHERE ce.user_id = $1 AND ce.declaration_signed_at IS NULL
          AND j.state NOT IN ('DRAFT', 'DECIDED', 'MONITORING', 'CLOSED', 'CANCELLED')
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.userId],
    );
    return rows.map((r) => ({
      id: `DECLARATION_TO_SIGN:${r.callId}`,
      kind: 'DECLARATION_TO_SIGN',
      workspace: 'EVALUATOR',
      dueAt: null,
      timeZone: r.timeZone,
      link: webLinks.call(r.callId),
      params: { callId: r.callId, callTitle: r.callTitle, addedAt: new Date(r.addedAt).toISOString() },
    }));
  },
};
