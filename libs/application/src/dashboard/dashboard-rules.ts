import { parseIsoInstant, type KpiIndicator, type PunctualityCounts } from '@app/domain';

/**
 * Small pure helpers the programme dashboard needs beside the domain's monitoring rules (which it
 * uses unchanged): adding punctuality counts over projects, the earlier of two instants, and one KPI
 * framework over several calls.
 */

export type PunctualityTotals = PunctualityCounts;

/** The sum of punctuality counts (each milestone counted once, in its project's count). */
export function addCounts(counts: readonly PunctualityCounts[]): PunctualityCounts {
  const total: PunctualityCounts = { ON_TIME: 0, LATE: 0, OVERDUE: 0, IN_GRACE: 0, NOT_DUE: 0 };
  for (const c of counts) for (const key of Object.keys(total) as Array<keyof PunctualityCounts>) total[key] += c[key];
  return total;
}

/** The earlier of two ISO-8601 instants (the first when equal or when either does not parse). */
export function earlierInstant(a: string, b: string): string {
  const x = parseIsoInstant(a);
  const y = parseIsoInstant(b);
  return x !== undefined && y !== undefined && y < x ? b : a;
}

/**
 * One framework for several calls: every indicator of every framework, once per code, in order of
 * first appearance (calls in creation order); when two calls define a code differently, the first
 * definition wins — their actuals are still aggregated together under it.
 */
export function unionFramework(frameworks: ReadonlyArray<readonly KpiIndicator[]>): KpiIndicator[] {
  const byCode = new Map<string, KpiIndicator>();
  for (const framework of frameworks) for (const k of framework) if (!byCode.has(k.code)) byCode.set(k.code, k);
  return [...byCode.values()];
}
