import { webLinks } from '@app/contracts';
import { isOfficer, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * A proposed funding decision (or reserve promotion) that asks the caller's agency and that it has not approved or
 * objected to yet.
 */
export const decisionToApproveTask: TaskKind = {
  kind: 'DECISION_TO_APPROVE',
  workspace: 'AGENCY_OFFICER',
  appliesTo: isOfficer,
  async find(manager, scope) {
    const rows: Array<{
      decisionId: string;
      revision: number;
      decisionKind: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      agencyId: string;
      regionCode: string;
      dueAt: Date;
    }> = await manager.query(
      `SELECT fd.id AS "decisionId", fd.revision, fd.kind AS "decisionKind", fd.call_id AS "callId",
         j.title AS "callTitle", j.time_zone AS "timeZone",
                fc.agency_id AS "agencyId", fc.region_code AS "regionCode", j.decision_deadline AS "dueAt"
           FROM funding_decision fd
           JOIN joint_call j ON j.id = fd.call_id
           JOIN fund_commitment fc ON fc.call_id = fd.call_id AND fc.status = 'CONFIRMED'
          WHERE fd.status = 'PROPOSED' AND fc.agency_id = ANY($1::uuid[])
            -- A promotion asks only the agencies it names; a decision without that list asks every confirmed one.
            AND (jsonb_typeof(fd.summary->'agencyIds') IS DISTINCT FROM 'array'
              OR fd.summary->'agencyIds' @> to_jsonb(fc.agency_id::text))
            AND NOT EXISTS (SELECT 1 FROM funding_approval f WHERE f.decision_id = fd.id AND f.agency_id = fc.agency_id)
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.agencyIds],
    );
    return rows.map((r) => ({
      id: `DECISION_TO_APPROVE:${r.decisionId}:${r.agencyId}`,
      kind: 'DECISION_TO_APPROVE',
      workspace: 'AGENCY_OFFICER',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.call(r.callId),
      params: {
        decisionId: r.decisionId,
        revision: r.revision,
        decisionKind: r.decisionKind,
        callId: r.callId,
        callTitle: r.callTitle,
        agencyId: r.agencyId,
        regionCode: r.regionCode,
        decisionDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
