import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { summariseBudget, toEurReference } from './budget';
import type { BudgetLine } from './budget';

const amount = fc.integer({ min: 0, max: 1e13 });
const rateString = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99_999_999 }))
  .filter(([i, f]) => i > 0 || f > 0)
  .map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`);

describe('toEurReference', () => {
  it('passes EUR through unchanged', () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (a) => expect(toEurReference(a, 'EUR', {})).toBe(a)));
  });

  it('converts at the call’s rate and rounds half to even', () => {
    expect(toEurReference(1, 'CHF', { CHF: '0.5' })).toBe(0);
    expect(toEurReference(3, 'CHF', { CHF: '0.5' })).toBe(2);
    expect(toEurReference(5, 'CHF', { CHF: '0.5' })).toBe(2);
    expect(toEurReference(7, 'CHF', { CHF: '0.5' })).toBe(4);
    expect(toEurReference(100_000_00, 'CHF', { CHF: '1.0650' })).toBe(106_500_00);
    expect(toEurReference(1, 'CHF', { CHF: '1.5' })).toBe(2);
    expect(toEurReference(1, 'CHF', { CHF: '2.5' })).toBe(2);
    expect(toEurReference(1, 'CHF', { CHF: '1.50000001' })).toBe(2);
    expect(toEurReference(1, 'CHF', { CHF: '2.50000001' })).toBe(3);
    expect(toEurReference(-3, 'CHF', { CHF: '0.5' })).toBe(-2);
    // Exact beyond float precision: 9 007 199 254 740 991 × 0.1 = 900 719 925 474 099.1.
    expect(toEurReference(Number.MAX_SAFE_INTEGER, 'CHF', { CHF: '0.1' })).toBe(900_719_925_474_099);
  });

  it('respects the currency’s minor unit (JPY has none)', () => {
    expect(toEurReference(1000, 'JPY', { JPY: '0.0062' })).toBe(620);
  });

  it('is the exactly rounded product: |result − a × r| ≤ ½ cent, ties to even', () => {
    fc.assert(
      fc.property(amount, rateString, (a, rate) => {
        const scaled = BigInt(a) * BigInt(rate.replace('.', '')); // a × rate × 10^8
        const result = BigInt(toEurReference(a, 'CHF', { CHF: rate }));
        const diff = result * 100_000_000n - scaled; // in 10^-8 cents
        expect(diff * 2n <= 100_000_000n && diff * 2n >= -100_000_000n).toBe(true);
        if (diff * 2n === 100_000_000n || diff * 2n === -100_000_000n) expect(result % 2n).toBe(0n);
      }),
    );
  });

  it('is monotone in the amount', () => {
    fc.assert(
      fc.property(amount, amount, rateString, (a, b, rate) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(toEurReference(lo, 'CHF', { CHF: rate })).toBeLessThanOrEqual(toEurReference(hi, 'CHF', { CHF: rate }));
      }),
    );
  });

  it('refuses a currency without a reference rate', () => {
    let error: unknown;
    try {
      toEurReference(100, 'CHF', {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'MISSING_REFERENCE_RATE', kind: 'rule' });
    expect(() => toEurReference(100, 'toString', {})).toThrow(DomainError);
    expect(() => toEurReference(1.5, 'EUR', {})).toThrow(DomainError);
  });
});

describe('summariseBudget', () => {
  const rates = { CHF: '1.0650' };
  const line = fc.record({
    regionCode: fc.constantFrom('ITC4', 'ITH2', 'AT31', 'DE2', 'CH02'),
    agencyId: fc.uuid(),
    currency: fc.constantFrom('EUR', 'CHF'),
    committed: amount,
    flexibility: amount,
    proposed: amount,
    allocated: amount,
    released: amount,
    paid: amount,
  });

  it('sorts regions and currencies and converts each line', () => {
    const lines: BudgetLine[] = [
      {
        regionCode: 'ITC4',
        agencyId: 'a1',
        currency: 'EUR',
        committed: 500_000_00,
        flexibility: 0,
        proposed: 0,
        allocated: 100_00,
        released: 0,
        paid: 0,
      },
      {
        regionCode: 'CH02',
        agencyId: 'a2',
        currency: 'CHF',
        committed: 200_000_00,
        flexibility: 3,
        proposed: 0,
        allocated: 0,
        released: 0,
        paid: 0,
      },
    ];
    const s = summariseBudget(lines, rates);
    expect(s.regions.map((r) => r.regionCode)).toEqual(['CH02', 'ITC4']);
    expect(s.regions[0]).toMatchObject({ agencyId: 'a2', committedEur: 213_000_00, flexibilityEur: 3 });
    expect(s.totalsByCurrency).toEqual([
      { currency: 'CHF', committed: 200_000_00, flexibility: 3, proposed: 0, allocated: 0, released: 0, paid: 0 },
      { currency: 'EUR', committed: 500_000_00, flexibility: 0, proposed: 0, allocated: 100_00, released: 0, paid: 0 },
    ]);
    expect(s.eurReference).toEqual({
      committed: 713_000_00,
      flexibility: 3,
      proposed: 0,
      allocated: 100_00,
      released: 0,
      paid: 0,
    });
    expect(summariseBudget([], rates)).toEqual({
      regions: [],
      totalsByCurrency: [],
      eurReference: { committed: 0, flexibility: 0, proposed: 0, allocated: 0, released: 0, paid: 0 },
    });
  });

  it('totals equal the sums of the lines, per currency and in EUR', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const s = summariseBudget(lines, rates);
        expect(s.regions).toHaveLength(lines.length);
        const codes = s.regions.map((r) => r.regionCode);
        expect(codes).toEqual([...codes].sort());
        expect(s.totalsByCurrency.map((t) => t.currency)).toEqual([...new Set(lines.map((l) => l.currency))].sort());
        for (const key of ['committed', 'flexibility', 'proposed', 'allocated', 'released', 'paid'] as const) {
          for (const t of s.totalsByCurrency) {
            expect(t[key]).toBe(lines.filter((l) => l.currency === t.currency).reduce((sum, l) => sum + l[key], 0));
          }
          expect(s.eurReference[key]).toBe(s.regions.reduce((sum, r) => sum + r[`${key}Eur`], 0));
          for (const r of s.regions) expect(r[`${key}Eur`]).toBe(toEurReference(r[key], r.currency, rates));
        }
      }),
    );
  });
});
