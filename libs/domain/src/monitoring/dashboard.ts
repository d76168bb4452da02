import type { ProposalState } from '../proposals/proposal-model';
import { ledgerTotals } from './ledger';
import type { LedgerEntry } from './ledger';
import { milestoneStatusAt } from './milestone-state';
import type { MilestonePunctuality, MilestoneRecord } from './milestone-state';

/**
 * SPEC M5: pure aggregation for the programme dashboard. Deterministic: sorted output; money sums are
 * exact (bigint) and returned as decimal strings of minor units, so no total ever loses a cent.
 */

export interface BudgetRow {
  regionCode: string;
  currency: string;
  /** Minor units as decimal strings (exact for any size). */
  committed: string;
  allocated: string;
  released: string;
  paid: string;
}

/** Committed / allocated / released / paid per region and currency, sorted by region then currency. */
export function budgetByRegion(entries: readonly LedgerEntry[]): BudgetRow[] {
  return ledgerTotals(entries).map((t) => ({
    regionCode: t.regionCode,
    currency: t.currency,
    committed: t.committed.toString(),
    allocated: t.allocated.toString(),
    released: t.released.toString(),
    paid: t.paid.toString(),
  }));
}

/**
 * The proposal funnel from current proposal states. A stage counts every proposal that reached it,
 * judged from where it is now: submitted = every state but DRAFT; eligible = ELIGIBLE and every state
 * after it; above threshold = RANKED and after (SELECTED, RESERVE, NOT_FUNDED, FUNDED); funded =
 * FUNDED. A WITHDRAWN proposal counts as submitted only (its current state no longer says how far it
 * got). The stages are nested sets, so the counts never increase along the funnel.
 */
export interface ProposalFunnel {
  submitted: number;
  eligible: number;
  aboveThreshold: number;
  funded: number;
}

const ELIGIBLE_OR_LATER: readonly ProposalState[] = [
  'ELIGIBLE',
  'IN_REVIEW',
  'REVIEWED',
  'BELOW_THRESHOLD',
  'RANKED',
  'SELECTED',
  'RESERVE',
  'NOT_FUNDED',
  'FUNDED',
];
const ABOVE_THRESHOLD: readonly ProposalState[] = ['RANKED', 'SELECTED', 'RESERVE', 'NOT_FUNDED', 'FUNDED'];

export function proposalFunnel(states: readonly ProposalState[]): ProposalFunnel {
  const f: ProposalFunnel = { submitted: 0, eligible: 0, aboveThreshold: 0, funded: 0 };
  for (const s of states) {
    if (s === 'DRAFT') continue;
    f.submitted++;
    if (ELIGIBLE_OR_LATER.includes(s)) f.eligible++;
    if (ABOVE_THRESHOLD.includes(s)) f.aboveThreshold++;
    if (s === 'FUNDED') f.funded++;
  }
  return f;
}

export type PunctualityCounts = Record<MilestonePunctuality, number>;

/** Milestone punctuality at `now` (on time, late, overdue now, in grace, not yet due). */
export function milestonePunctuality(
  milestones: ReadonlyArray<Pick<MilestoneRecord, 'dueAt' | 'overdueAt' | 'firstReportedAt'>>,
  now: string,
): PunctualityCounts {
  const counts: PunctualityCounts = { ON_TIME: 0, LATE: 0, OVERDUE: 0, IN_GRACE: 0, NOT_DUE: 0 };
  for (const m of milestones) counts[milestoneStatusAt(m, now)]++;
  return counts;
}

/**
 * Funding per transformative activity (SPEC §3): each project's allocated and paid money counted in
 * full under every activity it names, per currency; sorted by activity then currency.
 */
export function fundingByTransformativeActivity(
  projects: ReadonlyArray<{
    transformativeActivityCodes: readonly string[];
    money: ReadonlyArray<{ currency: string; allocated: number; paid: number }>;
  }>,
): Array<{ activityCode: string; currency: string; allocated: string; paid: string; projects: number }> {
  const rows = new Map<
    string,
    { activityCode: string; currency: string; allocated: bigint; paid: bigint; projects: number }
  >();
  for (const p of projects) {
    for (const code of new Set(p.transformativeActivityCodes)) {
      const perCurrency = new Map<string, { allocated: bigint; paid: bigint }>();
      for (const m of p.money) {
        const c = perCurrency.get(m.currency) ?? { allocated: 0n, paid: 0n };
        c.allocated += BigInt(m.allocated);
        c.paid += BigInt(m.paid);
        perCurrency.set(m.currency, c);
      }
      for (const [currency, c] of perCurrency) {
        const key = `${code}\u0000${currency}`;
        const row = rows.get(key) ?? { activityCode: code, currency, allocated: 0n, paid: 0n, projects: 0 };
        row.allocated += c.allocated;
        row.paid += c.paid;
        row.projects++;
        rows.set(key, row);
      }
    }
  }
  return [...rows.values()]
    .sort((a, b) =>
      a.activityCode < b.activityCode
        ? -1
        : a.activityCode > b.activityCode
          ? 1
          : a.currency < b.currency
            ? -1
            : a.currency > b.currency
              ? 1
              : 0,
    )
    .map((r) => ({
      activityCode: r.activityCode,
      currency: r.currency,
      allocated: r.allocated.toString(),
      paid: r.paid.toString(),
      projects: r.projects,
    }));
}
