import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { FULL_RATE_BPS, maxGrantFor } from './funding-rate';

const costs = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const rate = fc.integer({ min: 0, max: FULL_RATE_BPS });

describe('maxGrantFor', () => {
  it('rounds rate × eligible costs down to the minor unit', () => {
    expect(maxGrantFor(100_000, 7000)).toBe(70_000);
    expect(maxGrantFor(99_999, 7000)).toBe(69_999); // 69 999.3
    expect(maxGrantFor(1, 9999)).toBe(0);
    expect(maxGrantFor(3, 3333)).toBe(0); // 0.9999
    expect(maxGrantFor(123_456_789, 10_000)).toBe(123_456_789);
    expect(maxGrantFor(123_456_789, 0)).toBe(0);
    // Beyond float precision: 9 007 199 254 740 991 × 0.7 = 6 305 039 478 318 693.7; Math.floor of the float product
    // says …694.
    expect(maxGrantFor(Number.MAX_SAFE_INTEGER, 7000)).toBe(6_305_039_478_318_693);
    expect(maxGrantFor(Number.MAX_SAFE_INTEGER, 10_000)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('is the exact floor: 0 ≤ costs × rate − 10 000 × result < 10 000', () => {
    fc.assert(
      fc.property(costs, rate, (c, r) => {
        const remainder = BigInt(c) * BigInt(r) - BigInt(FULL_RATE_BPS) * BigInt(maxGrantFor(c, r));
        expect(remainder >= 0n && remainder < BigInt(FULL_RATE_BPS)).toBe(true);
      }),
    );
  });

  it('never exceeds the eligible costs for a rate up to 100 %', () => {
    fc.assert(fc.property(costs, rate, (c, r) => expect(maxGrantFor(c, r)).toBeLessThanOrEqual(c)));
  });

  it('is monotone in both arguments', () => {
    fc.assert(
      fc.property(costs, costs, rate, rate, (c1, c2, r1, r2) => {
        const [cLo, cHi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        const [rLo, rHi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        expect(maxGrantFor(cLo, r1)).toBeLessThanOrEqual(maxGrantFor(cHi, r1));
        expect(maxGrantFor(c1, rLo)).toBeLessThanOrEqual(maxGrantFor(c1, rHi));
      }),
    );
  });

  it('is exact for multiples of 10 000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Math.floor(Number.MAX_SAFE_INTEGER / FULL_RATE_BPS) }), rate, (k, r) => {
        expect(maxGrantFor(k * FULL_RATE_BPS, r)).toBe(k * r);
      }),
    );
  });

  it('refuses amounts and rates that are not non-negative safe integers', () => {
    for (const [c, r] of [
      [-1, 5000],
      [1.5, 5000],
      [Number.NaN, 5000],
      [Number.MAX_SAFE_INTEGER + 1, 5000],
      [100, -1],
      [100, 50.5],
      [100, Infinity],
      [Number.MAX_SAFE_INTEGER, 20_000],
    ]) {
      expect(() => maxGrantFor(c, r)).toThrow(DomainError);
    }
    expect(maxGrantFor(100, 20_000)).toBe(200);
  });
});
