import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { toZonedIso } from './zoned-time';

const ZONES = ['Europe/Brussels', 'Europe/Zurich', 'UTC', 'America/New_York', 'Asia/Kolkata'];

describe('toZonedIso', () => {
  it('writes the instant in the zone’s local time with its offset', () => {
    expect(toZonedIso('2027-03-01T11:00:00Z', 'Europe/Brussels')).toBe('2027-03-01T12:00:00+01:00');
    expect(toZonedIso('2027-07-01T11:00:00Z', 'Europe/Brussels')).toBe('2027-07-01T13:00:00+02:00');
    expect(toZonedIso('2027-07-01T13:00:00+02:00', 'UTC')).toBe('2027-07-01T11:00:00+00:00');
    expect(toZonedIso('2027-01-01T00:00:00.250Z', 'America/New_York')).toBe('2026-12-31T19:00:00.250-05:00');
    expect(toZonedIso('2027-03-01T11:00:00Z', 'Asia/Kolkata')).toBe('2027-03-01T16:30:00+05:30');
    expect(toZonedIso('2027-03-01T23:30:00Z', 'Europe/Zurich')).toBe('2027-03-02T00:30:00+01:00');
  });

  it('handles the daylight-saving switches in Brussels', () => {
    // 28 March 2027: 02:00 CET → 03:00 CEST, at 01:00 UTC.
    expect(toZonedIso('2027-03-28T00:59:59Z', 'Europe/Brussels')).toBe('2027-03-28T01:59:59+01:00');
    expect(toZonedIso('2027-03-28T01:00:00Z', 'Europe/Brussels')).toBe('2027-03-28T03:00:00+02:00');
    // 31 October 2027: 03:00 CEST → 02:00 CET; 02:30 happens twice.
    expect(toZonedIso('2027-10-31T00:30:00Z', 'Europe/Brussels')).toBe('2027-10-31T02:30:00+02:00');
    expect(toZonedIso('2027-10-31T01:30:00Z', 'Europe/Brussels')).toBe('2027-10-31T02:30:00+01:00');
  });

  it('names the same instant: Date.parse(toZonedIso(x, tz)) === Date.parse(x)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...ZONES),
        (d, tz) => {
          const x = d.toISOString();
          const zoned = toZonedIso(x, tz);
          // Before ~1906 some zones ran on local mean time (Kolkata +05:21:10): no ISO offset, so UTC.
          const modern = d.getTime() >= Date.UTC(1970, 0, 1);
          expect(zoned).toMatch(
            modern ? /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?[+-]\d{2}:\d{2}$/ : /^\d{4}-.*(Z|[+-]\d{2}:\d{2})$/,
          );
          expect(Date.parse(zoned)).toBe(Date.parse(x));
        },
      ),
    );
  });

  it('falls back to UTC for offsets that are not whole minutes', () => {
    expect(toZonedIso('1900-06-01T00:00:00Z', 'Asia/Kolkata')).toBe('1900-06-01T00:00:00Z');
  });

  it('refuses what it cannot read', () => {
    expect(() => toZonedIso('2027-03-01T11:00:00', 'Europe/Brussels')).toThrow(DomainError);
    expect(() => toZonedIso('2027-03-01T11:00:00Z', 'Mars/Olympus')).toThrow(DomainError);
  });
});
