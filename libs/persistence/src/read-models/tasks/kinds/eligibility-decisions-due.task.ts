import { webLinks } from '@app/contracts';
import { isOfficer, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * Regional eligibility decisions of the caller's agency still pending, one task per proposal (its region's partners
 * counted).
 */
export const eligibilityDecisionsDueTask: TaskKind = {
  kind: 'ELIGIBILITY_DECISIONS_DUE',
  workspace: 'AGENCY_OFFICER',
  appliesTo: isOfficer,
  async find(manager, scope) {
    const rows: Array<{
      proposalId: string;
      acronym: string;
      title: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      agencyId: string;
      regionCode: string;
      pending: number;
      escalated: boolean;
      dueAt: Date;
    }> = await manager.query(
      `SELECT d.proposal_id AS "proposalId", p.acronym, p.title, p.call_id AS "callId", j.title AS "callTitle",
         j.time_zone AS "timeZone",
                d.agency_id AS "agencyId", min(d.region_code) AS "regionCode", count(*)::int AS pending,
                  bool_or(d.escalated_at IS NOT NULL) AS escalated, min(d.due_at) AS "dueAt"
           FROM eligibility_decision d JOIN proposal p ON p.id = d.proposal_id JOIN joint_call j ON j.id = p.call_id
          WHERE d.agency_id = ANY($1::uuid[]) AND d.decision = 'PENDING'
          GROUP BY d.proposal_id, p.acronym, p.title, p.call_id, j.title, j.time_zone, d.agency_id
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.agencyIds],
    );
    return rows.map((r) => ({
      id: `ELIGIBILITY_DECISIONS_DUE:${r.proposalId}:${r.agencyId}`,
      kind: 'ELIGIBILITY_DECISIONS_DUE',
      workspace: 'AGENCY_OFFICER',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.proposal(r.proposalId),
      params: {
        proposalId: r.proposalId,
        acronym: r.acronym,
        title: r.title,
        callId: r.callId,
        callTitle: r.callTitle,
        agencyId: r.agencyId,
        regionCode: r.regionCode,
        pendingDecisions: r.pending,
        escalated: r.escalated,
        eligibilityDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
