import { webLinks } from '@app/contracts';
import { isApplicant, TASK_KIND_ROW_LIMIT, type TaskKind } from '../task-kind';

/**
 * A funded project the caller's organisation coordinates has no accepted consortium agreement and none under review.
 */
export const consortiumAgreementDueTask: TaskKind = {
  kind: 'CONSORTIUM_AGREEMENT_DUE',
  workspace: 'APPLICANT',
  appliesTo: isApplicant,
  async find(manager, scope) {
    const rows: Array<{
      projectId: string;
      proposalId: string;
      acronym: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      agreement: string;
      startDate: string;
      comment: string | null;
    }> = await manager.query(
      `SELECT pr.id AS "projectId", pr.proposal_id AS "proposalId", pr.acronym, pr.call_id AS "callId",
         j.title AS "callTitle", j.time_zone AS "timeZone",
                pr.consortium_agreement AS agreement, to_char(pr.start_date, 'YYYY-MM-DD') AS "startDate",
                  pr.consortium_agreement_comment AS comment
           FROM project pr JOIN joint_call j ON j.id = pr.call_id
          WHERE pr.coordinator_organisation_id = ANY($1::uuid[]) AND pr.state = 'ACTIVE'
            AND pr.consortium_agreement IN ('NONE', 'RETURNED')
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.organisationIds],
    );
    return rows.map((r) => ({
      id: `CONSORTIUM_AGREEMENT_DUE:${r.projectId}`,
      kind: 'CONSORTIUM_AGREEMENT_DUE',
      workspace: 'APPLICANT',
      dueAt: null,
      timeZone: r.timeZone,
      link: webLinks.project(r.projectId),
      params: {
        projectId: r.projectId,
        proposalId: r.proposalId,
        acronym: r.acronym,
        callId: r.callId,
        callTitle: r.callTitle,
        agreementStatus: r.agreement,
        projectStart: r.startDate,
        comment: r.comment,
      },
    }));
  },
};
