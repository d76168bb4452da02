import { parseIsoInstant } from '../calls/iso-instant';
import { DomainError } from '../domain-error';

/**
 * SPEC §4 Milestone: `PLANNED → DUE_SOON → REPORTED → ACCEPTED | CHANGES_REQUESTED → REPORTED …`;
 * `OVERDUE` when not reported by the due date plus grace.
 *
 * Decisions:
 * - A report may come early: PLANNED, DUE_SOON, OVERDUE and CHANGES_REQUESTED all accept a report.
 * - Only a milestone never reported becomes OVERDUE (from PLANNED or DUE_SOON). A report sent back
 *   after the grace period does not turn it overdue: it was reported; punctuality is judged on the
 *   first report (see `milestoneStatusAt`).
 * - An amendment moving the due date (RESCHEDULED) puts an unreported milestone (PLANNED, DUE_SOON,
 *   OVERDUE) back to PLANNED; the workflow re-arms its timers for the new dates and fires the ones
 *   already past at once.
 * - ACCEPTED is final.
 */
export const MILESTONE_STATES = [
  'PLANNED',
  'DUE_SOON',
  'REPORTED',
  'CHANGES_REQUESTED',
  'ACCEPTED',
  'OVERDUE',
] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export type MilestoneEvent =
  | { kind: 'REMINDER_SENT'; at: string }
  | { kind: 'GRACE_EXPIRED'; at: string }
  | { kind: 'REPORT_SUBMITTED'; at: string; reportId: string }
  | { kind: 'REPORT_ACCEPTED'; at: string }
  | { kind: 'CHANGES_REQUESTED'; at: string; comment: string }
  | { kind: 'RESCHEDULED'; at: string; dueAt: string; overdueAt: string };

export interface MilestoneRecord {
  index: number;
  state: MilestoneState;
  /** ISO-8601 instants (see milestone-schedule). */
  dueAt: string;
  overdueAt: string;
  /** The first report's submission instant; punctuality is judged on it. */
  firstReportedAt?: string;
  lastReportId?: string;
  acceptedAt?: string;
  /** The programme manager's comment when changes were requested. */
  changesComment?: string;
}

const ALLOWED: Record<MilestoneEvent['kind'], readonly MilestoneState[]> = {
  REMINDER_SENT: ['PLANNED', 'DUE_SOON'],
  GRACE_EXPIRED: ['PLANNED', 'DUE_SOON'],
  REPORT_SUBMITTED: ['PLANNED', 'DUE_SOON', 'OVERDUE', 'CHANGES_REQUESTED'],
  REPORT_ACCEPTED: ['REPORTED'],
  CHANGES_REQUESTED: ['REPORTED'],
  RESCHEDULED: ['PLANNED', 'DUE_SOON', 'OVERDUE'],
};

/** Whether `event` is legal in `state`. */
export function canApplyMilestoneEvent(state: MilestoneState, kind: MilestoneEvent['kind']): boolean {
  return ALLOWED[kind].includes(state);
}

function requireInstant(text: string, field: string): void {
  if (parseIsoInstant(text) === undefined) {
    throw new DomainError(
      'INVALID_INSTANT',
      `'${String(text)}' is not an ISO-8601 date-time with an offset.`,
      'rule',
      [{ field, code: 'INVALID_INSTANT', message: 'An ISO-8601 date-time with an offset.' }],
      { actual: String(text) },
    );
  }
}

/**
 * Applies one event. Refuses an event the current state does not allow with
 * ILLEGAL_MILESTONE_TRANSITION (409 conflict, naming the current state); an empty comment on a
 * request for changes with COMMENT_REQUIRED (rule). Returns a new record; the input is not changed.
 */
export function applyMilestoneEvent(milestone: MilestoneRecord, event: MilestoneEvent): MilestoneRecord {
  if (!canApplyMilestoneEvent(milestone.state, event.kind)) {
    throw new DomainError(
      'ILLEGAL_MILESTONE_TRANSITION',
      `Milestone ${milestone.index} is ${milestone.state}: ${event.kind} needs ${ALLOWED[event.kind].join(' or ')}.`,
      'conflict',
      [
        {
          field: 'state',
          code: 'ILLEGAL_MILESTONE_TRANSITION',
          message: `The milestone is ${milestone.state}.`,
          params: { state: milestone.state },
        },
      ],
      { milestone: milestone.index, state: milestone.state, event: event.kind, allowed: [...ALLOWED[event.kind]] },
    );
  }
  requireInstant(event.at, 'at');
  switch (event.kind) {
    case 'REMINDER_SENT':
      return { ...milestone, state: 'DUE_SOON' };
    case 'GRACE_EXPIRED':
      return { ...milestone, state: 'OVERDUE' };
    case 'REPORT_SUBMITTED':
      return {
        ...milestone,
        state: 'REPORTED',
        firstReportedAt: milestone.firstReportedAt ?? event.at,
        lastReportId: event.reportId,
      };
    case 'REPORT_ACCEPTED':
      return { ...milestone, state: 'ACCEPTED', acceptedAt: event.at };
    case 'CHANGES_REQUESTED':
      if (typeof event.comment !== 'string' || event.comment.trim() === '') {
        throw new DomainError('COMMENT_REQUIRED', 'A request for changes carries a comment.', 'rule', [
          { field: 'comment', code: 'COMMENT_REQUIRED', message: 'Say what has to change.' },
        ]);
      }
      return { ...milestone, state: 'CHANGES_REQUESTED', changesComment: event.comment };
    case 'RESCHEDULED':
      requireInstant(event.dueAt, 'dueAt');
      requireInstant(event.overdueAt, 'overdueAt');
      return { ...milestone, state: 'PLANNED', dueAt: event.dueAt, overdueAt: event.overdueAt };
  }
}

/**
 * Punctuality for dashboards (M5), from instants only — so a dashboard is right even before the
 * workflow's timer has fired:
 * - ON_TIME: first reported before the due instant (exclusive end of month N);
 * - LATE: first reported at or after it (within grace or after it);
 * - OVERDUE: never reported and `now` ≥ the overdue instant;
 * - IN_GRACE: never reported, due instant passed, overdue instant not yet;
 * - NOT_DUE: never reported, not yet due.
 */
export type MilestonePunctuality = 'ON_TIME' | 'LATE' | 'OVERDUE' | 'IN_GRACE' | 'NOT_DUE';

export function milestoneStatusAt(
  milestone: Pick<MilestoneRecord, 'dueAt' | 'overdueAt' | 'firstReportedAt'>,
  now: string,
): MilestonePunctuality {
  const due = parseIsoInstant(milestone.dueAt);
  const overdue = parseIsoInstant(milestone.overdueAt);
  const at = parseIsoInstant(now);
  if (due === undefined || overdue === undefined || at === undefined) {
    throw new DomainError(
      'INVALID_INSTANT',
      'dueAt, overdueAt and now are ISO-8601 date-times with an offset.',
      'rule',
    );
  }
  if (milestone.firstReportedAt !== undefined) {
    const reported = parseIsoInstant(milestone.firstReportedAt);
    if (reported === undefined)
      throw new DomainError('INVALID_INSTANT', 'firstReportedAt is an ISO-8601 date-time with an offset.', 'rule');
    return reported < due ? 'ON_TIME' : 'LATE';
  }
  if (at >= overdue) return 'OVERDUE';
  if (at >= due) return 'IN_GRACE';
  return 'NOT_DUE';
}
