import type { EvaluationCriterion } from '../calls/call-configuration';
import { DomainError } from '../domain-error';
import type { CompleteCriterionScore } from './review-scores';
import { isValidScore } from './review-scores';

/** SPEC V6: a spread of more than 2 points (4 half-points) on any criterion flags the proposal. */
export const DISCUSSION_SPREAD_HALF_POINTS = 4;

export interface SubmittedReview {
  scores: CompleteCriterionScore[];
}

export interface CriterionSpread {
  criterion: string;
  /** Reviews that scored this criterion. */
  count: number;
  /** null when no review scored the criterion. */
  min: number | null;
  max: number | null;
  /** max − min (exact: both are multiples of 0.5). */
  spread: number | null;
  /** The arithmetic mean, for display (a float: e.g. 3.1666… for 3, 3, 3.5). */
  mean: number | null;
  /**
   * A suggestion for the consensus: the mean rounded to the nearest 0.5, halves rounded up
   * (3.25 → 3.5), computed on integers. Only a suggestion: the rapporteur records the consensus.
   */
  suggestedConsensus: number | null;
  /** spread > 2 points. */
  aboveDiscussionSpread: boolean;
}

export interface ReviewSpread {
  reviewCount: number;
  criteria: CriterionSpread[];
  /** Some criterion's spread exceeds 2 points (exactly 2 does not flag). */
  flaggedForDiscussion: boolean;
  /** The flagged criteria, in the criteria's order. */
  flaggedCriteria: string[];
}

/**
 * The spread of a proposal's submitted reviews per criterion of the stage (SPEC V6), in the criteria's
 * order. No evaluator identity goes in or out. Lines for criteria outside the stage are ignored; a
 * score that is not 0–5 in steps of 0.5 is refused with INVALID_SCORE (submitted reviews are validated
 * at submission, so that is a bug, not a user error).
 */
export function reviewSpread(criteria: EvaluationCriterion[], reviews: SubmittedReview[]): ReviewSpread {
  const perCriterion = new Map<string, number[]>(criteria.map((c) => [c.name, []]));
  reviews.forEach((review, r) => {
    for (const line of review.scores) {
      const bucket = perCriterion.get(line.criterion);
      if (!bucket) continue;
      if (!isValidScore(line.score)) {
        throw new DomainError(
          'INVALID_SCORE',
          `Review ${r} scores '${line.criterion}' ${String(line.score)}, not 0–5 in steps of 0.5.`,
          'rule',
          [],
          {
            review: r,
            criterion: line.criterion,
            actual: String(line.score),
          },
        );
      }
      bucket.push(line.score * 2);
    }
  });
  const result = criteria.map((c): CriterionSpread => {
    const halves = perCriterion.get(c.name) ?? [];
    if (halves.length === 0) {
      return {
        criterion: c.name,
        count: 0,
        min: null,
        max: null,
        spread: null,
        mean: null,
        suggestedConsensus: null,
        aboveDiscussionSpread: false,
      };
    }
    const min = Math.min(...halves);
    const max = Math.max(...halves);
    const sum = halves.reduce((a, b) => a + b, 0);
    const n = halves.length;
    // Nearest integer half-point to sum / n, ties up: floor((2·sum + n) / (2n)).
    const suggested = Math.floor((2 * sum + n) / (2 * n));
    return {
      criterion: c.name,
      count: n,
      min: min / 2,
      max: max / 2,
      spread: (max - min) / 2,
      mean: sum / (2 * n),
      suggestedConsensus: suggested / 2,
      aboveDiscussionSpread: max - min > DISCUSSION_SPREAD_HALF_POINTS,
    };
  });
  const flaggedCriteria = result.filter((c) => c.aboveDiscussionSpread).map((c) => c.criterion);
  return {
    reviewCount: reviews.length,
    criteria: result,
    flaggedForDiscussion: flaggedCriteria.length > 0,
    flaggedCriteria,
  };
}
