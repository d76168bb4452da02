import fc from 'fast-check';
import { compareDecimal, decimalOf, formatDecimal } from './exact-decimal';

describe('exact decimals', () => {
  it('reads a number as the decimal it was written as', () => {
    expect(decimalOf(0.1)).toEqual({ units: 1n, scale: 1 });
    expect(decimalOf(2.5)).toEqual({ units: 25n, scale: 1 });
    expect(decimalOf(100)).toEqual({ units: 100n, scale: 0 });
    expect(decimalOf(1e-7)).toEqual({ units: 1n, scale: 7 });
    expect(decimalOf(1.25e-7)).toEqual({ units: 125n, scale: 9 });
    expect(decimalOf(1e21)).toEqual({ units: 10n ** 21n, scale: 0 });
    expect(decimalOf(-3.75)).toEqual({ units: -375n, scale: 2 });
  });

  it('refuses NaN and infinities', () => {
    expect(() => decimalOf(Number.NaN)).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
    expect(() => decimalOf(Number.POSITIVE_INFINITY)).toThrow(expect.objectContaining({ code: 'INVALID_NUMBER' }));
  });

  it('formats without trailing zeros or exponent', () => {
    expect(formatDecimal({ units: 1150n, scale: 2 })).toBe('11.5');
    expect(formatDecimal({ units: 12n, scale: 0 })).toBe('12');
    expect(formatDecimal({ units: 5n, scale: 2 })).toBe('0.05');
    expect(formatDecimal({ units: -325n, scale: 2 })).toBe('-3.25');
    expect(formatDecimal(decimalOf(1e-7))).toBe('0.0000001');
  });

  it('round-trips every double through its decimal text and compares like numbers', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        (a, b) => {
          expect(Number(formatDecimal(decimalOf(a)))).toBe(a + 0);
          expect(compareDecimal(decimalOf(a), decimalOf(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
        },
      ),
    );
  });
});
