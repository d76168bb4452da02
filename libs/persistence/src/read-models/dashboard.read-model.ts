import { Injectable } from '@nestjs/common';
import type { KpiIndicator, ProposalState } from '@app/domain';
import type { Tx } from '../unit-of-work';

/** SPEC M5: what the programme dashboard reads, plain SQL over the tables the engine writes. */

export interface DashboardCall {
  id: string;
  title: string;
  createdAt: Date;
  kpiFramework: KpiIndicator[] | null;
}

export interface DashboardProject {
  id: string;
  callId: string;
  proposalId: string;
  kpiTargets: Record<string, number> | null;
  transformativeActivities: string[];
  endedAt: Date | null;
  /** The regions of the project's awarded grants. */
  regionCodes: string[];
}

/** Money is a SQL sum as text (bigint minor units). */
export interface DashboardMoney {
  regionCode: string;
  currency: string;
  amount: string;
}

export interface DashboardProposalMoney {
  proposalId: string;
  currency: string;
  amount: string;
}

@Injectable()
export class DashboardReadModel {
  /** One call, or every call of the installation, in creation order. */
  async calls(tx: Tx, callId: string | null): Promise<DashboardCall[]> {
    return tx.query(
      `SELECT id, title, created_at AS "createdAt", configuration->'kpiFramework' AS "kpiFramework"
         FROM joint_call ${callId === null ? '' : 'WHERE id = $1'} ORDER BY created_at, id`,
      callId === null ? [] : [callId],
    );
  }

  /** The CONFIRMED commitments' amounts. */
  async confirmedCommitments(tx: Tx, callIds: string[]): Promise<Array<DashboardMoney & { callId: string }>> {
    return tx.query(
      `SELECT call_id AS "callId", region_code AS "regionCode", currency, amount::text AS amount
         FROM fund_commitment WHERE status = 'CONFIRMED' AND call_id = ANY($1)`,
      [callIds],
    );
  }

  /** The live ledger's ALLOCATED, RELEASED and PAID sums per call, region, currency and kind. */
  async ledgerFlows(
    tx: Tx,
    callIds: string[],
  ): Promise<Array<DashboardMoney & { callId: string; kind: 'ALLOCATED' | 'RELEASED' | 'PAID' }>> {
    return tx.query(
      `SELECT call_id AS "callId", region_code AS "regionCode", currency, kind, sum(amount)::text AS amount
         FROM budget_ledger_entry
        WHERE superseded_at IS NULL AND kind IN ('ALLOCATED', 'RELEASED', 'PAID') AND call_id = ANY($1)
        GROUP BY call_id, region_code, currency, kind`,
      [callIds],
    );
  }

  /**
   * The proposals of each call's last stage with the regions of their partners; a SELECTED proposal that
   * has its project reads FUNDED.
   */
  async funnelProposals(
    tx: Tx,
    callIds: string[],
  ): Promise<Array<{ callId: string; state: ProposalState; regions: string[] }>> {
    return tx.query(
      `SELECT p.call_id AS "callId",
              CASE WHEN p.state = 'SELECTED' AND EXISTS (SELECT 1 FROM project pr WHERE pr.proposal_id = p.id)
                   THEN 'FUNDED' ELSE p.state END AS state,
              COALESCE(array_agg(DISTINCT o.region_code) FILTER (WHERE o.region_code IS NOT NULL), '{}') AS regions
         FROM proposal p
         JOIN joint_call j ON j.id = p.call_id
         LEFT JOIN proposal_partner pp ON pp.proposal_id = p.id
         LEFT JOIN organisation o ON o.id = pp.organisation_id
        WHERE p.call_id = ANY($1) AND p.stage_no = j.stages
        GROUP BY p.id, p.call_id, p.state`,
      [callIds],
    );
  }

  /** The projects of the calls, each with the regions of its awarded grants. */
  async projects(tx: Tx, callIds: string[]): Promise<DashboardProject[]> {
    return tx.query(
      `SELECT p.id, p.call_id AS "callId", p.proposal_id AS "proposalId", p.kpi_targets AS "kpiTargets",
              p.transformative_activities AS "transformativeActivities", p.ended_at AS "endedAt",
              COALESCE((SELECT array_agg(DISTINCT g.region_code ORDER BY g.region_code) FROM funding_grant g
                         WHERE g.proposal_id = p.proposal_id AND g.status = 'AWARDED'), '{}') AS "regionCodes"
         FROM project p WHERE p.call_id = ANY($1) ORDER BY p.id`,
      [callIds],
    );
  }

  async milestones(
    tx: Tx,
    projectIds: string[],
  ): Promise<Array<{ projectId: string; dueAt: Date; overdueAt: Date; firstReportedAt: Date | null }>> {
    return tx.query(
      `SELECT project_id AS "projectId", due_at AS "dueAt", overdue_at AS "overdueAt",
              first_reported_at AS "firstReportedAt"
         FROM project_milestone WHERE project_id = ANY($1)`,
      [projectIds],
    );
  }

  async acceptedReports(
    tx: Tx,
    projectIds: string[],
  ): Promise<
    Array<{ id: string; projectId: string; decidedAt: Date | null; kpiValues: Record<string, number> | null }>
  > {
    return tx.query(
      `SELECT id, project_id AS "projectId", decided_at AS "decidedAt", kpi_values AS "kpiValues"
         FROM project_report WHERE state = 'ACCEPTED' AND project_id = ANY($1)`,
      [projectIds],
    );
  }

  /** The awarded grants' sums per proposal and currency. */
  async awardedByProposal(tx: Tx, proposalIds: string[]): Promise<DashboardProposalMoney[]> {
    return tx.query(
      `SELECT proposal_id AS "proposalId", currency, sum(amount)::text AS amount FROM funding_grant
        WHERE status = 'AWARDED' AND proposal_id = ANY($1) GROUP BY proposal_id, currency`,
      [proposalIds],
    );
  }

  /** The live ledger's PAID sums per proposal and currency. */
  async paidByProposal(tx: Tx, proposalIds: string[]): Promise<DashboardProposalMoney[]> {
    return tx.query(
      `SELECT proposal_id AS "proposalId", currency, sum(amount)::text AS amount FROM budget_ledger_entry
        WHERE kind = 'PAID' AND superseded_at IS NULL AND proposal_id = ANY($1) GROUP BY proposal_id, currency`,
      [proposalIds],
    );
  }

  async transformativeActivities(
    tx: Tx,
    codes: string[],
  ): Promise<Array<{ code: string; title: string; regionCodes: string[] }>> {
    return tx.query(
      'SELECT code, title, region_codes AS "regionCodes" FROM transformative_activity WHERE code = ANY($1)',
      [codes],
    );
  }
}
