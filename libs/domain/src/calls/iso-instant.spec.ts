import fc from 'fast-check';
import { parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it('reads instants with Z or an offset, with or without seconds and fractions', () => {
    expect(parseIsoInstant('2027-03-01T11:00:00Z')).toBe(Date.UTC(2027, 2, 1, 11));
    expect(parseIsoInstant('2027-03-01T12:00:00+01:00')).toBe(Date.UTC(2027, 2, 1, 11));
    expect(parseIsoInstant('2027-03-01T06:30-05:30')).toBe(Date.UTC(2027, 2, 1, 12));
    expect(parseIsoInstant('2027-03-01T11:00:00.123456Z')).toBe(Date.UTC(2027, 2, 1, 11, 0, 0, 123));
    expect(parseIsoInstant('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(parseIsoInstant('0050-01-01T00:00:00Z')).toBe(new Date('0050-01-01T00:00:00Z').getTime());
  });

  it('refuses local times, impossible dates and other shapes', () => {
    for (const bad of [
      '2027-03-01T11:00:00',
      '2027-02-30T00:00:00Z',
      '2027-02-29T00:00:00Z',
      '2027-13-01T00:00:00Z',
      '2027-03-01T24:00:00Z',
      '2027-03-01T10:60:00Z',
      '2027-03-01',
      'tomorrow',
      '',
      '2027-03-01T11:00:00+0100',
      '2027-03-01 11:00:00Z',
    ]) {
      expect(parseIsoInstant(bad)).toBeUndefined();
    }
  });

  it('agrees with Date for every instant written by toISOString', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          expect(parseIsoInstant(d.toISOString())).toBe(d.getTime());
        },
      ),
    );
  });
});
