import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import type { InstalmentTrigger } from '../funding/instalments';
import { milestoneDueAt } from './milestone-schedule';

/**
 * SPEC M6: one joint report per period — every N months from the start (default 6) — plus a final
 * report at the end of the duration.
 *
 * Decisions:
 * - Periodic report k covers project months `(k−1)·N + 1 … k·N` and is due at the exclusive end of
 *   month k·N (the same "end of month" rule as milestones).
 * - When the duration is a multiple of N, the last period IS the final report (no periodic report at
 *   the very end besides it); otherwise the final report covers the remaining months. A 24-month
 *   project reports at months 6, 12, 18 and finally at 24; a 20-month one at 6, 12, 18 and 20.
 * - A milestone belongs to the report whose months contain its due month; milestones due after the
 *   duration (an amendment should have refused them) fall in the final report.
 * - A report covers the instalments triggered by its milestones; the final report also covers the
 *   FINAL_REPORT instalments. The consortium-agreement (advance) instalments belong to no report.
 */
export const DEFAULT_REPORT_EVERY_MONTHS = 6;

export interface ReportPeriod {
  /** 1-based. */
  sequence: number;
  kind: 'PERIODIC' | 'FINAL';
  fromMonth: number;
  toMonth: number;
  /** ISO-8601 in the call's zone: the exclusive end of `toMonth`. */
  dueAt: string;
  /** Work-plan indexes of the milestones due in the period, ascending. */
  milestoneIndexes: number[];
  /** Ids of the instalments this report's acceptance can release, in input order. */
  instalmentIds: string[];
}

export interface ReportPeriodInput {
  startDate: string;
  timeZone: string;
  durationMonths: number;
  /** Default 6. */
  everyMonths?: number;
  milestones: ReadonlyArray<{ dueMonth: number }>;
  instalments?: ReadonlyArray<{ id: string; trigger: InstalmentTrigger }>;
}

/** The project's reports in order. Throws INVALID_REPORT_PERIODS (rule) listing every bad input. */
export function reportPeriods(input: ReportPeriodInput): ReportPeriod[] {
  const every = input.everyMonths ?? DEFAULT_REPORT_EVERY_MONTHS;
  const violations: Violation[] = [];
  if (!Number.isSafeInteger(input.durationMonths) || input.durationMonths < 1 || input.durationMonths > 240) {
    violations.push({ field: 'durationMonths', code: 'INVALID_DURATION', message: 'A whole number of months, 1–240.' });
  }
  if (!Number.isSafeInteger(every) || every < 1)
    violations.push({
      field: 'everyMonths',
      code: 'INVALID_REPORT_INTERVAL',
      message: 'A whole number of months ≥ 1.',
    });
  input.milestones.forEach((m, i) => {
    if (!Number.isSafeInteger(m.dueMonth) || m.dueMonth < 1)
      violations.push({
        field: `milestones[${i}].dueMonth`,
        code: 'INVALID_DUE_MONTH',
        message: 'A whole number of months ≥ 1.',
      });
  });
  if (violations.length)
    throw new DomainError(
      'INVALID_REPORT_PERIODS',
      `The report periods have ${violations.length} problem(s).`,
      'rule',
      violations,
      {
        count: violations.length,
      },
    );

  const duration = input.durationMonths;
  const bounds: Array<{ from: number; to: number }> = [];
  for (let to = every; to < duration; to += every) bounds.push({ from: to - every + 1, to });
  bounds.push({ from: bounds.length ? bounds[bounds.length - 1].to + 1 : 1, to: duration });

  return bounds.map(({ from, to }, i) => {
    const final = i === bounds.length - 1;
    const milestoneIndexes = input.milestones
      .map((m, index) => ({ m, index }))
      .filter(({ m }) => m.dueMonth >= from && (m.dueMonth <= to || final))
      .map(({ index }) => index);
    const instalmentIds = (input.instalments ?? [])
      .filter(
        (x) =>
          (x.trigger.kind === 'MILESTONE' && milestoneIndexes.includes(x.trigger.milestoneIndex)) ||
          (final && x.trigger.kind === 'FINAL_REPORT'),
      )
      .map((x) => x.id);
    return {
      sequence: i + 1,
      kind: final ? 'FINAL' : 'PERIODIC',
      fromMonth: from,
      toMonth: to,
      dueAt: milestoneDueAt(input.startDate, to, input.timeZone),
      milestoneIndexes,
      instalmentIds,
    };
  });
}

/** The subject a report period is filed under: `P<sequence>` for a periodic report, `FINAL` for the final one. */
export function reportSubject(period: Pick<ReportPeriod, 'kind' | 'sequence'>): string {
  return period.kind === 'FINAL' ? 'FINAL' : `P${period.sequence}`;
}
