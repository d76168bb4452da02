import fc from 'fast-check';
import { toEurReference } from '../calls/budget';
import { eurReferenceConverter } from './eur-reference';

describe('EUR reference converter', () => {
  it('gives exactly what toEurReference gives (half-even at the call rate), for any amount, rate and currency', () => {
    const rateArb = fc
      .tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 99_999_999 }))
      .map(([u, d, f]) => (d === 0 ? String(u) : `${u}.${String(f).padStart(8, '0').slice(0, d)}`));
    fc.assert(
      fc.property(
        fc.constantFrom('CHF', 'JPY', 'EUR', 'KWD'),
        rateArb,
        fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.maxSafeNat()),
        (currency, rate, amount) => {
          const rates = { [currency]: rate };
          let expected: number | Error;
          try {
            expected = toEurReference(amount, currency, rates);
          } catch (e) {
            expected = e as Error;
          }
          const convert = eurReferenceConverter(rates);
          if (expected instanceof Error) expect(() => convert(amount, currency)).toThrow(expected.message);
          else expect(convert(amount, currency)).toBe(expected);
        },
      ),
    );
  });

  it('fails like toEurReference for a currency without a rate', () => {
    expect(() => eurReferenceConverter({})(100, 'CHF')).toThrow(
      expect.objectContaining({ code: 'MISSING_REFERENCE_RATE' }),
    );
  });
});
