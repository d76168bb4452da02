/** SPEC V5 defaults: an offer expires after 5 days; reminders 7 and 2 days before the review deadline. */
export const OFFER_VALIDITY_DAYS = 5;
export const REVIEW_REMINDER_DAYS: readonly number[] = [7, 2];

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an offer made at `offeredAt` expires. */
export function offerExpiry(offeredAt: Date): Date {
  return new Date(offeredAt.getTime() + OFFER_VALIDITY_DAYS * DAY_MS);
}
