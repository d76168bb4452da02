/**
 * How long the agencies a reserve promotion (F5) draws on have to answer it. The promotion never passes
 * silently: when the period is over, the agencies still silent are reminded and the programme managers
 * alerted, and again every interval while they stay silent (a promotion has no deadline of its own in the
 * call's timeline, unlike the decision; a new revision starts the count again).
 */
export const PROMOTION_APPROVAL_DAYS = 14;
export const PROMOTION_REMINDER_INTERVAL_DAYS = 7;

const DAY_MS = 86_400_000;

/** The instant (epoch ms) of the `n`-th escalation (0 = the first) of a promotion proposed at `proposedAtMs`. */
export function promotionEscalationAt(proposedAtMs: number, n: number): number {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`escalation number must be a non-negative integer (got ${n})`);
  return proposedAtMs + (PROMOTION_APPROVAL_DAYS + n * PROMOTION_REMINDER_INTERVAL_DAYS) * DAY_MS;
}
