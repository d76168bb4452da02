import { Injectable } from '@nestjs/common';
import { amendmentStateMachine, type AmendableProject, type AmendmentRequest, type AmendmentState } from '@app/domain';
import type { Tx } from '../unit-of-work';
import type { MilestoneRow, ProjectRecord } from './project.repository';

/** A project as an amendment sees it, with who funds each region. */
export interface AmendableProjectView extends AmendableProject {
  /** Region code → the agency funding it in the call. */
  regionAgencies: Record<string, string>;
  /** Organisation id → its region. */
  partnerRegions: Record<string, string>;
}

export interface AmendmentRecord {
  id: string;
  projectId: string;
  request: AmendmentRequest;
  justification: string;
  requiredAgencies: string[];
  state: AmendmentState;
  requestedBy: string;
  requestedAt: Date;
  decidedAt: Date | null;
}

/** `project_amendment`. */
export interface ProjectAmendmentRow {
  id: string;
  project_id: string;
  request: AmendmentRequest;
  justification: string;
  required_agencies: string[];
  state: AmendmentState;
  requested_by: string;
  requested_at: Date;
  decided_at: Date | null;
}

export const toAmendment = (r: ProjectAmendmentRow): AmendmentRecord => ({
  id: r.id,
  projectId: r.project_id,
  request: r.request,
  justification: r.justification,
  requiredAgencies: r.required_agencies,
  state: r.state,
  requestedBy: r.requested_by,
  requestedAt: r.requested_at,
  decidedAt: r.decided_at,
});

export interface AmendmentAnswer {
  agencyId: string;
  answer: 'APPROVED' | 'REJECTED';
  reason: string | null;
  answeredAt: Date;
}

/** `project_amendment_answer`. */
export interface ProjectAmendmentAnswerRow {
  agency_id: string;
  answer: 'APPROVED' | 'REJECTED';
  reason: string | null;
  answered_at: Date;
}

export const toAmendmentAnswer = (r: ProjectAmendmentAnswerRow): AmendmentAnswer => ({
  agencyId: r.agency_id,
  answer: r.answer,
  reason: r.reason,
  answeredAt: r.answered_at,
});

/** Amendments (SPEC M6): the project's amendable facts and the amendment rows with their answers. */
@Injectable()
export class ProjectAmendmentRepository {
  /** Milestones, live grants with what was released for each, and the regions' currencies and agencies. */
  async amendable(tx: Tx, project: ProjectRecord): Promise<AmendableProjectView> {
    const milestones: Array<Pick<MilestoneRow, 'idx' | 'due_month' | 'state'>> = await tx.query(
      'SELECT idx, due_month, state FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [project.id],
    );
    const grants: Array<{ organisationId: string; regionCode: string; grant: string; released: string }> =
      await tx.query(
        `SELECT g.organisation_id AS "organisationId", g.region_code AS "regionCode", g.amount AS grant,
                COALESCE((SELECT sum(i.amount) FROM instalment i
                           WHERE i.grant_id = g.id AND i.status <> 'SCHEDULED'), 0) AS released
           FROM funding_grant g WHERE g.proposal_id = $1 AND g.status = 'AWARDED' ORDER BY g.organisation_id`,
        [project.proposalId],
      );
    const regions: Array<{ regionCode: string; currency: string; agencyId: string }> = await tx.query(
      `SELECT region_code AS "regionCode", currency, agency_id AS "agencyId" FROM fund_commitment
        WHERE call_id = $1 AND status = 'CONFIRMED' ORDER BY region_code`,
      [project.callId],
    );
    const funded = new Set(grants.map((g) => g.regionCode));
    return {
      durationMonths: project.durationMonths,
      milestones: milestones.map((m) => ({ index: m.idx, dueMonth: m.due_month, state: m.state })),
      partners: grants.map((g) => ({
        organisationId: g.organisationId,
        regionCode: g.regionCode,
        role: g.organisationId === project.coordinatorOrganisationId ? 'COORDINATOR' : 'PARTNER',
        grant: Number(g.grant),
        released: Number(g.released),
      })),
      // The project's own regions: an amendment moves money within them and adds partners to them.
      regionCurrencies: Object.fromEntries(
        regions.filter((r) => funded.has(r.regionCode)).map((r) => [r.regionCode, r.currency]),
      ),
      regionAgencies: Object.fromEntries(
        regions.filter((r) => funded.has(r.regionCode)).map((r) => [r.regionCode, r.agencyId]),
      ),
      partnerRegions: Object.fromEntries(grants.map((g) => [g.organisationId, g.regionCode])),
    };
  }

  async find(tx: Tx, amendmentId: string, lock = false): Promise<AmendmentRecord | undefined> {
    const rows: ProjectAmendmentRow[] = await tx.query(
      `SELECT id, project_id, request, justification, required_agencies, state, requested_by, requested_at, decided_at
         FROM project_amendment WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [amendmentId],
    );
    return rows[0] && toAmendment(rows[0]);
  }

  /** The project's amendments' ids, oldest first. */
  async idsOfProject(tx: Tx, projectId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await tx.query(
      'SELECT id FROM project_amendment WHERE project_id = $1 ORDER BY requested_at, id',
      [projectId],
    );
    return rows.map((r) => r.id);
  }

  /** The project's PENDING amendment, if any (one at a time). */
  async pendingOf(tx: Tx, projectId: string): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await tx.query(
      "SELECT id FROM project_amendment WHERE project_id = $1 AND state = 'PENDING'",
      [projectId],
    );
    return rows[0]?.id;
  }

  async answers(tx: Tx, amendmentId: string): Promise<AmendmentAnswer[]> {
    const rows: ProjectAmendmentAnswerRow[] = await tx.query(
      `SELECT agency_id, answer, reason, answered_at FROM project_amendment_answer
        WHERE amendment_id = $1 ORDER BY agency_id`,
      [amendmentId],
    );
    return rows.map(toAmendmentAnswer);
  }

  /** A new PENDING amendment. */
  async create(
    tx: Tx,
    amendment: {
      id: string;
      projectId: string;
      request: AmendmentRequest;
      justification: string;
      requiredAgencies: string[];
      requestedBy: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO project_amendment (id, project_id, request, justification, required_agencies, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        amendment.id,
        amendment.projectId,
        JSON.stringify(amendment.request),
        amendment.justification,
        amendment.requiredAgencies,
        amendment.requestedBy,
      ],
    );
  }

  /** One agency's answer. */
  async answer(
    tx: Tx,
    answer: {
      amendmentId: string;
      agencyId: string;
      answer: 'APPROVED' | 'REJECTED';
      reason: string | null;
      answeredBy: string;
      at: string;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO project_amendment_answer (amendment_id, agency_id, answer, reason, answered_by, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [answer.amendmentId, answer.agencyId, answer.answer, answer.reason, answer.answeredBy, answer.at],
    );
  }

  /** The amendment decided (its machine decides): APPROVED by the last approval, REJECTED by the first rejection. */
  async transitionAmendment(tx: Tx, amendmentId: string, to: AmendmentState, at: string): Promise<void> {
    const [row]: Array<{ state: AmendmentState }> = await tx.query(
      'SELECT state FROM project_amendment WHERE id = $1 FOR UPDATE',
      [amendmentId],
    );
    amendmentStateMachine.assert(row.state, to);
    await tx.query('UPDATE project_amendment SET state = $2, decided_at = $3 WHERE id = $1', [amendmentId, to, at]);
  }
}
