import { webLinks } from '@app/contracts';
import { isApplicant, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * A funded partner of the caller's organisations owes its region's annex (SPEC S6): the region's confirmed
 * commitment requires one, none is given, and its due date (N days after the stage-1 deadline) is ahead.
 */
export const annexDueTask: TaskKind = {
  kind: 'ANNEX_DUE',
  workspace: 'APPLICANT',
  appliesTo: isApplicant,
  async find(manager, scope) {
    const rows: Array<{
      proposalId: string;
      acronym: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      dueAt: Date;
      organisationId: string;
      organisationName: string;
      regionCode: string;
      agencyName: string;
    }> = await manager.query(
      `SELECT * FROM (
           SELECT p.id AS "proposalId", p.acronym, p.call_id AS "callId", j.title AS "callTitle",
             j.time_zone AS "timeZone",
                  s.submission_deadline + make_interval(days =>
                    (fc.rules->'regionalAnnex'->>'dueDaysAfterDeadline')::int) AS "dueAt",
                  pp.organisation_id AS "organisationId", o.legal_name AS "organisationName",
                    o.region_code AS "regionCode", a.name AS "agencyName"
             FROM proposal_partner pp
             JOIN proposal p ON p.id = pp.proposal_id
             JOIN organisation o ON o.id = pp.organisation_id
             JOIN joint_call j ON j.id = p.call_id
             JOIN call_stage s ON s.call_id = p.call_id AND s.stage_no = 1
             JOIN fund_commitment fc ON fc.call_id = p.call_id AND fc.region_code = o.region_code
               AND fc.status = 'CONFIRMED'
             JOIN funding_agency a ON a.id = fc.agency_id
            WHERE pp.organisation_id = ANY($1::uuid[]) AND pp.funded
              AND p.state IN ('DRAFT', 'SUBMITTED', 'ELIGIBILITY_CHECK')
              AND coalesce((fc.rules->'regionalAnnex'->>'required')::boolean, false)
              AND NOT EXISTS (SELECT 1 FROM regional_annex ra WHERE ra.proposal_id = p.id
                AND ra.organisation_id = pp.organisation_id)
         ) due WHERE "dueAt" > $2
         LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.organisationIds, scope.now],
    );
    return rows.map((r) => ({
      id: `ANNEX_DUE:${r.proposalId}:${r.organisationId}`,
      kind: 'ANNEX_DUE',
      workspace: 'APPLICANT',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.proposal(r.proposalId),
      params: {
        proposalId: r.proposalId,
        acronym: r.acronym,
        callId: r.callId,
        callTitle: r.callTitle,
        organisationId: r.organisationId,
        organisationName: r.organisationName,
        regionCode: r.regionCode,
        agencyName: r.agencyName,
        annexDueAt: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
