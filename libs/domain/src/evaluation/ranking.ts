import { parseIsoInstant } from '../calls/iso-instant';
import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import { outcomeOfHalfPoints } from './consensus';
import type { ThresholdReason } from './consensus';
import type { EvaluationStage } from './evaluation-stage';
import { compareDecimal, formatDecimal } from './exact-decimal';
import type { ExactDecimal } from './exact-decimal';
import { toHalfPoints, validateCriterionScores, weightedTotalOfHalfPoints } from './review-scores';
import type { CompleteCriterionScore } from './review-scores';

/** Integer minor units. A `number` must be a safe integer; `bigint` for anything larger. */
export type MinorUnits = number | bigint;

export interface RankingCandidate {
  proposalId: string;
  /** The recorded consensus, one line per criterion of the stage. */
  consensus: CompleteCriterionScore[];
  /**
   * Requested grants of the funded SME partners and of all funded partners, minor units as requested
   * (no currency conversion, like `smeShareBps`). SME share = sme / total; 0 when total is 0.
   */
  smeRequestedGrant: MinorUnits;
  totalRequestedGrant: MinorUnits;
  /** The final version's `submittedAt`: ISO-8601 with offset, or epoch milliseconds. */
  finalSubmittedAt: string | number;
}

/** Which V8 key separated two neighbours. */
export type TieBreak =
  'WEIGHTED_TOTAL' | 'FIRST_CRITERION' | 'SECOND_CRITERION' | 'SME_SHARE' | 'SUBMISSION_TIME' | 'PROPOSAL_ID';

export interface RankedProposal {
  rank: number;
  proposalId: string;
  weightedTotal: string;
  unweightedSum: number;
  /** Consensus scores in the criteria's order. */
  scores: number[];
  /** SME share in basis points, rounded down — for display only; the ranking compares exact fractions. */
  smeShareBps: number;
  finalSubmittedAtMs: number;
}

/** Why `aheadId` is directly in front of `behindId`: the first V8 key on which they differ. */
export interface RankingSeparation {
  aheadId: string;
  behindId: string;
  decidedBy: TieBreak;
  /** The criterion's name for FIRST_CRITERION / SECOND_CRITERION. */
  criterion?: string;
}

export interface UnrankedProposal {
  proposalId: string;
  weightedTotal: string;
  unweightedSum: number;
  scores: number[];
  reasons: ThresholdReason[];
}

export interface Ranking {
  /** Ranks 1..n, a strict order. */
  ranked: RankedProposal[];
  /** One per adjacent pair of `ranked` (n − 1 entries). */
  separations: RankingSeparation[];
  /** BELOW_THRESHOLD proposals, without rank, in the same V8 order (for a stable list). */
  belowThreshold: UnrankedProposal[];
}

interface Key {
  id: string;
  halfPoints: number[];
  total: ExactDecimal;
  sme: bigint;
  requested: bigint;
  at: number;
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value >= 0n ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return undefined;
}

function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string') return parseIsoInstant(value);
  return undefined;
}

/** a/b vs c/d for b, d > 0 (0/0 is read as 0/1). */
function compareFractions(a: bigint, b: bigint, c: bigint, d: bigint): -1 | 0 | 1 {
  const [bb, dd] = [b === 0n ? 1n : b, d === 0n ? 1n : d];
  const x = a * dd;
  const y = c * bb;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Compares by SPEC V8 (negative: `a` ahead): weighted consensus total desc, first criterion desc,
 * second criterion desc, SME share desc, earliest final submission, proposal id (code-unit order).
 */
function compareKeys(a: Key, b: Key): { order: number; by: TieBreak } {
  const total = compareDecimal(b.total, a.total);
  if (total !== 0) return { order: total, by: 'WEIGHTED_TOTAL' };
  for (const [i, by] of [
    [0, 'FIRST_CRITERION'],
    [1, 'SECOND_CRITERION'],
  ] as const) {
    if (i < a.halfPoints.length && a.halfPoints[i] !== b.halfPoints[i])
      return { order: b.halfPoints[i] - a.halfPoints[i], by };
  }
  const share = compareFractions(b.sme, b.requested, a.sme, a.requested);
  if (share !== 0) return { order: share, by: 'SME_SHARE' };
  if (a.at !== b.at) return { order: a.at - b.at, by: 'SUBMISSION_TIME' };
  return { order: a.id < b.id ? -1 : a.id > b.id ? 1 : 0, by: 'PROPOSAL_ID' };
}

/**
 * SPEC V8: the ranking of one stage's proposals from their consensus. The outcome (V7) is derived
 * here from the consensus, so a ranking can never disagree with its thresholds: proposals at or above
 * every threshold get ranks 1..n in a strict order, with the key that separated each adjacent pair;
 * BELOW_THRESHOLD ones follow without rank. The input order does not matter. Throws (kind `rule`,
 * every problem listed) INVALID_RANKING_INPUT on a duplicate or empty proposal id, an invalid
 * consensus, an amount that is not a non-negative integer (or an SME part above the total), or a
 * submission time that is neither an ISO instant with offset nor an integer epoch-ms.
 */
export function rankProposals(stage: EvaluationStage, candidates: RankingCandidate[]): Ranking {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const keys: Key[] = [];
  candidates.forEach((c, index) => {
    const at = `proposals[${index}]`;
    const before = violations.length;
    if (typeof c.proposalId !== 'string' || c.proposalId.length === 0) {
      violations.push({
        field: `${at}.proposalId`,
        code: 'PROPOSAL_ID_REQUIRED',
        message: 'Every proposal needs an id.',
      });
    } else if (seen.has(c.proposalId)) {
      violations.push({
        field: `${at}.proposalId`,
        code: 'DUPLICATE_PROPOSAL',
        message: `The proposal ${c.proposalId} is listed twice.`,
        params: { proposalId: c.proposalId },
      });
    }
    seen.add(c.proposalId);
    violations.push(
      ...validateCriterionScores(
        stage.criteria,
        (c.consensus ?? []).map((s) => ({ ...s, comment: 'x' })),
        { complete: true, rule: 'V7', path: `${at}.consensus` },
      ),
    );
    const sme = toBigInt(c.smeRequestedGrant);
    const requested = toBigInt(c.totalRequestedGrant);
    if (sme === undefined)
      violations.push({
        field: `${at}.smeRequestedGrant`,
        code: 'INVALID_AMOUNT',
        message: 'Money is a non-negative whole number of minor units.',
      });
    if (requested === undefined)
      violations.push({
        field: `${at}.totalRequestedGrant`,
        code: 'INVALID_AMOUNT',
        message: 'Money is a non-negative whole number of minor units.',
      });
    else if (sme !== undefined && sme > requested) {
      violations.push({
        field: `${at}.smeRequestedGrant`,
        code: 'SME_GRANT_ABOVE_TOTAL',
        message: 'The SME partners cannot request more than all funded partners together.',
      });
    }
    const submitted = toEpochMs(c.finalSubmittedAt);
    if (submitted === undefined) {
      violations.push({
        field: `${at}.finalSubmittedAt`,
        code: 'INVALID_INSTANT',
        message: 'The submission time is an ISO-8601 instant with offset or integer epoch milliseconds.',
      });
    }
    if (violations.length > before) return;
    const byName = new Map(c.consensus.map((s) => [s.criterion, toHalfPoints(s.score)]));
    const halfPoints = stage.criteria.map((cr) => byName.get(cr.name) as number);
    keys.push({
      id: c.proposalId,
      halfPoints,
      total: weightedTotalOfHalfPoints(stage.criteria, halfPoints),
      sme: sme as bigint,
      requested: requested as bigint,
      at: submitted as number,
    });
  });
  if (violations.length > 0) {
    throw new DomainError(
      'INVALID_RANKING_INPUT',
      `The ranking input has ${violations.length} problem(s).`,
      'rule',
      violations,
      { count: violations.length },
    );
  }

  const sorted = [...keys].sort((a, b) => compareKeys(a, b).order);
  const ranked: RankedProposal[] = [];
  const belowThreshold: UnrankedProposal[] = [];
  const rankedKeys: Key[] = [];
  for (const k of sorted) {
    const outcome = outcomeOfHalfPoints(stage, k.halfPoints);
    const scores = k.halfPoints.map((h) => h / 2);
    if (outcome.outcome === 'BELOW_THRESHOLD') {
      belowThreshold.push({
        proposalId: k.id,
        weightedTotal: outcome.weightedTotal,
        unweightedSum: outcome.unweightedSum,
        scores,
        reasons: outcome.reasons,
      });
      continue;
    }
    rankedKeys.push(k);
    ranked.push({
      rank: ranked.length + 1,
      proposalId: k.id,
      weightedTotal: formatDecimal(k.total),
      unweightedSum: outcome.unweightedSum,
      scores,
      smeShareBps: k.requested === 0n ? 0 : Number((k.sme * 10_000n) / k.requested),
      finalSubmittedAtMs: k.at,
    });
  }
  const separations = rankedKeys.slice(1).map((behind, i): RankingSeparation => {
    const ahead = rankedKeys[i];
    const { by } = compareKeys(ahead, behind);
    const separation: RankingSeparation = { aheadId: ahead.id, behindId: behind.id, decidedBy: by };
    if (by === 'FIRST_CRITERION') separation.criterion = stage.criteria[0].name;
    if (by === 'SECOND_CRITERION') separation.criterion = stage.criteria[1].name;
    return separation;
  });
  return { ranked, separations, belowThreshold };
}
