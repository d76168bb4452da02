import { DEFAULT_LANGUAGE } from '../identity/languages';
import { notificationCatalog } from './templates';

/**
 * The daily digest's calendar (SPEC §5 N1), pure: a digest "day" D is the UTC date `yyyy-mm-dd` whose
 * cut-off is D at DIGEST_HOUR_UTC. A message belongs to the first day whose cut-off is after it was
 * created, and the digest of D is due from its cut-off on. No clock here: "now" is an argument.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** `yyyy-mm-dd` of a UTC calendar day. */
export type DigestDay = string;

function assertHour(hourUtc: number): void {
  if (!Number.isInteger(hourUtc) || hourUtc < 0 || hourUtc > 23)
    throw new RangeError(`digest hour must be an integer 0..23, got ${hourUtc}`);
}

function dayOf(instant: Date): DigestDay {
  return instant.toISOString().slice(0, 10);
}

/** The instant from which the digest of `day` is due and before which its messages were created. */
export function digestCutoff(day: DigestDay, hourUtc: number): Date {
  assertHour(hourUtc);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new RangeError(`digest day must be yyyy-mm-dd, got ${day}`);
  return new Date(`${day}T${String(hourUtc).padStart(2, '0')}:00:00.000Z`);
}

/** The latest day whose digest is due at `now`: today from the digest hour on, else yesterday. */
export function dueDigestDay(now: Date, hourUtc: number): DigestDay {
  assertHour(hourUtc);
  return now.getUTCHours() >= hourUtc ? dayOf(now) : dayOf(new Date(now.getTime() - DAY_MS));
}

/** The one day whose digest a message created at `createdAt` belongs to. */
export function digestDayFor(createdAt: Date, hourUtc: number): DigestDay {
  assertHour(hourUtc);
  return createdAt.getUTCHours() < hourUtc ? dayOf(createdAt) : dayOf(new Date(createdAt.getTime() + DAY_MS));
}

export interface DigestEntry {
  subject: string;
  body: string;
}

export interface ComposedDigest {
  subject: string;
  body: string;
}

/** Drops a trailing e-mail signature (everything from the standard `-- ` delimiter line on). */
function withoutSignature(body: string): string {
  const at = body.lastIndexOf('\n-- \n');
  return (at >= 0 ? body.slice(0, at) : body).trimEnd();
}

/**
 * One e-mail carrying every entry of a user's day, in the given order, each subject with its body, in
 * the user's language (the entries come rendered in it).
 */
export function composeDigest(
  day: DigestDay,
  entries: readonly DigestEntry[],
  language: string = DEFAULT_LANGUAGE,
): ComposedDigest {
  if (entries.length === 0) throw new RangeError('a digest needs at least one message');
  const words = notificationCatalog(language).digest;
  const sections = entries.map((entry, index) => `${index + 1}. ${entry.subject}\n\n${withoutSignature(entry.body)}`);
  return {
    subject: words.subject(day, entries.length),
    body:
      `${words.intro(day, entries.length)}\n\n` +
      sections.join('\n\n----------------------------------------\n\n') +
      words.footer,
  };
}
