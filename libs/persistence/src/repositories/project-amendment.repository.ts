import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AmendableProject, AmendmentRequest } from '@app/domain';
import type { ProjectRecord } from './project.repository';

/** A project as an amendment sees it, with who funds each region. */
export interface AmendableProjectView extends AmendableProject {
  /** Region code → the agency funding it in the call. */
  regionAgencies: Record<string, string>;
  /** Organisation id → its region. */
  partnerRegions: Record<string, string>;
}

export interface AmendmentRow {
  id: string;
  projectId: string;
  request: AmendmentRequest;
  justification: string;
  requiredAgencies: string[];
  state: 'PENDING' | 'APPROVED' | 'REJECTED';
  requestedBy: string;
  requestedAt: Date;
  decidedAt: Date | null;
}

/** Amendments (SPEC M6): the project's amendable facts and the amendment rows with their answers. */
@Injectable()
export class ProjectAmendmentRepository {
  /** Milestones, live grants with what was released for each, and the regions' currencies and agencies. */
  async amendable(manager: EntityManager, project: ProjectRecord): Promise<AmendableProjectView> {
    const milestones: Array<{ index: number; dueMonth: number; state: string }> = await manager.query(
      'SELECT idx AS index, due_month AS "dueMonth", state FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [project.id],
    );
    const grants: Array<{ organisationId: string; regionCode: string; grant: string; released: string }> =
      await manager.query(
        `SELECT g.organisation_id AS "organisationId", g.region_code AS "regionCode", g.amount AS grant,
              COALESCE((SELECT sum(i.amount) FROM instalment i WHERE i.grant_id = g.id AND i.status <> 'SCHEDULED'), 0) AS released
         FROM funding_grant g WHERE g.proposal_id = $1 AND g.status = 'AWARDED' ORDER BY g.organisation_id`,
        [project.proposalId],
      );
    const regions: Array<{ regionCode: string; currency: string; agencyId: string }> = await manager.query(
      `SELECT region_code AS "regionCode", currency, agency_id AS "agencyId" FROM fund_commitment WHERE call_id = $1 AND status = 'CONFIRMED' ORDER BY region_code`,
      [project.callId],
    );
    const funded = new Set(grants.map((g) => g.regionCode));
    return {
      durationMonths: project.durationMonths,
      milestones,
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

  async find(manager: EntityManager, amendmentId: string, lock = false): Promise<AmendmentRow | undefined> {
    const rows: AmendmentRow[] = await manager.query(
      `SELECT id, project_id AS "projectId", request, justification, required_agencies AS "requiredAgencies", state, requested_by AS "requestedBy",
              requested_at AS "requestedAt", decided_at AS "decidedAt" FROM project_amendment WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [amendmentId],
    );
    return rows[0];
  }

  async answers(
    manager: EntityManager,
    amendmentId: string,
  ): Promise<Array<{ agencyId: string; answer: 'APPROVED' | 'REJECTED'; reason: string | null; answeredAt: Date }>> {
    return manager.query(
      'SELECT agency_id AS "agencyId", answer, reason, answered_at AS "answeredAt" FROM project_amendment_answer WHERE amendment_id = $1 ORDER BY agency_id',
      [amendmentId],
    );
  }
}
