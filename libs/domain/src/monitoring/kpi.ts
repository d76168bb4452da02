import { parseIsoInstant } from '../calls/iso-instant';
import type { KpiIndicator } from '../calls/call-configuration';
import type { Violation } from '../domain-error';

/**
 * SPEC M1, M2, M5: KPI values, a project's actuals and their aggregation over projects.
 *
 * Decisions:
 * - Values by kind: COUNT is a whole number ≥ 0; EUR is whole cents ≥ 0 (money, SPEC §3); PERCENT is
 *   whole basis points 0–10 000 (SPEC §3: percentages are basis points); YES_NO is 0 (no) or 1 (yes);
 *   NUMBER (FTE, TRL) is any finite number ≥ 0.
 * - A report states each indicator's value TO DATE (cumulative since the project start), for every
 *   kind. A project's actual is therefore the value in its LATEST ACCEPTED report carrying that
 *   indicator (latest by acceptance instant, ties by report id) — never a sum over reports, which
 *   would double-count counts and money and be meaningless for levels (TRL, %, yes/no). Reports not
 *   ACCEPTED never count (M1: actuals from accepted reports only).
 * - Across projects each indicator adds up by its framework aggregation: SUM; AVERAGE (over the
 *   projects that have a value — a plain quotient, a display figure); MAX; COUNT_TRUE (projects whose
 *   value is 1). Targets aggregate the same way over the projects that set one.
 * - Per region and per transformative activity, a project counts in full in each region of its
 *   partners and each activity it names, so group figures need not add up to the programme's.
 */

export interface KpiReport {
  projectId: string;
  reportId: string;
  state: 'SUBMITTED' | 'ACCEPTED' | 'CHANGES_REQUESTED';
  /** ISO-8601; required for ACCEPTED reports. */
  acceptedAt?: string;
  kpiValues: Record<string, number>;
}

export interface KpiProject {
  projectId: string;
  regionCodes: readonly string[];
  transformativeActivityCodes: readonly string[];
  kpiTargets: Record<string, number>;
}

export interface KpiFigure {
  /** null when no project contributes. */
  value: number | null;
  /** How many projects contributed. */
  projects: number;
}

export interface KpiRow {
  /** The group key: a project id, a region code, an activity code, or `ALL`. */
  group: string;
  code: string;
  name: string;
  unit: string;
  aggregation: KpiIndicator['aggregation'];
  target: KpiFigure;
  actual: KpiFigure;
}

/** Every problem with reported (or target) values, with field paths under `path` (e.g. `kpiValues`). */
export function validateKpiValues(
  framework: readonly KpiIndicator[],
  values: Record<string, unknown>,
  path = 'kpiValues',
): Violation[] {
  const byCode = new Map(framework.map((k) => [k.code, k]));
  const violations: Violation[] = [];
  for (const code of Object.keys(values).sort()) {
    const field = `${path}.${code}`;
    const indicator = byCode.get(code);
    const v = values[code];
    if (!indicator) {
      violations.push({
        field,
        code: 'UNKNOWN_KPI',
        message: `'${code}' is not an indicator of the call's KPI framework.`,
        params: { kpiCode: code },
      });
      continue;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      violations.push({ field, code: 'INVALID_KPI_VALUE', message: 'A finite number.' });
      continue;
    }
    if (v < 0) {
      violations.push({ field, code: 'NEGATIVE_KPI_VALUE', message: 'KPI values are never negative.' });
      continue;
    }
    switch (indicator.kind) {
      case 'COUNT':
        if (!Number.isSafeInteger(v))
          violations.push({ field, code: 'KPI_NOT_A_COUNT', message: 'A count is a whole number.' });
        break;
      case 'EUR':
        if (!Number.isSafeInteger(v))
          violations.push({ field, code: 'KPI_NOT_MINOR_UNITS', message: 'Money is a whole number of cents.' });
        break;
      case 'PERCENT':
        if (!Number.isSafeInteger(v) || v > 10_000)
          violations.push({
            field,
            code: 'KPI_NOT_BASIS_POINTS',
            message: 'A percentage is whole basis points, 0–10 000.',
          });
        break;
      case 'YES_NO':
        if (v !== 0 && v !== 1) violations.push({ field, code: 'KPI_NOT_YES_NO', message: 'Yes/no is 1 or 0.' });
        break;
      case 'NUMBER':
        break;
    }
  }
  return violations;
}

/**
 * Each project's actuals: indicator code → the value in its latest ACCEPTED report carrying it.
 * Reports without a valid acceptance instant are ignored.
 */
export function projectActuals(reports: readonly KpiReport[]): Map<string, Record<string, number>> {
  const accepted = reports
    .filter((r) => r.state === 'ACCEPTED' && r.acceptedAt !== undefined && parseIsoInstant(r.acceptedAt) !== undefined)
    .map((r) => ({ r, at: parseIsoInstant(r.acceptedAt as string) as number }))
    .sort((a, b) => a.at - b.at || (a.r.reportId < b.r.reportId ? -1 : a.r.reportId > b.r.reportId ? 1 : 0));
  const out = new Map<string, Record<string, number>>();
  for (const { r } of accepted) {
    const current = out.get(r.projectId) ?? {};
    for (const [code, value] of Object.entries(r.kpiValues)) current[code] = value;
    out.set(r.projectId, current);
  }
  return out;
}

/** Aggregates one indicator's per-project values. */
export function aggregateKpi(aggregation: KpiIndicator['aggregation'], values: readonly number[]): KpiFigure {
  if (values.length === 0) return { value: null, projects: 0 };
  switch (aggregation) {
    case 'SUM':
      return { value: values.reduce((s, v) => s + v, 0), projects: values.length };
    case 'AVERAGE':
      return { value: values.reduce((s, v) => s + v, 0) / values.length, projects: values.length };
    case 'MAX':
      return { value: Math.max(...values), projects: values.length };
    case 'COUNT_TRUE':
      return { value: values.filter((v) => v === 1).length, projects: values.length };
  }
}

export type KpiGrouping = 'ALL' | 'PROJECT' | 'REGION' | 'TRANSFORMATIVE_ACTIVITY';

function groupsOf(p: KpiProject, by: KpiGrouping): string[] {
  switch (by) {
    case 'ALL':
      return ['ALL'];
    case 'PROJECT':
      return [p.projectId];
    case 'REGION':
      return [...new Set(p.regionCodes)];
    case 'TRANSFORMATIVE_ACTIVITY':
      return [...new Set(p.transformativeActivityCodes)];
  }
}

/**
 * Targets against actuals per group (M5): one row per group and indicator, groups sorted, indicators
 * in framework order. Values for codes outside the framework are ignored.
 */
export function kpiTargetsVsActuals(
  framework: readonly KpiIndicator[],
  projects: readonly KpiProject[],
  reports: readonly KpiReport[],
  by: KpiGrouping,
): KpiRow[] {
  const actuals = projectActuals(reports);
  const members = new Map<string, KpiProject[]>();
  for (const p of projects) {
    for (const g of groupsOf(p, by)) members.set(g, [...(members.get(g) ?? []), p]);
  }
  if (by === 'ALL' && !members.has('ALL')) members.set('ALL', []);
  const rows: KpiRow[] = [];
  for (const group of [...members.keys()].sort()) {
    const ps = members.get(group) ?? [];
    for (const k of framework) {
      const targets = ps.map((p) => p.kpiTargets[k.code]).filter((v): v is number => typeof v === 'number');
      const values = ps
        .map((p) => actuals.get(p.projectId)?.[k.code])
        .filter((v): v is number => typeof v === 'number');
      rows.push({
        group,
        code: k.code,
        name: k.name,
        unit: k.unit,
        aggregation: k.aggregation,
        target: aggregateKpi(k.aggregation, targets),
        actual: aggregateKpi(k.aggregation, values),
      });
    }
  }
  return rows;
}
