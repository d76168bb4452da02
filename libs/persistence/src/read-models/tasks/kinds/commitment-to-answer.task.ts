import { webLinks } from '@app/contracts';
import { isOfficer, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * The caller's agency is invited to a call in fund alignment and has not confirmed or declined (due at the alignment
 * deadline).
 */
export const commitmentToAnswerTask: TaskKind = {
  kind: 'COMMITMENT_TO_ANSWER',
  workspace: 'AGENCY_OFFICER',
  appliesTo: isOfficer,
  async find(manager, scope) {
    const rows: Array<{
      callId: string;
      callTitle: string;
      timeZone: string;
      agencyId: string;
      agencyName: string;
      regionCode: string;
      status: string;
      dueAt: Date;
    }> = await manager.query(
      `SELECT fc.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone", fc.agency_id AS "agencyId",
         a.name AS "agencyName",
              fc.region_code AS "regionCode", fc.status, j.alignment_deadline AS "dueAt"
         FROM fund_commitment fc JOIN joint_call j ON j.id = fc.call_id JOIN funding_agency a ON a.id = fc.agency_id
        WHERE fc.agency_id = ANY($1::uuid[]) AND fc.status IN ('INVITED', 'PROPOSED') AND j.state = 'FUND_ALIGNMENT'
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.agencyIds],
    );
    return rows.map((r) => ({
      id: `COMMITMENT_TO_ANSWER:${r.callId}:${r.agencyId}`,
      kind: 'COMMITMENT_TO_ANSWER',
      workspace: 'AGENCY_OFFICER',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.commitment(r.callId, r.agencyId),
      params: {
        callId: r.callId,
        callTitle: r.callTitle,
        agencyId: r.agencyId,
        agencyName: r.agencyName,
        regionCode: r.regionCode,
        commitmentStatus: r.status,
        alignmentDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
