import type { IntlShape } from 'react-intl';

/** Fraction digits of a currency (2 for EUR and CHF): the API sends money in minor units. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Money in minor units of `currency`, formatted per locale ("200.000,00 €", "EUR 200,000.00"). */
export function formatMoney(intl: IntlShape, minorUnits: number, currency: string): string {
  const digits = minorDigits(currency);
  return intl.formatNumber(minorUnits / 10 ** digits, {
    style: 'currency',
    currency,
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  });
}

/** A rate in basis points as a percentage (7000 → "70 %" in French, "70%" in English). */
export function formatBps(intl: IntlShape, bps: number): string {
  return intl.formatNumber(bps / 10_000, { style: 'percent', maximumFractionDigits: 2 });
}

/** Date and time in the given IANA zone; callers show the zone's name beside it. */
export function formatInZone(intl: IntlShape, instant: string | Date, timeZone: string): string {
  return intl.formatDate(instant, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

export function formatDay(intl: IntlShape, instant: string | Date, timeZone: string): string {
  return intl.formatDate(instant, { dateStyle: 'medium', timeZone });
}

/** Whole days, hours, minutes and seconds until `target` (zero once passed). */
export function remaining(
  target: number,
  now: number,
): { days: number; hours: number; minutes: number; seconds: number; passed: boolean } {
  const ms = Math.max(0, target - now);
  return {
    days: Math.floor(ms / 86_400_000),
    hours: Math.floor((ms % 86_400_000) / 3_600_000),
    minutes: Math.floor((ms % 3_600_000) / 60_000),
    seconds: Math.floor((ms % 60_000) / 1000),
    passed: target <= now,
  };
}
