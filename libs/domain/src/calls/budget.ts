import { DomainError } from '../domain-error';

/**
 * EUR reference amounts (SPEC §3 money rules): commitments stay in the agency's currency; reports add
 * them up in EUR at the call's fixed reference rate, rounded half-even to the cent — exactly, with
 * BigInt decimal arithmetic, never floats.
 */
const RATE_DECIMALS = 8;
const RATE_SCALE = 10n ** BigInt(RATE_DECIMALS);
const RATE_PATTERN = /^(\d+)(?:\.(\d{1,8}))?$/;
const EUR_MINOR_DIGITS = 2;

/** The number of minor-unit digits of a currency (2 for EUR and CHF, 0 for JPY), from Intl (pure). */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** A decimal string (`"1.0650"`) as an integer scaled by 10^8. */
function parseRate(rate: string, currency: string): bigint {
  const m = typeof rate === 'string' ? RATE_PATTERN.exec(rate) : null;
  if (!m) {
    throw new DomainError(
      'INVALID_REFERENCE_RATE',
      `The reference rate for ${currency} ('${String(rate)}') is not a decimal with at most 8 decimals.`,
      'rule',
      [
        {
          field: `referenceRates.${currency}`,
          code: 'INVALID_REFERENCE_RATE',
          message: 'A reference rate is a positive decimal string.',
          params: { currency },
        },
      ],
      { currency, actual: String(rate), maxDecimals: 8 },
    );
  }
  return BigInt(m[1]) * RATE_SCALE + BigInt((m[2] ?? '').padEnd(RATE_DECIMALS, '0'));
}

/** n / d rounded half to even (d > 0). */
function divideHalfEven(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  const r = abs % d;
  if (r * 2n > d || (r * 2n === d && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

function toSafeNumber(value: bigint, what: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new DomainError('AMOUNT_OUT_OF_RANGE', `${what} is too large to represent exactly.`, 'rule');
  return n;
}

/**
 * `amountMinor` (minor units of `currency`) in EUR minor units at the call's reference rate (EUR per
 * one unit of `currency`), rounded half-even. EUR passes through unchanged. Throws
 * MISSING_REFERENCE_RATE when the call has no rate for the currency.
 */
export function toEurReference(amountMinor: number, currency: string, referenceRates: Record<string, string>): number {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new DomainError('INVALID_AMOUNT', `Money is a whole number of minor units; got ${amountMinor}.`, 'rule', [], {
      actual: String(amountMinor),
    });
  }
  if (currency === 'EUR') return amountMinor;
  const rate = Object.prototype.hasOwnProperty.call(referenceRates, currency) ? referenceRates[currency] : undefined;
  if (rate === undefined) {
    throw new DomainError(
      'MISSING_REFERENCE_RATE',
      `The call has no reference rate for ${currency}, so it cannot report it in EUR.`,
      'rule',
      [
        {
          field: `referenceRates.${currency}`,
          code: 'MISSING_REFERENCE_RATE',
          message: `Set a reference rate for ${currency}.`,
          params: { currency },
        },
      ],
      { currency },
    );
  }
  const numerator = BigInt(amountMinor) * parseRate(rate, currency) * 10n ** BigInt(EUR_MINOR_DIGITS);
  const denominator = 10n ** BigInt(minorDigits(currency)) * RATE_SCALE;
  return toSafeNumber(divideHalfEven(numerator, denominator), `${amountMinor} ${currency} in EUR`);
}

/** One agency's commitment to a call and what has happened to it, in its own currency (minor units). */
export interface BudgetLine {
  regionCode: string;
  agencyId: string;
  currency: string;
  committed: number;
  flexibility: number;
  /** Held by a proposed funding decision, not yet approved by every agency (SPEC F2). */
  proposed: number;
  allocated: number;
  released: number;
  paid: number;
}

export interface BudgetAmounts {
  committed: number;
  flexibility: number;
  proposed: number;
  allocated: number;
  released: number;
  paid: number;
}

export interface BudgetEurAmounts {
  committedEur: number;
  flexibilityEur: number;
  proposedEur: number;
  allocatedEur: number;
  releasedEur: number;
  paidEur: number;
}

export interface BudgetSummary<L extends BudgetLine = BudgetLine> {
  /** Each line with its EUR reference amounts, sorted by region code (then agency id). */
  regions: Array<L & BudgetEurAmounts>;
  /** Sums per currency, sorted by currency. */
  totalsByCurrency: Array<{ currency: string } & BudgetAmounts>;
  /** Sums of the lines' EUR reference amounts (each line rounded on its own, so the rows add up). */
  eurReference: BudgetAmounts;
}

const AMOUNT_KEYS = ['committed', 'flexibility', 'proposed', 'allocated', 'released', 'paid'] as const;

const zero = (): BudgetAmounts => ({ committed: 0, flexibility: 0, proposed: 0, allocated: 0, released: 0, paid: 0 });

function addInto(total: BudgetAmounts, amounts: BudgetAmounts, what: string): void {
  for (const key of AMOUNT_KEYS) {
    total[key] = toSafeNumber(BigInt(total[key]) + BigInt(amounts[key]), `The ${what} total of ${key}`);
  }
}

/** The budget of a call: per region in its currency and in EUR, totals per currency and in EUR. */
export function summariseBudget<L extends BudgetLine>(
  lines: L[],
  referenceRates: Record<string, string>,
): BudgetSummary<L> {
  const regions = [...lines]
    .sort((a, b) => compare(a.regionCode, b.regionCode) || compare(a.agencyId, b.agencyId))
    .map((line) => ({
      ...line,
      committedEur: toEurReference(line.committed, line.currency, referenceRates),
      flexibilityEur: toEurReference(line.flexibility, line.currency, referenceRates),
      proposedEur: toEurReference(line.proposed, line.currency, referenceRates),
      allocatedEur: toEurReference(line.allocated, line.currency, referenceRates),
      releasedEur: toEurReference(line.released, line.currency, referenceRates),
      paidEur: toEurReference(line.paid, line.currency, referenceRates),
    }));

  const byCurrency = new Map<string, BudgetAmounts>();
  const eurReference = zero();
  for (const r of regions) {
    const total = byCurrency.get(r.currency) ?? zero();
    byCurrency.set(r.currency, total);
    addInto(total, r, r.currency);
    addInto(
      eurReference,
      {
        committed: r.committedEur,
        flexibility: r.flexibilityEur,
        proposed: r.proposedEur,
        allocated: r.allocatedEur,
        released: r.releasedEur,
        paid: r.paidEur,
      },
      'EUR reference',
    );
  }
  const totalsByCurrency = [...byCurrency.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([currency, t]) => ({ currency, ...t }));
  return { regions, totalsByCurrency, eurReference };
}

/** Code-unit order, independent of any locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
