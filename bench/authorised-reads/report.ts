import type { ReadPhaseSummary } from './protocol';

export const ms = (value: number): string =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;

export function formatReadPhase(s: ReadPhaseSummary): string[] {
  const errors = Object.entries(s.errors);
  return [
    `${s.name}:`,
    `  requests    ${s.count} (${s.ok} × 200)`,
    `  duration    ${(s.durationMs / 1000).toFixed(2)} s`,
    `  throughput  ${s.throughput.toFixed(1)} req/s`,
    `  latency     p50 ${ms(s.p50Ms)}   p95 ${ms(s.p95Ms)}   p99 ${ms(s.p99Ms)}   max ${ms(s.maxMs)}`,
    `  database    ${s.dbTransactions} transactions ≈ ` +
      `${(s.dbTransactions / Math.max(1, s.count)).toFixed(1)} per request ` +
      '(pg_stat_database.xact_commit; each autocommit query is one)',
    `  CPU         API ${(s.cpuMs.api / 1000).toFixed(1)} s ≈ ` +
      `${(s.cpuMs.api / Math.max(1, s.count)).toFixed(2)} ms per request; ` +
      `load generator ${(s.cpuMs.load / 1000).toFixed(1)} s (counted ` +
      'requests only; phase (e) also serves the abuser)',
    `  errors      ${errors.length ? errors.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none'}`,
  ];
}
