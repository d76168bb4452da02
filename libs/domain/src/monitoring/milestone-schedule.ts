import { toZonedIso } from '../calls/zoned-time';
import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import { startOfLocalDay } from '../funding/project-start';

/**
 * SPEC §3 Proposal work plan, M2, M3: a project's milestone dates from its start date.
 *
 * "Due at the end of the project's month N in the call's time zone" is defined as the EXCLUSIVE end
 * of month N: the first instant (local midnight, or the first instant of the day where a clock change
 * skips midnight) of the local date `startDate + N calendar months`. A project starting on
 * 2027-09-01 in Brussels has month 1 = 1–30 September, so a month-1 milestone is due at
 * `2027-10-01T00:00:00+02:00` — a report at 23:59:59 on 30 September is on time, one at 00:00 on
 * 1 October is not.
 *
 * Month ends: when the start's day of month does not exist N months later (a start on 31 January,
 * month 1), month N runs to the end of that shorter month, i.e. the due date is the first day of
 * the following month (1 March) — a project month is never cut short by the calendar.
 *
 * Reminders (M3) are whole local calendar days before the due date (14 days before a due instant of
 * local midnight on 1 October is local midnight on 17 September, whatever daylight saving did in
 * between — not 14 × 24 h). The overdue instant is the due date plus the grace period in local
 * calendar days (default 7, SPEC M3), again at local midnight.
 */

export const DEFAULT_REMINDER_DAYS_BEFORE: readonly number[] = [14, 3];
export const DEFAULT_GRACE_DAYS = 7;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface ScheduleOptions {
  /** Whole days before the due date; default [14, 3] (M3). Each a positive integer. */
  reminderDaysBefore?: readonly number[];
  /** Whole days after the due date after which an unreported milestone is overdue; default 7. */
  graceDays?: number;
}

export interface MilestoneReminder {
  daysBefore: number;
  /** ISO-8601 in the call's zone with its offset. */
  at: string;
}

export interface ScheduledMilestone {
  /** Index in the work plan (the instalment triggers' `milestoneIndex`). */
  index: number;
  dueMonth: number;
  /** The exclusive end of project month `dueMonth`, ISO-8601 in the call's zone. */
  dueAt: string;
  /**
   * Earliest first. Every reminder is strictly before `dueAt`; one may fall before the project start
   * (a long offset for an early milestone) — the caller decides whether a past reminder still fires.
   */
  reminders: MilestoneReminder[];
  /** `dueAt` + grace days; at or after it an unreported milestone is OVERDUE. */
  overdueAt: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` (a real calendar date), or undefined. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const m = typeof text === 'string' ? DATE.exec(text) : null;
  if (!m) return undefined;
  const [year, month, day] = [m[1], m[2], m[3]].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(Date.UTC(2000, month, 0));
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** `date` + `days` calendar days (negative allowed). */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(date.year, date.month - 1, date.day + days);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The local date on which project month `months` has ended: `start` + `months` calendar months; when
 * that day of month does not exist, the first day of the month after (see the module comment).
 */
export function endOfProjectMonth(start: LocalDate, months: number): LocalDate {
  const total = start.month - 1 + months;
  const year = start.year + Math.floor(total / 12);
  const month = (((total % 12) + 12) % 12) + 1;
  if (start.day <= daysInMonth(year, month)) return { year, month, day: start.day };
  return month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
}

function instantOf(date: LocalDate, timeZone: string): string {
  return toZonedIso(new Date(startOfLocalDay(date.year, date.month, date.day, timeZone)).toISOString(), timeZone);
}

function parseStart(startDate: string): LocalDate {
  const start = parseLocalDate(startDate);
  if (!start) {
    throw new DomainError(
      'INVALID_START_DATE',
      `'${String(startDate)}' is not a calendar date YYYY-MM-DD.`,
      'rule',
      [{ field: 'startDate', code: 'INVALID_START_DATE', message: 'A local calendar date, YYYY-MM-DD.' }],
      { actual: String(startDate) },
    );
  }
  return start;
}

/** The due instant of a milestone due in project month `dueMonth` (ISO-8601 in the call's zone). */
export function milestoneDueAt(startDate: string, dueMonth: number, timeZone: string): string {
  if (!Number.isSafeInteger(dueMonth) || dueMonth < 1) {
    throw new DomainError(
      'INVALID_DUE_MONTH',
      `A due month is a whole number ≥ 1; got ${String(dueMonth)}.`,
      'rule',
      [{ field: 'dueMonth', code: 'INVALID_DUE_MONTH', message: 'A whole number of months ≥ 1.', params: { min: 1 } }],
      { actual: String(dueMonth), min: 1 },
    );
  }
  return instantOf(endOfProjectMonth(parseStart(startDate), dueMonth), timeZone);
}

/** The project's end: the exclusive end of its last month (the final report's due instant). */
export function projectEndsAt(startDate: string, durationMonths: number, timeZone: string): string {
  return milestoneDueAt(startDate, durationMonths, timeZone);
}

/**
 * Dates every milestone of the work plan. Throws INVALID_MILESTONE_SCHEDULE (rule) listing every bad
 * start date, due month, reminder offset or grace period; INVALID_TIME_ZONE for an unknown zone.
 */
export function milestoneSchedule(
  startDate: string,
  timeZone: string,
  milestones: ReadonlyArray<{ dueMonth: number }>,
  options: ScheduleOptions = {},
): ScheduledMilestone[] {
  const reminderDays = options.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE;
  const graceDays = options.graceDays ?? DEFAULT_GRACE_DAYS;
  const violations: Violation[] = [];
  const start = parseLocalDate(startDate);
  if (!start)
    violations.push({ field: 'startDate', code: 'INVALID_START_DATE', message: 'A local calendar date, YYYY-MM-DD.' });
  milestones.forEach((m, i) => {
    if (!Number.isSafeInteger(m.dueMonth) || m.dueMonth < 1)
      violations.push({
        field: `milestones[${i}].dueMonth`,
        code: 'INVALID_DUE_MONTH',
        message: 'A whole number of months ≥ 1.',
      });
  });
  reminderDays.forEach((d, i) => {
    if (!Number.isSafeInteger(d) || d < 1 || d > 366)
      violations.push({
        field: `reminderDaysBefore[${i}]`,
        code: 'INVALID_REMINDER_OFFSET',
        message: 'A whole number of days, 1–366.',
      });
  });
  if (!Number.isSafeInteger(graceDays) || graceDays < 0 || graceDays > 366)
    violations.push({ field: 'graceDays', code: 'INVALID_GRACE_PERIOD', message: 'A whole number of days, 0–366.' });
  if (violations.length || !start)
    throw new DomainError(
      'INVALID_MILESTONE_SCHEDULE',
      `The milestone schedule has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );

  const offsets = [...new Set(reminderDays)].sort((a, b) => b - a);
  return milestones.map((m, index) => {
    const due = endOfProjectMonth(start, m.dueMonth);
    return {
      index,
      dueMonth: m.dueMonth,
      dueAt: instantOf(due, timeZone),
      reminders: offsets.map((daysBefore) => ({ daysBefore, at: instantOf(addLocalDays(due, -daysBefore), timeZone) })),
      overdueAt: instantOf(addLocalDays(due, graceDays), timeZone),
    };
  });
}
