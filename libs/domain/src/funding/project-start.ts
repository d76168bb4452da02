import { parseIsoInstant } from '../calls/iso-instant';
import { toZonedIso } from '../calls/zoned-time';
import { DomainError } from '../domain-error';

export interface ProjectStart {
  /** The local calendar date in the call's time zone, `YYYY-MM-DD`. */
  startDate: string;
  /**
   * The instant the project starts — local midnight of `startDate` in the call's zone — as ISO-8601
   * with that zone's offset (e.g. `2027-09-01T00:00:00+02:00`). Where a daylight-saving change skips
   * midnight, the first instant of that day.
   */
  startsAt: string;
}

const OFFSET = /([+-])(\d{2}):(\d{2})$/;

/** The zone's offset from UTC in milliseconds at `epochMs` (0 for the rare non-minute historical ones). */
function offsetAt(epochMs: number, timeZone: string): number {
  const m = OFFSET.exec(toZonedIso(new Date(epochMs).toISOString(), timeZone));
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** The first instant of local day `year-month-day` in `timeZone`. */
export function startOfLocalDay(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  const wallIso = new Date(wall).toISOString().slice(0, 19);
  // The offsets just before and after any change near that day; one of them is midnight's.
  const candidates = [offsetAt(wall - 86_400_000, timeZone), offsetAt(wall + 86_400_000, timeZone)]
    .map((o) => wall - o)
    .sort((a, b) => a - b);
  for (const t of candidates) {
    if (toZonedIso(new Date(t).toISOString(), timeZone).slice(0, 19) === wallIso) return t;
  }
  // Midnight does not exist (the clocks jump over it): the day starts at the change, whose instant is
  // midnight read with the offset before it.
  return wall - offsetAt(wall - 86_400_000, timeZone);
}

/**
 * SPEC F4 default project start: the first day of the second month after the decision, in the call's
 * legal time zone — a decision on 14 May (local) starts projects on 1 July. `decidedAt` is an ISO-8601
 * instant with offset. Throws INVALID_INSTANT, INVALID_TIME_ZONE (rule).
 */
export function defaultProjectStart(decidedAt: string, timeZone: string): ProjectStart {
  if (parseIsoInstant(decidedAt) === undefined) {
    throw new DomainError(
      'INVALID_INSTANT',
      `'${decidedAt}' is not an ISO-8601 date-time with an offset.`,
      'rule',
      [{ field: 'decidedAt', code: 'INVALID_INSTANT', message: 'An ISO-8601 date-time with an offset.' }],
      { actual: String(decidedAt) },
    );
  }
  const local = toZonedIso(decidedAt, timeZone);
  const year = Number(local.slice(0, 4));
  const month = Number(local.slice(5, 7));
  const target = month + 2;
  const startYear = year + Math.floor((target - 1) / 12);
  const startMonth = ((target - 1) % 12) + 1;
  const startDate = `${String(startYear).padStart(4, '0')}-${String(startMonth).padStart(2, '0')}-01`;
  const startsAt = toZonedIso(new Date(startOfLocalDay(startYear, startMonth, 1, timeZone)).toISOString(), timeZone);
  return { startDate, startsAt };
}
