/** SPEC V5 defaults (a call may set its own, `CallSettings`): an offer expires after 5 days; reminders 7 and 2 days before the review deadline. */
export const OFFER_VALIDITY_DAYS = 5;
export const REVIEW_REMINDER_DAYS: readonly number[] = [7, 2];

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an offer made at `offeredAt` expires, `validityDays` (the call's setting) later. */
export function offerExpiry(offeredAt: Date, validityDays: number = OFFER_VALIDITY_DAYS): Date {
  return new Date(offeredAt.getTime() + validityDays * DAY_MS);
}
