import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';
import type { ProjectRecord } from '../repositories/project.repository';

/** A project as `GET /projects/{id}` shows it: milestones, and the grants with their instalments the caller sees. */
export interface ProjectView {
  id: string;
  callId: string;
  proposalId: string;
  acronym: string;
  startDate: string;
  durationMonths: number;
  endsAt: string;
  state: string;
  consortiumAgreement: string;
  milestones: Array<{
    idx: number;
    title: string;
    dueMonth: number;
    dueAt: string;
    overdueAt: string;
    state: string;
    midTerm: boolean;
  }>;
  grants: Array<{
    id: string;
    organisationId: string;
    agencyId: string;
    regionCode: string;
    amount: number;
    currency: string;
    status: string;
    conditions: string | null;
    instalments: Array<{ seq: number; trigger: string; shareBps: number; amount: number; status: string }>;
  }>;
}

/** The project view (SPEC §9 `GET /projects/{id}`, `GET /calls/{id}/projects`). */
@Injectable()
export class ProjectViewReadModel {
  /** `agencyIds`: the agencies whose partners' grants the caller sees; `null` = all. */
  async view(tx: Tx, project: ProjectRecord, agencyIds: string[] | null): Promise<ProjectView> {
    const milestones: Array<{
      idx: number;
      title: string;
      dueMonth: number;
      dueAt: Date;
      overdueAt: Date;
      state: string;
      midTerm: boolean;
    }> = await tx.query(
      `SELECT idx, title, due_month AS "dueMonth", due_at AS "dueAt", overdue_at AS "overdueAt", state,
              mid_term AS "midTerm"
         FROM project_milestone WHERE project_id = $1 ORDER BY idx`,
      [project.id],
    );
    const grants: Array<{
      id: string;
      organisationId: string;
      agencyId: string;
      regionCode: string;
      amount: string;
      currency: string;
      status: string;
      conditions: string | null;
    }> = await tx.query(
      `SELECT id, organisation_id AS "organisationId", agency_id AS "agencyId", region_code AS "regionCode", amount,
              currency, status, conditions
         FROM funding_grant WHERE proposal_id = $1 AND ($2::uuid[] IS NULL OR agency_id = ANY($2))
        ORDER BY region_code, organisation_id`,
      [project.proposalId, agencyIds],
    );
    const instalments: Array<{
      grantId: string;
      seq: number;
      trigger: string;
      shareBps: number;
      amount: string;
      status: string;
    }> = grants.length
      ? await tx.query(
          `SELECT grant_id AS "grantId", seq, trigger, share_bps AS "shareBps", amount, status
             FROM instalment WHERE grant_id = ANY($1) ORDER BY grant_id, seq`,
          [grants.map((g) => g.id)],
        )
      : [];
    return {
      id: project.id,
      callId: project.callId,
      proposalId: project.proposalId,
      acronym: project.acronym,
      startDate: project.startDate,
      durationMonths: project.durationMonths,
      endsAt: project.endsAt.toISOString(),
      state: project.state,
      consortiumAgreement: project.consortiumAgreement,
      milestones: milestones.map((m) => ({ ...m, dueAt: m.dueAt.toISOString(), overdueAt: m.overdueAt.toISOString() })),
      grants: grants.map((g) => ({
        ...g,
        amount: Number(g.amount),
        instalments: instalments
          .filter((i) => i.grantId === g.id)
          .map(({ grantId: _grant, ...i }) => ({ ...i, amount: Number(i.amount) })),
      })),
    };
  }
}
