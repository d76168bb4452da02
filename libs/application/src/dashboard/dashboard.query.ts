import { Injectable } from '@nestjs/common';
import {
  budgetByRegion,
  DEFAULT_KPI_FRAMEWORK,
  fundingByTransformativeActivity,
  kpiTargetsVsActuals,
  milestonePunctuality,
  proposalFunnel,
  type BudgetRow,
  type KpiGrouping,
  type KpiIndicator,
  type KpiProject,
  type KpiReport,
  type LedgerEntry,
} from '@app/domain';
import { DashboardReadModel, type DashboardCall, type DashboardProject, type Tx } from '@app/persistence';
import { addCounts, earlierInstant, unionFramework, type PunctualityTotals } from './dashboard-rules';

/**
 * SPEC M5: the programme dashboard's tables. The rows come from `DashboardReadModel` (the ledger,
 * commitments, proposals, projects, milestones, reports, grants); every rule — totals, funnel stages,
 * punctuality, KPI aggregation, funding per activity — is the domain's (`libs/domain/src/monitoring`).
 * One scope: a single call, or every call of the installation (the programme view).
 */

/** Which calls: one (the call dashboard) or all (the programme dashboard). */
export type DashboardScope = { callId: string } | { allCalls: true };

export const DASHBOARD_TABLES = ['budget', 'funnel', 'punctuality', 'kpis', 'activities'] as const;
export type DashboardTableName = (typeof DASHBOARD_TABLES)[number];

/** Money is minor units as decimal strings (the domain's exact sums), with the currency beside it. */
export interface BudgetTableRow extends BudgetRow {
  /** null on the programme view's total rows (and absent from the call view). */
  callId?: string | null;
  callTitle?: string | null;
}

export interface FunnelTableRow {
  callId?: string | null;
  callTitle?: string | null;
  /** `ALL`, or a region code: the proposals with a partner organisation in that region. */
  group: string;
  submitted: number;
  eligible: number;
  aboveThreshold: number;
  funded: number;
}

export interface PunctualityTableRow {
  /** `ALL`, or a region code: the milestones of the projects with a grant in that region. */
  group: string;
  onTime: number;
  late: number;
  overdue: number;
  inGrace: number;
  notDue: number;
  total: number;
}

export interface KpiTableRow {
  grouping: Exclude<KpiGrouping, 'PROJECT'>;
  group: string;
  code: string;
  name: string;
  unit: string;
  aggregation: KpiIndicator['aggregation'];
  target: number | null;
  targetProjects: number;
  actual: number | null;
  actualProjects: number;
}

export interface ActivityTableRow {
  activityCode: string;
  title: string | null;
  /** The regions whose entrepreneurial discovery workshops identified the activity (SPEC §3). */
  sharedByRegions: string[];
  currency: string;
  allocated: string;
  paid: string;
  projects: number;
}

export interface DashboardTables {
  budget: BudgetTableRow[];
  funnel: FunnelTableRow[];
  punctuality: PunctualityTableRow[];
  kpis: KpiTableRow[];
  activities: ActivityTableRow[];
}

export interface DashboardOptions {
  /** The instant punctuality is judged at (ISO-8601 with an offset). */
  at: string;
  /** Budget rows of these regions only (an agency officer's); null = every region. */
  budgetRegions: readonly string[] | null;
}

type CallInfo = DashboardCall;
type ProjectInfo = DashboardProject;

const KPI_GROUPINGS: ReadonlyArray<Exclude<KpiGrouping, 'PROJECT'>> = ['ALL', 'REGION', 'TRANSFORMATIVE_ACTIVITY'];

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A SQL sum (bigint as text) as the domain's ledger entry amount; refuses anything a number cannot hold exactly. */
function minorUnits(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`Ledger sum ${text} exceeds the exact range of a number.`);
  return n;
}

@Injectable()
export class DashboardQuery {
  constructor(private readonly read: DashboardReadModel) {}

  /** Every table of the dashboard for the scope. */
  async tables(tx: Tx, scope: DashboardScope, options: DashboardOptions): Promise<DashboardTables> {
    const calls = await this.calls(tx, scope);
    const callIds = calls.map((c) => c.id);
    const projects = await this.projects(tx, callIds);
    return {
      budget: await this.budget(tx, scope, calls, options.budgetRegions),
      funnel: await this.funnel(tx, scope, calls),
      punctuality: await this.punctuality(tx, projects, options.at),
      kpis: await this.kpis(tx, calls, projects),
      activities: await this.activities(tx, projects),
    };
  }

  /** One table of the dashboard for the scope (reads only what it needs). */
  async table(
    tx: Tx,
    scope: DashboardScope,
    name: DashboardTableName,
    options: DashboardOptions,
  ): Promise<DashboardTables[DashboardTableName]> {
    const calls = await this.calls(tx, scope);
    switch (name) {
      case 'budget':
        return this.budget(tx, scope, calls, options.budgetRegions);
      case 'funnel':
        return this.funnel(tx, scope, calls);
      case 'punctuality':
        return this.punctuality(
          tx,
          await this.projects(
            tx,
            calls.map((c) => c.id),
          ),
          options.at,
        );
      case 'kpis':
        return this.kpis(
          tx,
          calls,
          await this.projects(
            tx,
            calls.map((c) => c.id),
          ),
        );
      case 'activities':
        return this.activities(
          tx,
          await this.projects(
            tx,
            calls.map((c) => c.id),
          ),
        );
    }
  }

  private async calls(tx: Tx, scope: DashboardScope): Promise<CallInfo[]> {
    return this.read.calls(tx, 'callId' in scope ? scope.callId : null);
  }

  /**
   * Committed (the CONFIRMED commitments' amounts) and the live ledger's ALLOCATED, RELEASED and PAID
   * sums per call, region and currency, through the domain's `budgetByRegion`. PROPOSED entries (held
   * by a decision awaiting approval) are not money the programme has allocated and are left out.
   */
  private async budget(
    tx: Tx,
    scope: DashboardScope,
    calls: CallInfo[],
    regions: readonly string[] | null,
  ): Promise<BudgetTableRow[]> {
    const callIds = calls.map((c) => c.id);
    const committed = await this.read.confirmedCommitments(tx, callIds);
    const flows = await this.read.ledgerFlows(tx, callIds);
    const entriesByCall = new Map<string, LedgerEntry[]>(callIds.map((id) => [id, []]));
    for (const c of committed)
      entriesByCall.get(c.callId)?.push({
        regionCode: c.regionCode,
        currency: c.currency.trim(),
        kind: 'COMMITTED',
        amount: minorUnits(c.amount),
      });
    for (const f of flows)
      entriesByCall
        .get(f.callId)
        ?.push({ regionCode: f.regionCode, currency: f.currency.trim(), kind: f.kind, amount: minorUnits(f.amount) });
    const visible = (row: { regionCode: string }) => regions === null || regions.includes(row.regionCode);
    if ('callId' in scope) return budgetByRegion(entriesByCall.get(scope.callId) ?? []).filter(visible);
    const perCall: BudgetTableRow[] = calls.flatMap((call) =>
      budgetByRegion(entriesByCall.get(call.id) ?? []).map((row) => ({
        callId: call.id,
        callTitle: call.title,
        ...row,
      })),
    );
    const totals: BudgetTableRow[] = budgetByRegion([...entriesByCall.values()].flat()).map((row) => ({
      callId: null,
      callTitle: null,
      ...row,
    }));
    return [...perCall, ...totals].filter(visible);
  }

  /**
   * The domain's funnel over the proposals of the call's last stage (a two-stage call: its full
   * proposals; pre-proposals are a screening step, not applications for funding), overall and per
   * region of the partners' organisations. The programme view: one ALL row per call, then the
   * programme's ALL and per-region rows. A SELECTED proposal that has its project counts as FUNDED: the
   * approved decision funded it (SPEC §3 Project = funded proposal), and no path moves the proposal's own
   * state to FUNDED yet.
   */
  private async funnel(tx: Tx, scope: DashboardScope, calls: CallInfo[]): Promise<FunnelTableRow[]> {
    const rows = await this.read.funnelProposals(
      tx,
      calls.map((c) => c.id),
    );
    const grouped = (subset: typeof rows): FunnelTableRow[] => {
      const regions = [...new Set(subset.flatMap((r) => r.regions))].sort(cmp);
      return [
        { group: 'ALL', ...proposalFunnel(subset.map((r) => r.state)) },
        ...regions.map((region) => ({
          group: region,
          ...proposalFunnel(subset.filter((r) => r.regions.includes(region)).map((r) => r.state)),
        })),
      ];
    };
    if ('callId' in scope) return grouped(rows);
    const perCall: FunnelTableRow[] = calls.map((call) => ({
      callId: call.id,
      callTitle: call.title,
      group: 'ALL',
      ...proposalFunnel(rows.filter((r) => r.callId === call.id).map((r) => r.state)),
    }));
    return [...perCall, ...grouped(rows).map((row) => ({ callId: null, callTitle: null, ...row }))];
  }

  /** The projects of the calls, each with the regions of its awarded grants. */
  private async projects(tx: Tx, callIds: string[]): Promise<ProjectInfo[]> {
    return this.read.projects(tx, callIds);
  }

  /**
   * The domain's punctuality of every milestone of the projects at `at`; a project that has ended
   * (completed or terminated) is judged at its end, so milestones it no longer owes do not turn overdue.
   * Overall and per region (a project counts in each region of its grants).
   */
  private async punctuality(tx: Tx, projects: ProjectInfo[], at: string): Promise<PunctualityTableRow[]> {
    const milestones = await this.read.milestones(
      tx,
      projects.map((p) => p.id),
    );
    const perProject = new Map<string, PunctualityTotals>();
    for (const p of projects) {
      const own = milestones
        .filter((m) => m.projectId === p.id)
        .map((m) => ({
          dueAt: m.dueAt.toISOString(),
          overdueAt: m.overdueAt.toISOString(),
          ...(m.firstReportedAt ? { firstReportedAt: m.firstReportedAt.toISOString() } : {}),
        }));
      perProject.set(p.id, milestonePunctuality(own, p.endedAt ? earlierInstant(at, p.endedAt.toISOString()) : at));
    }
    const row = (group: string, members: ProjectInfo[]): PunctualityTableRow => {
      const c = addCounts(members.map((p) => perProject.get(p.id) as PunctualityTotals));
      return {
        group,
        onTime: c.ON_TIME,
        late: c.LATE,
        overdue: c.OVERDUE,
        inGrace: c.IN_GRACE,
        notDue: c.NOT_DUE,
        total: c.ON_TIME + c.LATE + c.OVERDUE + c.IN_GRACE + c.NOT_DUE,
      };
    };
    const regions = [...new Set(projects.flatMap((p) => p.regionCodes))].sort(cmp);
    return [
      row('ALL', projects),
      ...regions.map((region) =>
        row(
          region,
          projects.filter((p) => p.regionCodes.includes(region)),
        ),
      ),
    ];
  }

  /**
   * The domain's KPI targets against actuals (latest accepted report per indicator) grouped ALL, per
   * REGION and per TRANSFORMATIVE_ACTIVITY. The framework: the call's (the default one when it has
   * none); over several calls, the union of their frameworks by code (the earliest call's definition wins).
   */
  private async kpis(tx: Tx, calls: CallInfo[], projects: ProjectInfo[]): Promise<KpiTableRow[]> {
    const framework = unionFramework(
      calls.map((c) =>
        Array.isArray(c.kpiFramework) && c.kpiFramework.length > 0 ? c.kpiFramework : DEFAULT_KPI_FRAMEWORK,
      ),
    );
    const reports = await this.read.acceptedReports(
      tx,
      projects.map((p) => p.id),
    );
    const kpiProjects: KpiProject[] = projects.map((p) => ({
      projectId: p.id,
      regionCodes: p.regionCodes,
      transformativeActivityCodes: p.transformativeActivities,
      kpiTargets: p.kpiTargets ?? {},
    }));
    const kpiReports: KpiReport[] = reports.map((r) => ({
      projectId: r.projectId,
      reportId: r.id,
      state: 'ACCEPTED',
      ...(r.decidedAt ? { acceptedAt: r.decidedAt.toISOString() } : {}),
      kpiValues: r.kpiValues ?? {},
    }));
    return KPI_GROUPINGS.flatMap((grouping) =>
      kpiTargetsVsActuals(framework, kpiProjects, kpiReports, grouping).map((r) => ({
        grouping,
        group: r.group,
        code: r.code,
        name: r.name,
        unit: r.unit,
        aggregation: r.aggregation,
        target: r.target.value,
        targetProjects: r.target.projects,
        actual: r.actual.value,
        actualProjects: r.actual.projects,
      })),
    );
  }

  /**
   * The domain's funding per transformative activity: allocated = the project's awarded grants, paid =
   * the live ledger's PAID entries of its proposal, per currency; with the activity's title and the
   * regions that share it (the reference table).
   */
  private async activities(tx: Tx, projects: ProjectInfo[]): Promise<ActivityTableRow[]> {
    const proposalIds = projects.map((p) => p.proposalId);
    const allocated = await this.read.awardedByProposal(tx, proposalIds);
    const paid = await this.read.paidByProposal(tx, proposalIds);
    const money = (proposalId: string) => [
      ...allocated
        .filter((a) => a.proposalId === proposalId)
        .map((a) => ({ currency: a.currency.trim(), allocated: minorUnits(a.amount), paid: 0 })),
      ...paid
        .filter((a) => a.proposalId === proposalId)
        .map((a) => ({ currency: a.currency.trim(), allocated: 0, paid: minorUnits(a.amount) })),
    ];
    const rows = fundingByTransformativeActivity(
      projects.map((p) => ({ transformativeActivityCodes: p.transformativeActivities, money: money(p.proposalId) })),
    );
    const reference = await this.read.transformativeActivities(tx, [...new Set(rows.map((r) => r.activityCode))]);
    const byCode = new Map(reference.map((r) => [r.code, r]));
    return rows.map((r) => ({
      activityCode: r.activityCode,
      title: byCode.get(r.activityCode)?.title ?? null,
      sharedByRegions: [...(byCode.get(r.activityCode)?.regionCodes ?? [])].sort(cmp),
      currency: r.currency,
      allocated: r.allocated,
      paid: r.paid,
      projects: r.projects,
    }));
  }
}
