import { webLinks } from '@app/contracts';
import { holds, TASK_KIND_ROW_LIMIT, zoned, type TaskKind } from '../task-kind';

/** A project's consortium agreement uploaded and awaiting the programme manager's acceptance. */
export const consortiumAgreementToReviewTask: TaskKind = {
  kind: 'CONSORTIUM_AGREEMENT_TO_REVIEW',
  workspace: 'PROGRAMME_MANAGER',
  appliesTo: holds('PROGRAMME_MANAGER'),
  async find(manager) {
    const rows: Array<{
      projectId: string;
      acronym: string;
      fileName: string | null;
      uploadedAt: Date | null;
      callId: string;
      callTitle: string;
      timeZone: string;
    }> = await manager.query(
      `SELECT pr.id AS "projectId", pr.acronym, pr.consortium_agreement_file_name AS "fileName",
         pr.consortium_agreement_uploaded_at AS "uploadedAt",
              pr.call_id AS "callId", j.title AS "callTitle", j.time_zone AS "timeZone"
         FROM project pr JOIN joint_call j ON j.id = pr.call_id
        WHERE pr.consortium_agreement = 'SUBMITTED'
        LIMIT ${TASK_KIND_ROW_LIMIT}`,
    );
    return rows.map((r) => ({
      id: `CONSORTIUM_AGREEMENT_TO_REVIEW:${r.projectId}`,
      kind: 'CONSORTIUM_AGREEMENT_TO_REVIEW',
      workspace: 'PROGRAMME_MANAGER',
      dueAt: null,
      timeZone: r.timeZone,
      link: webLinks.project(r.projectId),
      params: {
        projectId: r.projectId,
        acronym: r.acronym,
        fileName: r.fileName,
        uploadedAt: zoned(r.uploadedAt, r.timeZone),
        callId: r.callId,
        callTitle: r.callTitle,
      },
    }));
  },
};
