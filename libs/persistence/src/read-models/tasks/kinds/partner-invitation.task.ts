import { webLinks } from '@app/contracts';
import { isApplicant, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** An organisation of the caller is invited as a partner of a proposal of an open call and has not accepted yet. */
export const partnerInvitationTask: TaskKind = {
  kind: 'PARTNER_INVITATION',
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
      dueAt: Date | null;
      organisationId: string;
      organisationName: string;
      coordinatorName: string;
    }> = await manager.query(
      `SELECT p.id AS "proposalId", p.acronym, p.title, p.call_id AS "callId", j.title AS "callTitle",
         j.time_zone AS "timeZone", s.submission_deadline AS "dueAt",
                pp.organisation_id AS "organisationId", o.legal_name AS "organisationName",
                  co.legal_name AS "coordinatorName"
           FROM proposal_partner pp
           JOIN proposal p ON p.id = pp.proposal_id
           JOIN organisation o ON o.id = pp.organisation_id
           JOIN organisation co ON co.id = p.coordinator_organisation_id
           JOIN joint_call j ON j.id = p.call_id
           LEFT JOIN call_stage s ON s.call_id = p.call_id AND s.stage_no = p.stage_no
          WHERE pp.organisation_id = ANY($1::uuid[]) AND pp.role = 'PARTNER' AND pp.status = 'INVITED'
            AND j.state = 'OPEN' AND p.state IN ('DRAFT', 'SUBMITTED', 'WITHDRAWN')
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.organisationIds],
    );
    return rows.map((r) => ({
      id: `PARTNER_INVITATION:${r.proposalId}:${r.organisationId}`,
      kind: 'PARTNER_INVITATION',
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
        organisationId: r.organisationId,
        organisationName: r.organisationName,
        coordinatorName: r.coordinatorName,
        submissionDeadline: zoned(r.dueAt, r.timeZone),
      },
    }));
  },
};
