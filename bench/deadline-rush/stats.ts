import type { PhaseSummary } from './protocol';

/** Nearest-rank percentile of sorted values (`p` in 0–100). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarise(
  name: string,
  latenciesMs: Float64Array,
  ok: number,
  durationMs: number,
  errors: Record<string, number>,
): PhaseSummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  return {
    name,
    count: latenciesMs.length,
    ok,
    durationMs,
    throughput: latenciesMs.length / (durationMs / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    errors,
  };
}

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`);

export function formatPhase(s: PhaseSummary): string[] {
  const errors = Object.entries(s.errors);
  return [
    `${s.name}:`,
    `  requests    ${s.count} (${s.ok} × 201)`,
    `  duration    ${(s.durationMs / 1000).toFixed(2)} s`,
    `  throughput  ${s.throughput.toFixed(1)} req/s`,
    `  latency     p50 ${ms(s.p50Ms)}   p99 ${ms(s.p99Ms)}   max ${ms(s.maxMs)}`,
    `  errors      ${errors.length ? errors.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'}`,
  ];
}
