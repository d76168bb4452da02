import { DomainError } from '../domain-error';

/**
 * An exact decimal: `units / 10^scale` (scale ≥ 0). Weights, oversubscription factors and weighted
 * totals are computed with it so that no float rounding can reorder a ranking or move a cap.
 * Internal representation only: results leave the domain as decimal strings (`formatDecimal`), since
 * bigint does not survive JSON.
 */
export interface ExactDecimal {
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

/**
 * The decimal a JS number was written as: its shortest round-trip form (`String(0.1) === "0.1"`), so
 * `0.1` is exactly one tenth, not the binary double nearest to it. Throws INVALID_NUMBER for NaN and ±∞.
 */
export function decimalOf(n: number): ExactDecimal {
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new DomainError('INVALID_NUMBER', `${String(n)} is not a finite number.`, 'rule', [], { actual: String(n) });
  }
  const m = DECIMAL_TEXT.exec(String(n));
  if (!m)
    throw new DomainError('INVALID_NUMBER', `${String(n)} is not a decimal number.`, 'rule', [], { actual: String(n) });
  const [, sign, whole, fraction = '', exponentText = '0'] = m;
  const exponent = Number(exponentText);
  let units = BigInt(whole + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normaliseDecimal({ units: sign === '-' ? -units : units, scale });
}

/** Drops trailing zeros of the fraction (`1.50` → `1.5`), so equal values have one form. */
export function normaliseDecimal(d: ExactDecimal): ExactDecimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** `d` rewritten with `scale` decimals (`scale` ≥ d.scale). */
export function rescaleDecimal(d: ExactDecimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function compareDecimal(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  const x = rescaleDecimal(a, scale);
  const y = rescaleDecimal(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain decimal text without exponent or trailing zeros: `11.5`, `12`, `0.05`, `-3.25`. */
export function formatDecimal(d: ExactDecimal): string {
  const { units, scale } = normaliseDecimal(d);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${fraction}` : ''}`;
}
