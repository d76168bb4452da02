import { webLinks } from '@app/contracts';
import { isOfficer, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** An instalment released to the caller's agency for one of its partners, not yet confirmed as paid. */
export const paymentToConfirmTask: TaskKind = {
  kind: 'PAYMENT_TO_CONFIRM',
  workspace: 'AGENCY_OFFICER',
  appliesTo: isOfficer,
  async find(manager, scope) {
    const rows: Array<{
      instalmentId: string;
      seq: number;
      amount: number;
      currency: string;
      agencyId: string;
      proposalId: string;
      projectId: string | null;
      acronym: string;
      organisationName: string;
      callId: string;
      callTitle: string;
      timeZone: string;
      releasedAt: Date | null;
    }> = await manager.query(
      `SELECT i.id AS "instalmentId", i.seq, i.amount::float8 AS amount, g.currency, g.agency_id AS "agencyId",
         g.proposal_id AS "proposalId", pr.id AS "projectId",
                p.acronym, o.legal_name AS "organisationName", g.call_id AS "callId", j.title AS "callTitle",
                  j.time_zone AS "timeZone", i.released_at AS "releasedAt"
           FROM instalment i
           JOIN funding_grant g ON g.id = i.grant_id
           JOIN proposal p ON p.id = g.proposal_id
           JOIN organisation o ON o.id = g.organisation_id
           JOIN joint_call j ON j.id = g.call_id
           LEFT JOIN project pr ON pr.proposal_id = g.proposal_id
          WHERE g.agency_id = ANY($1::uuid[]) AND i.status = 'RELEASED'
          LIMIT ${TASK_KIND_ROW_LIMIT}`,
      [scope.agencyIds],
    );
    return rows.map((r) => ({
      id: `PAYMENT_TO_CONFIRM:${r.instalmentId}`,
      kind: 'PAYMENT_TO_CONFIRM',
      workspace: 'AGENCY_OFFICER',
      dueAt: null,
      timeZone: r.timeZone,
      link: webLinks.instalment(r.instalmentId),
      params: {
        instalmentId: r.instalmentId,
        sequence: r.seq,
        amount: r.amount,
        currency: r.currency,
        agencyId: r.agencyId,
        proposalId: r.proposalId,
        projectId: r.projectId,
        acronym: r.acronym,
        organisationName: r.organisationName,
        callId: r.callId,
        callTitle: r.callTitle,
        releasedAt: zoned(r.releasedAt, r.timeZone),
      },
    }));
  },
};
