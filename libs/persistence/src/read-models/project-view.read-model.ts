import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';
import type { FundingGrantRow, InstalmentRow } from '../repositories/grant.repository';
import type { MilestoneRow, ProjectRecord } from '../repositories/project.repository';

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
    /** `id` is what `POST /instalments/{id}/confirm-payment` takes. */
    instalments: Array<{ id: string; seq: number; trigger: string; shareBps: number; amount: number; status: string }>;
  }>;
}

/** The project view (SPEC §9 `GET /projects/{id}`, `GET /calls/{id}/projects`). */
@Injectable()
export class ProjectViewReadModel {
  /** `agencyIds`: the agencies whose partners' grants the caller sees; `null` = all. */
  async view(tx: Tx, project: ProjectRecord, agencyIds: string[] | null): Promise<ProjectView> {
    const milestones: Array<
      Pick<MilestoneRow, 'idx' | 'title' | 'due_month' | 'due_at' | 'overdue_at' | 'state' | 'mid_term'>
    > = await tx.query(
      `SELECT idx, title, due_month, due_at, overdue_at, state, mid_term
         FROM project_milestone WHERE project_id = $1 ORDER BY idx`,
      [project.id],
    );
    const grants: Array<
      Pick<
        FundingGrantRow,
        'id' | 'organisation_id' | 'agency_id' | 'region_code' | 'amount' | 'currency' | 'status' | 'conditions'
      >
    > = await tx.query(
      `SELECT id, organisation_id, agency_id, region_code, amount, currency, status, conditions
         FROM funding_grant WHERE proposal_id = $1 AND ($2::uuid[] IS NULL OR agency_id = ANY($2))
        ORDER BY region_code, organisation_id`,
      [project.proposalId, agencyIds],
    );
    const instalments: Array<
      Pick<InstalmentRow, 'id' | 'grant_id' | 'seq' | 'trigger' | 'share_bps' | 'amount' | 'status'>
    > = grants.length
      ? await tx.query(
          `SELECT id, grant_id, seq, trigger, share_bps, amount, status
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
      milestones: milestones.map((m) => ({
        idx: m.idx,
        title: m.title,
        dueMonth: m.due_month,
        dueAt: m.due_at.toISOString(),
        overdueAt: m.overdue_at.toISOString(),
        state: m.state,
        midTerm: m.mid_term,
      })),
      grants: grants.map((g) => ({
        id: g.id,
        organisationId: g.organisation_id,
        agencyId: g.agency_id,
        regionCode: g.region_code,
        amount: Number(g.amount),
        currency: g.currency,
        status: g.status,
        conditions: g.conditions,
        instalments: instalments
          .filter((i) => i.grant_id === g.id)
          .map((i) => ({
            id: i.id,
            seq: i.seq,
            trigger: i.trigger,
            shareBps: i.share_bps,
            amount: Number(i.amount),
            status: i.status,
          })),
      })),
    };
  }
}
