/** What the benchmark process hands the load generator (a JSON file) and what it gets back. */

export interface RushTarget {
  proposalId: string;
  draftRevision: number;
  /** Bearer access token of the coordinator organisation's applicant. */
  token: string;
  idempotencyKey: string;
}

export interface LoadPlan {
  baseUrl: string;
  clients: number;
  /** Bare inserts sent before the baseline and not counted (warms the shared stack: guard, pipes, pool). */
  warmup: number;
  baselineRequests: number;
  targets: RushTarget[];
}

export interface Receipt {
  proposalId: string;
  version: number;
  submittedAt: string;
  sha256: string;
}

export interface PhaseSummary {
  name: string;
  count: number;
  ok: number;
  durationMs: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** `status` or `status CODE` → count, for every answer that was not the expected 201. */
  errors: Record<string, number>;
}

export interface LoadResult {
  baseline: PhaseSummary;
  rush: PhaseSummary;
  /** Index into `plan.targets` → the receipt of its 201. */
  receipts: Array<{ target: number; receipt: Receipt }>;
}
