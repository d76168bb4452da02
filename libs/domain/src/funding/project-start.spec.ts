import fc from 'fast-check';
import { toZonedIso } from '../calls/zoned-time';
import { defaultProjectStart, startOfLocalDay } from './project-start';

describe('default project start (F4)', () => {
  it('is the first day of the second month after the decision, at local midnight in the call zone', () => {
    expect(defaultProjectStart('2027-05-14T10:00:00Z', 'Europe/Brussels')).toEqual({
      startDate: '2027-07-01',
      startsAt: '2027-07-01T00:00:00+02:00',
    });
    expect(defaultProjectStart('2027-11-20T12:00:00+01:00', 'Europe/Brussels')).toEqual({
      startDate: '2028-01-01',
      startsAt: '2028-01-01T00:00:00+01:00',
    });
    expect(defaultProjectStart('2027-12-31T12:00:00Z', 'Europe/Zurich')).toEqual({
      startDate: '2028-02-01',
      startsAt: '2028-02-01T00:00:00+01:00',
    });
  });

  it('reads the decision month in the call zone, not in UTC', () => {
    // 31 May 22:30 UTC is already 1 June in Brussels: August, not July.
    expect(defaultProjectStart('2027-05-31T22:30:00Z', 'Europe/Brussels').startDate).toBe('2027-08-01');
    expect(defaultProjectStart('2027-05-31T22:30:00Z', 'UTC')).toEqual({
      startDate: '2027-07-01',
      startsAt: '2027-07-01T00:00:00+00:00',
    });
  });

  it('starts at the first instant of the day when a clock change skips midnight', () => {
    // Chile moved its clocks from 00:00 to 01:00 on 11 September 2022.
    expect(
      toZonedIso(new Date(startOfLocalDay(2022, 9, 11, 'America/Santiago')).toISOString(), 'America/Santiago'),
    ).toBe('2022-09-11T01:00:00-03:00');
    expect(new Date(startOfLocalDay(2022, 9, 10, 'America/Santiago')).toISOString()).toBe('2022-09-10T04:00:00.000Z');
  });

  it('refuses a bad instant or zone', () => {
    expect(() => defaultProjectStart('2027-05-14T10:00:00', 'Europe/Brussels')).toThrow(
      expect.objectContaining({ code: 'INVALID_INSTANT' }),
    );
    expect(() => defaultProjectStart('2027-05-14T10:00:00Z', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
  });

  it(`property: the start is local midnight of the first of a month, \
two calendar months after the local decision month`, () => {
    const zones = fc.constantFrom(
      'Europe/Brussels',
      'Europe/Zurich',
      'Europe/Lisbon',
      'America/New_York',
      'Asia/Kolkata',
      'Pacific/Auckland',
    );
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) }), zones, (ms, zone) => {
        const decided = toZonedIso(new Date(ms).toISOString(), zone);
        const { startDate, startsAt } = defaultProjectStart(new Date(ms).toISOString(), zone);
        expect(startsAt.slice(0, 19)).toBe(`${startDate}T00:00:00`);
        expect(toZonedIso(startsAt, zone)).toBe(startsAt);
        const months =
          Number(startDate.slice(0, 4)) * 12 +
          Number(startDate.slice(5, 7)) -
          (Number(decided.slice(0, 4)) * 12 + Number(decided.slice(5, 7)));
        expect(months).toBe(2);
        expect(startDate.endsWith('-01')).toBe(true);
      }),
    );
  });
});
