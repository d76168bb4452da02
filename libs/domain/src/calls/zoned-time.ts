import { DomainError } from '../domain-error';
import { parseIsoInstant } from './iso-instant';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      throw new DomainError('INVALID_TIME_ZONE', `'${timeZone}' is not a known IANA time zone.`, 'rule', [], {
        actual: timeZone,
      });
    }
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/**
 * The same instant written in the zone's local time with the zone's offset at that instant, e.g.
 * `toZonedIso('2027-03-01T11:00:00Z', 'Europe/Brussels') === '2027-03-01T12:00:00+01:00'`.
 * Milliseconds appear only when not zero; UTC is written `+00:00`. For the rare historical offsets
 * that are not whole minutes (local mean time before ~1900) no ISO offset exists, so the instant is
 * written in UTC (`…Z`) instead. Local years must lie in 0001–9999.
 */
export function toZonedIso(instantIso: string, timeZone: string): string {
  const epochMs = parseIsoInstant(instantIso);
  if (epochMs === undefined) {
    throw new DomainError(
      'INVALID_INSTANT',
      `'${instantIso}' is not an ISO-8601 date-time with an offset.`,
      'rule',
      [],
      { actual: String(instantIso) },
    );
  }
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  const bc = parts.era === 'BC' || parts.era === 'B';
  const year = bc ? 1 - Number(parts.year) : Number(parts.year);
  const [month, day, hour, minute, second] = [parts.month, parts.day, parts.hour, parts.minute, parts.second].map(
    Number,
  );
  const millis = ((epochMs % 1000) + 1000) % 1000;
  const localAsUtc = new Date(Date.UTC(2000, month - 1, day, hour % 24, minute, second, millis));
  localAsUtc.setUTCFullYear(year);
  const offsetMs = localAsUtc.getTime() - epochMs;
  const fraction = millis === 0 ? '' : `.${pad(millis, 3)}`;

  if (offsetMs % 60_000 !== 0 || year < 1 || year > 9999) {
    const utc = new Date(epochMs).toISOString();
    return millis === 0 ? utc.replace('.000Z', 'Z') : utc;
  }
  const offsetMinutes = offsetMs / 60_000;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
  return (
    `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour % 24)}:` + `${pad(minute)}:${pad(second)}${fraction}${offset}`
  );
}
