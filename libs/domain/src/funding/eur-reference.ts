import { toEurReference } from '../calls/budget';

/**
 * `toEurReference` for many amounts: the same exact half-even result (SPEC §3), with the rate parsed
 * and the currency's minor digits looked up once per currency instead of on every call (an F1 walk
 * converts one amount per proposal and non-EUR currency). The first call for a currency goes through
 * `toEurReference`, so an unknown currency or a bad rate fails exactly as it does.
 */
export function eurReferenceConverter(
  referenceRates: Record<string, string>,
): (amountMinor: number, currency: string) => number {
  const factors = new Map<string, { numerator: bigint; denominator: bigint }>();
  return (amountMinor, currency) => {
    if (currency === 'EUR') return amountMinor;
    let f = factors.get(currency);
    if (!f) {
      toEurReference(0, currency, referenceRates);
      const m = /^(\d+)(?:\.(\d{1,8}))?$/.exec(referenceRates[currency]) as RegExpExecArray;
      const digits = minorDigits(currency);
      f = {
        numerator: (BigInt(m[1]) * 10n ** 8n + BigInt((m[2] ?? '').padEnd(8, '0'))) * 100n,
        denominator: 10n ** BigInt(digits) * 10n ** 8n,
      };
      factors.set(currency, f);
    }
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 0)
      return toEurReference(amountMinor, currency, referenceRates);
    const n = BigInt(amountMinor) * f.numerator;
    let q = n / f.denominator;
    const r2 = (n % f.denominator) * 2n;
    if (r2 > f.denominator || (r2 === f.denominator && q % 2n === 1n)) q += 1n;
    const eur = Number(q);
    return Number.isSafeInteger(eur) ? eur : toEurReference(amountMinor, currency, referenceRates);
  };
}

function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
