import { webLinks } from '@app/contracts';
import { isApplicant, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/**
 * A draft the caller's organisation coordinates, in an open call whose deadline is still ahead (only the coordinator
 * submits).
 */
export const draftToSubmitTask: TaskKind = {
  kind: 'DRAFT_TO_SUBMIT',
  workspace: 'APPLICANT',
  appliesTo: isApplicant,
  async find(manager, scope) {
    const rows: Array<{
      proposalId: string;
      acronym: string;
      title: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      dueAt: Date;
      organisationName: string;
      pendingPartners: number;
    }> = await manager.query(
      `SELECT p.id AS "proposalId", p.acronym, p.title, p.call_id AS "callId", j.title AS "callTitle",
         j.time_zone AS "timeZone", s.submission_deadline AS "dueAt",
                o.legal_name AS "organisationName",
                (SELECT count(*) FROM proposal_partner x WHERE x.proposal_id = p.id
                  AND x.status = 'INVITED')::int AS "pendingPartners"
           FROM proposal p
           JOIN organisation o ON o.id = p.coordinator_organisation_id
           JOIN joint_call j ON j.id = p.call_id
           JOIN call_stage s ON s.call_id = p.call_id AND s.stage_no = p.stage_no
          WHERE p.coordinator_organisation_id = ANY($1::uuid[]) AND p.state = 'DRAFT' AND j.state = 'OPEN'
            AND s.submission_deadline > $2
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.organisationIds, scope.now],
    );
    return rows.map((r) => ({
      id: `DRAFT_TO_SUBMIT:${r.proposalId}`,
      kind: 'DRAFT_TO_SUBMIT',
      workspace: 'APPLICANT',
      dueAt: r.dueAt,
      timeZone: r.timeZone,
      link: webLinks.proposal(r.proposalId),
      params: {
        proposalId: r.proposalId,
        acronym: r.acronym,
        title: r.title,
        callId: r.callId,
        callTitle: r.callTitle,
        organisationName: r.organisationName,
        pendingPartners: r.pendingPartners,
        submissionDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
