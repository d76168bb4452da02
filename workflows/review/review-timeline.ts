import type { ReviewSchedule } from '@app/contracts';

const DAY_MS = 24 * 60 * 60 * 1000;

export type TimedAction =
  | { key: string; at: number; kind: 'EXPIRE_OFFER'; assignmentId: string }
  | { key: string; at: number; kind: 'REMIND'; assignmentId: string; daysBefore: number }
  | { key: string; at: number; kind: 'OVERDUE'; assignmentId: string };

/**
 * The timed actions a proposal's assignments call for (SPEC V5), not yet taken, earliest first: an
 * offer expires at its expiry; an accepted assignment is reminded `reminderDays` before its due date
 * (a reminder whose time has passed when the review was accepted is skipped, not sent late) and is
 * overdue at the due date. Pure, so the workflow and its tests share it.
 */
export function pendingActions(schedule: ReviewSchedule, done: ReadonlySet<string>): TimedAction[] {
  const actions: TimedAction[] = [];
  for (const a of schedule.assignments) {
    if (a.state === 'OFFERED') {
      actions.push({
        key: `expire:${a.assignmentId}`,
        at: Date.parse(a.offerExpiresAt),
        kind: 'EXPIRE_OFFER',
        assignmentId: a.assignmentId,
      });
    } else if (a.state === 'ACCEPTED') {
      const due = Date.parse(a.reviewDueAt);
      const since = a.respondedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(a.respondedAt);
      for (const days of schedule.reminderDays) {
        const at = due - days * DAY_MS;
        if (at >= since)
          actions.push({
            key: `remind:${days}:${a.assignmentId}`,
            at,
            kind: 'REMIND',
            assignmentId: a.assignmentId,
            daysBefore: days,
          });
      }
      actions.push({ key: `overdue:${a.assignmentId}`, at: due, kind: 'OVERDUE', assignmentId: a.assignmentId });
    }
  }
  return actions.filter((a) => !done.has(a.key)).sort((x, y) => x.at - y.at || (x.key < y.key ? -1 : 1));
}
