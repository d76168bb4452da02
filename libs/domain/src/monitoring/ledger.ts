import type { Violation } from '../domain-error';

/**
 * The funding ledger as the monitoring rules see it (SPEC M4, M5): append-only entries per region and
 * currency. COMMITTED is the agency's commitment to the call, ALLOCATED the decision's grants,
 * RELEASED an instalment released to the agency, PAID the agency's confirmation of payment. Amounts
 * are whole minor units ≥ 0 (SPEC §3); sums are done in bigint.
 */
export const LEDGER_KINDS = ['COMMITTED', 'ALLOCATED', 'RELEASED', 'PAID'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  regionCode: string;
  currency: string;
  kind: LedgerKind;
  /** Minor units. */
  amount: number;
}

export interface LedgerTotals {
  regionCode: string;
  currency: string;
  committed: bigint;
  allocated: bigint;
  released: bigint;
  paid: bigint;
}

const FIELD: Record<LedgerKind, 'committed' | 'allocated' | 'released' | 'paid'> = {
  COMMITTED: 'committed',
  ALLOCATED: 'allocated',
  RELEASED: 'released',
  PAID: 'paid',
};

/** Totals per region and currency, sorted by region then currency (deterministic). */
export function ledgerTotals(entries: readonly LedgerEntry[]): LedgerTotals[] {
  const byKey = new Map<string, LedgerTotals>();
  for (const e of entries) {
    const key = `${e.regionCode}\u0000${e.currency}`;
    let t = byKey.get(key);
    if (!t) {
      t = { regionCode: e.regionCode, currency: e.currency, committed: 0n, allocated: 0n, released: 0n, paid: 0n };
      byKey.set(key, t);
    }
    t[FIELD[e.kind]] += BigInt(e.amount);
  }
  return [...byKey.values()].sort((a, b) => cmp(a.regionCode, b.regionCode) || cmp(a.currency, b.currency));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The ledger invariants: every amount a whole number ≥ 0, one currency per region, and per
 * region released ≤ allocated and paid ≤ released. Returns every breach (empty when it holds).
 */
export function checkLedgerInvariants(entries: readonly LedgerEntry[]): Violation[] {
  const violations: Violation[] = [];
  const currencies = new Map<string, Set<string>>();
  entries.forEach((e, i) => {
    if (!Number.isSafeInteger(e.amount) || e.amount < 0)
      violations.push({
        field: `entries[${i}].amount`,
        code: 'INVALID_AMOUNT',
        message: 'A whole number of minor units ≥ 0.',
      });
    currencies.set(e.regionCode, (currencies.get(e.regionCode) ?? new Set()).add(e.currency));
  });
  if (violations.length) return violations;
  for (const [region, set] of [...currencies.entries()].sort((a, b) => cmp(a[0], b[0]))) {
    if (set.size > 1)
      violations.push({
        field: `regions.${region}`,
        code: 'MIXED_CURRENCIES',
        message: `Region ${region} has entries in ${[...set].sort().join(', ')}.`,
        params: { regionCode: region, currencies: [...set].sort() },
      });
  }
  for (const t of ledgerTotals(entries)) {
    if (t.released > t.allocated) {
      violations.push({
        field: `regions.${t.regionCode}.released`,
        code: 'RELEASED_EXCEEDS_ALLOCATED',
        message: `${t.regionCode}: released ${t.released} > allocated ${t.allocated} ${t.currency}.`,
        params: {
          regionCode: t.regionCode,
          amount: Number(t.released),
          limit: Number(t.allocated),
          currency: t.currency,
        },
      });
    }
    if (t.paid > t.released) {
      violations.push({
        field: `regions.${t.regionCode}.paid`,
        code: 'PAID_EXCEEDS_RELEASED',
        message: `${t.regionCode}: paid ${t.paid} > released ${t.released} ${t.currency}.`,
        params: { regionCode: t.regionCode, amount: Number(t.paid), limit: Number(t.released), currency: t.currency },
      });
    }
  }
  return violations;
}
