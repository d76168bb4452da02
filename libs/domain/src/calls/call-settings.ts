import type { Violation } from '../domain-error';
import { midTermMilestoneIndex, type InstalmentShare } from '../funding/instalments';
import { defaultProjectStart, startOfLocalDay, type ProjectStart } from '../funding/project-start';
import type { ProposalMilestone } from '../proposals/proposal-model';
import { DomainError } from '../domain-error';
import { parseIsoInstant } from './iso-instant';
import { toZonedIso } from './zoned-time';

/**
 * The timing and payment values a call may set for itself, each defaulting to SPEC's value:
 * - offer validity (V5, 5 days) and review reminders (V5, 7 and 2 days before the review deadline);
 * - milestone grace (M3, 7 days) and the periodic report interval (M6, 6 months);
 * - the grant's instalment split (F4, 30 % at the accepted consortium agreement, 40 % at the mid-term milestone,
 *   30 % at the final report) and the project start rule (F4, the first day of the second month after the decision).
 *
 * They are part of the call's configuration (`configuration.settings`) and validated with it.
 */
export const INSTALMENT_TRIGGER_KINDS = [
  'CONSORTIUM_AGREEMENT_ACCEPTED',
  'MID_TERM_MILESTONE',
  'FINAL_REPORT',
] as const;
export type InstalmentTriggerKind = (typeof INSTALMENT_TRIGGER_KINDS)[number];

/**
 * - FIRST_DAY_OF_SECOND_MONTH_AFTER_DECISION: SPEC F4's default (a decision on 14 May starts projects on 1 July);
 * - DECISION_DATE: the local day of the decision;
 * - FIXED_DATE: `fixedDate`, or the decision's day when the decision comes later (a project never starts before it).
 */
export const PROJECT_START_RULES = ['FIRST_DAY_OF_SECOND_MONTH_AFTER_DECISION', 'DECISION_DATE', 'FIXED_DATE'] as const;
export type ProjectStartRule = (typeof PROJECT_START_RULES)[number];

export interface CallInstalmentShare {
  trigger: InstalmentTriggerKind;
  /** Basis points of each grant, 1–10 000; the shares of a call sum to 10 000. */
  shareBps: number;
}

export interface CallSettings {
  /** Days an evaluator has to answer an offer, 1–30 (V5, default 5). */
  offerValidityDays: number;
  /** Whole days before the review deadline, distinct, longest first, at most 5 (V5, default [7, 2]). */
  reviewReminderDaysBefore: number[];
  /** Days after a milestone's or report's due date before it is OVERDUE, 0–60 (M3, default 7). */
  milestoneGraceDays: number;
  /** Months between periodic reports, 1–24 (M6, default 6). */
  reportIntervalMonths: number;
  /** Each grant's instalments, at least one, each trigger at most once (F4, default 30/40/30). */
  instalmentPlan: CallInstalmentShare[];
  projectStart: { rule: ProjectStartRule; /** `YYYY-MM-DD` in the call's zone, FIXED_DATE only. */ fixedDate?: string };
}

export const MAX_OFFER_VALIDITY_DAYS = 30;
export const MAX_REVIEW_REMINDERS = 5;
export const MAX_REVIEW_REMINDER_DAYS = 90;
export const MAX_MILESTONE_GRACE_DAYS = 60;
export const MAX_REPORT_INTERVAL_MONTHS = 24;

export const DEFAULT_CALL_SETTINGS: Readonly<CallSettings> = Object.freeze<CallSettings>({
  offerValidityDays: 5,
  reviewReminderDaysBefore: [7, 2],
  milestoneGraceDays: 7,
  reportIntervalMonths: 6,
  instalmentPlan: [
    { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 3_000 },
    { trigger: 'MID_TERM_MILESTONE', shareBps: 4_000 },
    { trigger: 'FINAL_REPORT', shareBps: 3_000 },
  ],
  projectStart: { rule: 'FIRST_DAY_OF_SECOND_MONTH_AFTER_DECISION' },
});

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A call's settings with SPEC's defaults for whatever it leaves out — also for calls configured before settings
 * existed. Pure; never shares the default arrays.
 */
export function callSettingsOf(config: { settings?: Partial<CallSettings> }): CallSettings {
  const given = config.settings ?? {};
  const out = copy(DEFAULT_CALL_SETTINGS) as CallSettings;
  for (const key of Object.keys(out) as Array<keyof CallSettings>) {
    if (given[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = copy(given[key]);
  }
  return out;
}

const isIntIn = (n: unknown, min: number, max: number): n is number =>
  Number.isSafeInteger(n) && (n as number) >= min && (n as number) <= max;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLocalDate(s: unknown): s is string {
  const m = typeof s === 'string' ? LOCAL_DATE.exec(s) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * Every broken settings rule, each on its field under `settings.`: INVALID_OFFER_VALIDITY, INVALID_REMINDER_OFFSET,
 * REMINDERS_NOT_DESCENDING, TOO_MANY_REMINDERS, INVALID_GRACE_PERIOD, INVALID_REPORT_INTERVAL, EMPTY_INSTALMENT_PLAN,
 * INVALID_BASIS_POINTS, INVALID_INSTALMENT_TRIGGER, DUPLICATE_INSTALMENT_TRIGGER, SHARES_NOT_10000_BPS,
 * INVALID_PROJECT_START_RULE, INVALID_START_DATE, PROJECT_START_BEFORE_DECISION, FIXED_DATE_NOT_ALLOWED.
 * `timeline` gives the decision deadline a fixed start date must not precede (skipped when it does not parse).
 */
export function validateCallSettings(
  s: CallSettings,
  call: { decisionDeadline?: string; timeZone?: string },
): Violation[] {
  const v: Violation[] = [];
  const add = (field: string, code: string, message: string, params?: Violation['params']) =>
    v.push(
      params ? { field: `settings.${field}`, code, message, params } : { field: `settings.${field}`, code, message },
    );

  if (!isIntIn(s.offerValidityDays, 1, MAX_OFFER_VALIDITY_DAYS))
    add(
      'offerValidityDays',
      'INVALID_OFFER_VALIDITY',
      `An offer is valid for 1 to ${MAX_OFFER_VALIDITY_DAYS} whole days.`,
      {
        min: 1,
        max: MAX_OFFER_VALIDITY_DAYS,
      },
    );

  const reminders = s.reviewReminderDaysBefore;
  if (!Array.isArray(reminders)) {
    add('reviewReminderDaysBefore', 'INVALID_REMINDER_OFFSET', 'A list of whole days before the review deadline.');
  } else {
    let allValid = true;
    reminders.forEach((d, i) => {
      if (!isIntIn(d, 1, MAX_REVIEW_REMINDER_DAYS)) {
        allValid = false;
        add(
          `reviewReminderDaysBefore[${i}]`,
          'INVALID_REMINDER_OFFSET',
          `A reminder is 1 to ${MAX_REVIEW_REMINDER_DAYS} whole days before the review deadline.`,
          { min: 1, max: MAX_REVIEW_REMINDER_DAYS },
        );
      }
    });
    const descending = reminders.every((d, i) => i === 0 || !(Number(d) >= Number(reminders[i - 1])));
    if (!descending || (allValid && new Set(reminders).size !== reminders.length))
      add(
        'reviewReminderDaysBefore',
        'REMINDERS_NOT_DESCENDING',
        'Reminders are distinct and listed longest first (e.g. [7, 2]).',
      );
    if (reminders.length > MAX_REVIEW_REMINDERS)
      add('reviewReminderDaysBefore', 'TOO_MANY_REMINDERS', `At most ${MAX_REVIEW_REMINDERS} reminders.`, {
        max: MAX_REVIEW_REMINDERS,
      });
  }

  if (!isIntIn(s.milestoneGraceDays, 0, MAX_MILESTONE_GRACE_DAYS))
    add(
      'milestoneGraceDays',
      'INVALID_GRACE_PERIOD',
      `The grace period is 0 to ${MAX_MILESTONE_GRACE_DAYS} whole days.`,
      { min: 0, max: MAX_MILESTONE_GRACE_DAYS },
    );
  if (!isIntIn(s.reportIntervalMonths, 1, MAX_REPORT_INTERVAL_MONTHS))
    add(
      'reportIntervalMonths',
      'INVALID_REPORT_INTERVAL',
      `Periodic reports come every 1 to ${MAX_REPORT_INTERVAL_MONTHS} whole months.`,
      { min: 1, max: MAX_REPORT_INTERVAL_MONTHS },
    );

  validatePlan(s.instalmentPlan, add);
  validateStart(s.projectStart, call, add);
  return v;
}

type Add = (field: string, code: string, message: string, params?: Violation['params']) => void;

function validatePlan(plan: unknown, add: Add): void {
  if (!Array.isArray(plan) || plan.length === 0) {
    add('instalmentPlan', 'EMPTY_INSTALMENT_PLAN', 'A grant is paid in at least one instalment.');
    return;
  }
  const seen = new Set<string>();
  let sum = 0;
  let sharesValid = true;
  (plan as Array<Partial<CallInstalmentShare> | null>).forEach((share, i) => {
    const trigger = share?.trigger;
    if (!(INSTALMENT_TRIGGER_KINDS as readonly unknown[]).includes(trigger))
      add(
        `instalmentPlan[${i}].trigger`,
        'INVALID_INSTALMENT_TRIGGER',
        `An instalment is paid at one of ${INSTALMENT_TRIGGER_KINDS.join(', ')}.`,
        { allowed: [...INSTALMENT_TRIGGER_KINDS] },
      );
    else if (seen.has(trigger as string))
      add(`instalmentPlan[${i}].trigger`, 'DUPLICATE_INSTALMENT_TRIGGER', `'${String(trigger)}' is listed twice.`, {
        trigger: String(trigger),
      });
    else seen.add(trigger as string);
    if (!isIntIn(share?.shareBps, 1, 10_000)) {
      sharesValid = false;
      add(
        `instalmentPlan[${i}].shareBps`,
        'INVALID_BASIS_POINTS',
        'A share is a whole number of basis points, from 1 to 10000.',
        { min: 1, max: 10_000 },
      );
    } else sum += share!.shareBps!;
  });
  if (sharesValid && sum !== 10_000)
    add('instalmentPlan', 'SHARES_NOT_10000_BPS', `The shares sum to ${sum} basis points, not 10 000.`, {
      actual: sum,
    });
}

function validateStart(
  start: CallSettings['projectStart'] | undefined,
  call: { decisionDeadline?: string; timeZone?: string },
  add: Add,
): void {
  const rule = start?.rule;
  if (!(PROJECT_START_RULES as readonly unknown[]).includes(rule)) {
    add(
      'projectStart.rule',
      'INVALID_PROJECT_START_RULE',
      `The start rule is one of ${PROJECT_START_RULES.join(', ')}.`,
      {
        allowed: [...PROJECT_START_RULES],
      },
    );
    return;
  }
  const fixedDate = start?.fixedDate;
  if (rule !== 'FIXED_DATE') {
    if (fixedDate !== undefined && fixedDate !== null)
      add('projectStart.fixedDate', 'FIXED_DATE_NOT_ALLOWED', 'A fixed start date goes with the FIXED_DATE rule only.');
    return;
  }
  if (!isLocalDate(fixedDate)) {
    add('projectStart.fixedDate', 'INVALID_START_DATE', 'The FIXED_DATE rule needs a local calendar date, YYYY-MM-DD.');
    return;
  }
  const deadline = typeof call.decisionDeadline === 'string' ? parseIsoInstant(call.decisionDeadline) : undefined;
  if (deadline === undefined || !call.timeZone) return;
  let deadlineDay: string;
  try {
    deadlineDay = toZonedIso(new Date(deadline).toISOString(), call.timeZone).slice(0, 10);
  } catch {
    return; // An unknown zone is reported on its own field.
  }
  if (fixedDate < deadlineDay)
    add(
      'projectStart.fixedDate',
      'PROJECT_START_BEFORE_DECISION',
      `Projects cannot start before the decision deadline's day (${deadlineDay}).`,
      { min: deadlineDay },
    );
}

/** The local day of an instant in `timeZone`, and its first instant. */
function dayOf(instant: string, timeZone: string): ProjectStart {
  const startDate = toZonedIso(instant, timeZone).slice(0, 10);
  return localDayStart(startDate, timeZone);
}

function localDayStart(startDate: string, timeZone: string): ProjectStart {
  const [y, m, d] = startDate.split('-').map(Number);
  return { startDate, startsAt: toZonedIso(new Date(startOfLocalDay(y, m, d, timeZone)).toISOString(), timeZone) };
}

/** F4: the start of a project the decision at `decidedAt` funds, by the call's rule, in the call's zone. */
export function projectStartFor(settings: CallSettings, decidedAt: string, timeZone: string): ProjectStart {
  const byDefault = defaultProjectStart(decidedAt, timeZone); // validates the instant and the zone
  switch (settings.projectStart.rule) {
    case 'DECISION_DATE':
      return dayOf(decidedAt, timeZone);
    case 'FIXED_DATE': {
      const decisionDay = dayOf(decidedAt, timeZone);
      const fixed = settings.projectStart.fixedDate;
      if (!fixed || fixed < decisionDay.startDate) return decisionDay;
      return localDayStart(fixed, timeZone);
    }
    default:
      return byDefault;
  }
}

const TRIGGER_ORDER: Record<InstalmentTriggerKind, number> = {
  CONSORTIUM_AGREEMENT_ACCEPTED: 0,
  MID_TERM_MILESTONE: 1,
  FINAL_REPORT: 2,
};

/**
 * F4: a grant's plan from the call's split, in the order the project reaches the triggers (the last instalment takes
 * the rounding remainder). The mid-term milestone is the one the work plan marks, else the one nearest half the
 * duration; a split with a mid-term share over an empty work plan throws NO_MID_TERM_MILESTONE (rule).
 */
export function instalmentPlanFor(
  settings: CallSettings,
  workPlan: ReadonlyArray<Pick<ProposalMilestone, 'title' | 'dueMonth' | 'midTerm'>>,
  durationMonths: number,
): InstalmentShare[] {
  const shares = [...settings.instalmentPlan].sort((a, b) => TRIGGER_ORDER[a.trigger] - TRIGGER_ORDER[b.trigger]);
  return shares.map((s): InstalmentShare => {
    if (s.trigger === 'CONSORTIUM_AGREEMENT_ACCEPTED')
      return { trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, shareBps: s.shareBps };
    if (s.trigger === 'FINAL_REPORT') return { trigger: { kind: 'FINAL_REPORT' }, shareBps: s.shareBps };
    const m = midTermMilestoneIndex(workPlan, durationMonths);
    if (m < 0)
      throw new DomainError(
        'NO_MID_TERM_MILESTONE',
        'The work plan has no milestone for the mid-term instalment.',
        'rule',
        [
          {
            field: 'workPlan',
            code: 'NO_MID_TERM_MILESTONE',
            message: 'The call pays an instalment on the mid-term milestone.',
          },
        ],
      );
    return {
      trigger: { kind: 'MILESTONE', milestoneIndex: m, title: workPlan[m].title, dueMonth: workPlan[m].dueMonth },
      shareBps: s.shareBps,
    };
  });
}
