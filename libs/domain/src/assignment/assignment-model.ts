/** Inputs and outputs of reviewer assignment (SPEC §5 V1–V4). */

export interface AssignmentProposal {
  id: string;
  topic: string;
  keywords: readonly string[];
  /** Organisations of the consortium (V2: none of their members may evaluate the proposal). */
  organisationIds: readonly string[];
  /** Regions of the partners (V2, when the call excludes partner regions). */
  regionCodes: readonly string[];
}

export interface AssignmentEvaluator {
  id: string;
  expertise: readonly string[];
  organisationId: string | null;
  regionCode: string;
  country: string;
  /** V3: at most this many proposals. */
  maxLoad: number;
  /** Proposal ids the evaluator declared a conflict with. */
  declaredConflicts: readonly string[];
}

export interface AssignmentOptions {
  /** V1: evaluators wanted per proposal (SPEC default 3). */
  reviewersPerProposal: number;
  /** K: candidates kept per proposal, best by affinity, ties by evaluator id (default 50). */
  candidatesPerProposal?: number;
  /** V2: refuse evaluators from a region of any partner. */
  excludePartnerRegions: boolean;
}

export const DEFAULT_CANDIDATES_PER_PROPOSAL = 50;

/**
 * Progress of a long solve, for a runner that reports it (a job's progress bar): `candidates` counts
 * proposals whose candidates are built; `solving` counts solver steps against a rough upper estimate
 * (`done` may stop before `total`); `done` when the result is ready.
 */
export interface AssignmentProgress {
  phase: 'candidates' | 'solving' | 'done';
  done: number;
  total: number;
}

export type AssignmentProgressListener = (progress: AssignmentProgress) => void;

/** Why a proposal has fewer than `reviewersPerProposal` candidates. */
export type CandidateShortfall = 'NO_EVALUATORS' | 'ALL_CONFLICTED' | 'TOO_FEW_CANDIDATES';

/** Why a proposal got fewer than `reviewersPerProposal` evaluators. */
export type UncoveredReason = CandidateShortfall | 'LOADS_EXHAUSTED';

export interface AssignedPair {
  proposalId: string;
  evaluatorId: string;
  affinity: number;
  /** e.g. "affinity 66: shares 'robotics', 'ai'". */
  reason: string;
}

export interface UncoveredProposal {
  proposalId: string;
  missing: number;
  reason: UncoveredReason;
}

export interface AssignmentResult {
  /** Sorted by proposal id, then evaluator id. */
  pairs: AssignedPair[];
  totalAffinity: number;
  /** Σ over proposals and countries of c·(c−1)/2, c = that proposal's evaluators from that country. */
  sameCountryPairs: number;
  assignedCount: number;
  /** Sorted by proposal id. */
  uncovered: UncoveredProposal[];
}

/** Code-unit order, independent of locale (never `localeCompare` for determinism). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Same-country pairs of a list of countries: Σ c·(c−1)/2. */
export function countSameCountryPairs(countries: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const country of countries) counts.set(country, (counts.get(country) ?? 0) + 1);
  let pairs = 0;
  for (const c of counts.values()) pairs += (c * (c - 1)) / 2;
  return pairs;
}
