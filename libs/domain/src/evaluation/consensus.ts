import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';
import type { EvaluationStage } from './evaluation-stage';
import { formatDecimal } from './exact-decimal';
import { halfPointsByCriterion, validateCriterionScores, weightedTotalOfHalfPoints } from './review-scores';
import type { CompleteCriterionScore } from './review-scores';

/**
 * SPEC V7: the consensus is recorded per criterion (score 0–5 in steps of 0.5 and a comment, for every
 * criterion of the stage). A proposal is BELOW_THRESHOLD when some criterion's consensus score is
 * under its threshold or the **unweighted** sum is under the overall threshold; "under" is strict, so
 * a score equal to its threshold passes (ABOVE_THRESHOLD means "at or above"). Weights change only
 * the weighted total used for the ranking, never the outcome.
 */
export type ConsensusOutcomeKind = 'ABOVE_THRESHOLD' | 'BELOW_THRESHOLD';

export type ThresholdReason =
  | { code: 'CRITERION_BELOW_THRESHOLD'; criterion: string; score: number; threshold: number }
  | { code: 'SUM_BELOW_OVERALL_THRESHOLD'; sum: number; threshold: number };

export interface ConsensusOutcome {
  outcome: ConsensusOutcomeKind;
  /** Every reason, criteria first in the criteria's order, then the overall sum; empty when above. */
  reasons: ThresholdReason[];
  /** Σ scores (exact: a multiple of 0.5). */
  unweightedSum: number;
  /** Σ weight × score as exact decimal text (`"11.5"`), for the ranking. */
  weightedTotal: string;
}

/** Every problem of a consensus at once (codes as `validateCriterionScores`, rule V7, path `scores`). */
export function validateConsensus(stage: EvaluationStage, scores: unknown): Violation[] {
  return validateCriterionScores(stage.criteria, scores, { complete: true, rule: 'V7' });
}

/**
 * The outcome of a valid, complete consensus (comments are not needed here). Throws INVALID_CONSENSUS
 * with every violation when a criterion is missing, unknown, doubled or scored off the scale.
 */
export function consensusOutcome(stage: EvaluationStage, scores: CompleteCriterionScore[]): ConsensusOutcome {
  let halfPoints: number[];
  try {
    halfPoints = halfPointsByCriterion(stage.criteria, scores);
  } catch (e) {
    if (e instanceof DomainError) {
      throw new DomainError(
        'INVALID_CONSENSUS',
        'The consensus is incomplete or invalid.',
        'rule',
        e.violations.map((v) => ({ ...v, rule: 'V7' })),
      );
    }
    throw e;
  }
  return outcomeOfHalfPoints(stage, halfPoints);
}

/** The outcome from half-points in the criteria's order (assumed valid). */
export function outcomeOfHalfPoints(stage: EvaluationStage, halfPoints: number[]): ConsensusOutcome {
  const reasons: ThresholdReason[] = [];
  stage.criteria.forEach((c, i) => {
    const score = halfPoints[i] / 2;
    if (score < c.threshold)
      reasons.push({ code: 'CRITERION_BELOW_THRESHOLD', criterion: c.name, score, threshold: c.threshold });
  });
  const unweightedSum = halfPoints.reduce((a, b) => a + b, 0) / 2;
  if (unweightedSum < stage.overallThreshold) {
    reasons.push({ code: 'SUM_BELOW_OVERALL_THRESHOLD', sum: unweightedSum, threshold: stage.overallThreshold });
  }
  return {
    outcome: reasons.length > 0 ? 'BELOW_THRESHOLD' : 'ABOVE_THRESHOLD',
    reasons,
    unweightedSum,
    weightedTotal: formatDecimal(weightedTotalOfHalfPoints(stage.criteria, halfPoints)),
  };
}
