import type { EvaluationCriterion } from '../calls/call-configuration';
import { MAX_SCORE } from '../calls/call-configuration.rules';
import { DomainError } from '../domain-error';
import type { ProblemParams, Violation } from '../domain-error';
import { decimalOf, formatDecimal, normaliseDecimal, rescaleDecimal } from './exact-decimal';
import type { ExactDecimal } from './exact-decimal';

/**
 * One evaluator's scores (SPEC §5 V6): per criterion of the stage a score 0–5 in steps of 0.5 and a
 * comment. Scores are multiples of 0.5, so arithmetic runs on half-points (integers 0–10) and stays
 * exact; weights are decimals (call-configuration.rules: above 0, at most 100, any decimals) and are
 * taken as the decimal they were written as, so weighted totals are exact decimals too.
 */
export const MAX_HALF_POINTS = MAX_SCORE * 2;
export const MAX_REVIEW_COMMENT_LENGTH = 5_000;

export type ReviewMode = 'DRAFT' | 'SUBMIT';

/** One line of a review or consensus. `score` and `comment` may be absent in a draft. */
export interface CriterionScore {
  criterion: string;
  score?: number | null;
  comment?: string | null;
}

/** A complete line: what a submitted review or a recorded consensus holds. */
export interface CompleteCriterionScore {
  criterion: string;
  score: number;
}

/** Exactly 0, 0.5, 1, …, 5 (a multiple of 0.5 doubles exactly, so `score × 2` is an integer iff it is one). */
export function isValidScore(score: unknown): score is number {
  return (
    typeof score === 'number' &&
    Number.isFinite(score) &&
    score >= 0 &&
    score <= MAX_SCORE &&
    Number.isInteger(score * 2)
  );
}

/** A valid score as an integer number of half-points (`3.5` → 7). Throws INVALID_SCORE otherwise. */
export function toHalfPoints(score: number): number {
  if (!isValidScore(score))
    throw new DomainError(
      'INVALID_SCORE',
      `${String(score)} is not a score 0–${MAX_SCORE} in steps of 0.5.`,
      'rule',
      [],
      {
        actual: Number.isFinite(score) ? score : String(score),
        min: 0,
        max: MAX_SCORE,
        step: 0.5,
      },
    );
  return score * 2 + 0; // `+ 0` turns -0 into 0
}

export interface ScoreValidationOptions {
  /** Every criterion needs a score and a non-blank comment (SUBMIT, consensus); else partial is fine. */
  complete: boolean;
  /** The SPEC rule reported on each violation (`V6` for reviews, `V7` for consensus). */
  rule: string;
  /** The path prefix of the lines (default `scores`). */
  path?: string;
}

const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim().length === 0;

/**
 * Validates score lines against the stage's criteria and returns every problem at once (never throws
 * for bad input), each with a field path (`scores[1].score`) and a stable code:
 * SCORES_REQUIRED (not a list), UNKNOWN_CRITERION, DUPLICATE_CRITERION, SCORE_NOT_A_NUMBER,
 * SCORE_OUT_OF_RANGE, SCORE_NOT_HALF_STEP, COMMENT_TOO_LONG, INVALID_COMMENT (not text), and when `complete`:
 * MISSING_CRITERION (on the list's path, once per missing criterion, in criteria order), SCORE_REQUIRED,
 * COMMENT_REQUIRED. A score that is out of range is not also reported as off-step. Comment length counts code points.
 */
export function validateCriterionScores(
  criteria: EvaluationCriterion[],
  scores: unknown,
  options: ScoreValidationOptions,
): Violation[] {
  const path = options.path ?? 'scores';
  const violations: Violation[] = [];
  const add = (field: string, code: string, message: string, params?: ProblemParams): void => {
    violations.push(
      params ? { field, rule: options.rule, code, message, params } : { field, rule: options.rule, code, message },
    );
  };
  if (!Array.isArray(scores)) {
    add(path, 'SCORES_REQUIRED', 'Scores are a list of { criterion, score, comment }.');
    return violations;
  }
  const known = new Set(criteria.map((c) => c.name));
  const seen = new Set<string>();
  scores.forEach((raw: unknown, i) => {
    const at = `${path}[${i}]`;
    const line = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<CriterionScore>;
    const name = line.criterion;
    if (typeof name !== 'string' || !known.has(name)) {
      add(
        `${at}.criterion`,
        'UNKNOWN_CRITERION',
        `'${String(name)}' is not a criterion of this stage (${[...known].join(', ')}).`,
        {
          criterion: String(name),
          allowed: [...known],
        },
      );
    } else if (seen.has(name)) {
      add(`${at}.criterion`, 'DUPLICATE_CRITERION', `The criterion '${name}' is scored twice.`, { criterion: name });
    } else {
      seen.add(name);
    }

    const score = line.score;
    if (score === undefined || score === null) {
      if (options.complete)
        add(`${at}.score`, 'SCORE_REQUIRED', `'${String(name)}' needs a score.`, { criterion: String(name) });
    } else if (typeof score !== 'number' || !Number.isFinite(score)) {
      add(`${at}.score`, 'SCORE_NOT_A_NUMBER', `The score must be a number from 0 to ${MAX_SCORE}.`, {
        min: 0,
        max: MAX_SCORE,
      });
    } else if (score < 0 || score > MAX_SCORE) {
      add(`${at}.score`, 'SCORE_OUT_OF_RANGE', `The score ${score} is outside 0–${MAX_SCORE}.`, {
        actual: score,
        min: 0,
        max: MAX_SCORE,
      });
    } else if (!Number.isInteger(score * 2)) {
      add(`${at}.score`, 'SCORE_NOT_HALF_STEP', `The score ${score} is not a step of 0.5.`, {
        actual: score,
        step: 0.5,
      });
    }

    const comment = line.comment;
    if (typeof comment === 'string' && [...comment].length > MAX_REVIEW_COMMENT_LENGTH) {
      add(
        `${at}.comment`,
        'COMMENT_TOO_LONG',
        `A comment has at most ${MAX_REVIEW_COMMENT_LENGTH} characters (this one has ${[...comment].length}).`,
        {
          max: MAX_REVIEW_COMMENT_LENGTH,
          actual: [...comment].length,
        },
      );
    } else if (options.complete && isBlank(comment)) {
      add(`${at}.comment`, 'COMMENT_REQUIRED', `'${String(name)}' needs a comment.`, { criterion: String(name) });
    } else if (comment !== undefined && comment !== null && typeof comment !== 'string') {
      add(`${at}.comment`, 'INVALID_COMMENT', 'A comment is text.');
    }
  });
  if (options.complete) {
    for (const c of criteria) {
      if (!seen.has(c.name))
        add(path, 'MISSING_CRITERION', `The criterion '${c.name}' has no score.`, { criterion: c.name });
    }
  }
  return violations;
}

/**
 * SPEC V6: a review's scores. A DRAFT may leave criteria, scores and comments out (what is there must
 * be valid); SUBMIT needs a score and a non-blank comment for every criterion of the stage.
 */
export function validateReviewScores(criteria: EvaluationCriterion[], scores: unknown, mode: ReviewMode): Violation[] {
  return validateCriterionScores(criteria, scores, { complete: mode === 'SUBMIT', rule: 'V6' });
}

/**
 * The half-points of each criterion, in the criteria's order, from complete and valid lines. Throws
 * INVALID_SCORES (with every violation) otherwise — callers validate first.
 */
export function halfPointsByCriterion(criteria: EvaluationCriterion[], scores: CompleteCriterionScore[]): number[] {
  const violations = validateCriterionScores(
    criteria,
    scores.map((s) => ({ criterion: s.criterion, score: s.score, comment: 'x' })),
    { complete: true, rule: 'V6' },
  );
  if (violations.length > 0) {
    throw new DomainError('INVALID_SCORES', 'The scores are incomplete or invalid.', 'rule', violations);
  }
  const byName = new Map(scores.map((s) => [s.criterion, toHalfPoints(s.score)]));
  return criteria.map((c) => byName.get(c.name) as number);
}

/**
 * Σ weight × score, exact: weight w (decimal, d digits) × half-points h is w·h/2 = (w·10^d)·h·5 / 10^(d+1).
 * `halfPoints` are in the criteria's order.
 */
export function weightedTotalOfHalfPoints(criteria: EvaluationCriterion[], halfPoints: number[]): ExactDecimal {
  const weights = criteria.map((c) => decimalOf(c.weight));
  const scale = Math.max(0, ...weights.map((w) => w.scale)) + 1;
  let units = 0n;
  weights.forEach((w, i) => {
    units += rescaleDecimal(w, scale - 1) * BigInt(halfPoints[i]) * 5n;
  });
  return normaliseDecimal({ units, scale });
}

/** The weighted total of complete, valid scores as an exact decimal (throws INVALID_SCORES otherwise). */
export function weightedTotal(criteria: EvaluationCriterion[], scores: CompleteCriterionScore[]): ExactDecimal {
  return weightedTotalOfHalfPoints(criteria, halfPointsByCriterion(criteria, scores));
}

/** The weighted total as exact decimal text (`"11.5"`), for JSON and display. */
export function weightedTotalText(criteria: EvaluationCriterion[], scores: CompleteCriterionScore[]): string {
  return formatDecimal(weightedTotal(criteria, scores));
}
