import fc from 'fast-check';
import { DEFAULT_CRITERIA } from '../calls/call-defaults';
import type { EvaluationCriterion } from '../calls/call-configuration';
import {
  isValidScore,
  MAX_REVIEW_COMMENT_LENGTH,
  toHalfPoints,
  validateReviewScores,
  weightedTotalText,
} from './review-scores';

const [EXC, IMP, IMPL] = DEFAULT_CRITERIA.map((c) => c.name);
const full = (scores: number[]) =>
  DEFAULT_CRITERIA.map((c, i) => ({ criterion: c.name, score: scores[i], comment: `On ${c.name}.` }));
const codes = (v: Array<{ field?: string; code: string }>) => v.map((x) => `${x.field}:${x.code}`);

describe('review scores (V6)', () => {
  it('accepts exactly 0, 0.5, …, 5', () => {
    const valid = Array.from({ length: 11 }, (_, k) => k / 2);
    for (const s of valid) expect(isValidScore(s)).toBe(true);
    for (const s of [-0.5, 5.5, 0.25, 4.9, 3.0000001, Number.NaN, Number.POSITIVE_INFINITY, '3', null])
      expect(isValidScore(s)).toBe(false);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double(),
          fc.integer({ min: -30, max: 30 }).map((k) => k / 2),
          fc.integer({ min: -50, max: 60 }).map((k) => k / 10),
        ),
        (x) => {
          expect(isValidScore(x)).toBe(valid.includes(x));
          expect(validateReviewScores(DEFAULT_CRITERIA, full([x, 3, 3]), 'SUBMIT').length === 0).toBe(
            valid.includes(x),
          );
        },
      ),
    );
  });

  it('turns scores into half-points and refuses the rest', () => {
    expect(toHalfPoints(3.5)).toBe(7);
    expect(Object.is(toHalfPoints(-0), 0)).toBe(true);
    expect(() => toHalfPoints(3.2)).toThrow(expect.objectContaining({ code: 'INVALID_SCORE' }));
  });

  it('accepts a complete review on SUBMIT', () => {
    expect(validateReviewScores(DEFAULT_CRITERIA, full([4, 3.5, 0]), 'SUBMIT')).toEqual([]);
  });

  it('lists every problem with field paths and stable codes', () => {
    const v = validateReviewScores(
      DEFAULT_CRITERIA,
      [
        { criterion: EXC, score: 5.5, comment: 'ok' },
        { criterion: EXC, score: 3.25, comment: '  ' },
        { criterion: 'Beauty', score: 3, comment: 'nice' },
        { criterion: IMP, score: null, comment: 'x'.repeat(MAX_REVIEW_COMMENT_LENGTH + 1) },
        { criterion: 'Novelty', score: 'high' as unknown as number },
      ],
      'SUBMIT',
    );
    expect(codes(v)).toEqual([
      'scores[0].score:SCORE_OUT_OF_RANGE',
      'scores[1].criterion:DUPLICATE_CRITERION',
      'scores[1].score:SCORE_NOT_HALF_STEP',
      'scores[1].comment:COMMENT_REQUIRED',
      'scores[2].criterion:UNKNOWN_CRITERION',
      'scores[3].score:SCORE_REQUIRED',
      'scores[3].comment:COMMENT_TOO_LONG',
      'scores[4].criterion:UNKNOWN_CRITERION',
      'scores[4].score:SCORE_NOT_A_NUMBER',
      'scores[4].comment:COMMENT_REQUIRED',
      'scores:MISSING_CRITERION',
    ]);
    expect(v.every((x) => x.rule === 'V6')).toBe(true);
    expect(v[v.length - 1].message).toContain(IMPL);
  });

  it('allows a partial DRAFT but still checks what is there', () => {
    expect(validateReviewScores(DEFAULT_CRITERIA, [], 'DRAFT')).toEqual([]);
    expect(
      validateReviewScores(
        DEFAULT_CRITERIA,
        [
          { criterion: EXC, score: 4 },
          { criterion: IMP, comment: 'thinking' },
        ],
        'DRAFT',
      ),
    ).toEqual([]);
    expect(
      codes(
        validateReviewScores(
          DEFAULT_CRITERIA,
          [{ criterion: EXC, score: 4.2 }, { criterion: EXC }, { criterion: IMP, comment: 7 as unknown as string }],
          'DRAFT',
        ),
      ),
    ).toEqual([
      'scores[0].score:SCORE_NOT_HALF_STEP',
      'scores[1].criterion:DUPLICATE_CRITERION',
      'scores[2].comment:INVALID_COMMENT',
    ]);
  });

  it('never throws for junk input', () => {
    expect(codes(validateReviewScores(DEFAULT_CRITERIA, 'nope', 'SUBMIT'))).toEqual(['scores:SCORES_REQUIRED']);
    expect(codes(validateReviewScores(DEFAULT_CRITERIA, [null], 'DRAFT'))).toEqual([
      'scores[0].criterion:UNKNOWN_CRITERION',
    ]);
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('DRAFT' as const, 'SUBMIT' as const), (input, mode) => {
        expect(Array.isArray(validateReviewScores(DEFAULT_CRITERIA, input, mode))).toBe(true);
      }),
    );
  });

  it('counts a comment in code points', () => {
    const emoji = '😀'.repeat(MAX_REVIEW_COMMENT_LENGTH);
    expect(validateReviewScores(DEFAULT_CRITERIA, [{ criterion: EXC, score: 1, comment: emoji }], 'DRAFT')).toEqual([]);
  });

  it('computes the weighted total exactly', () => {
    expect(weightedTotalText(DEFAULT_CRITERIA, full([4, 3.5, 3]))).toBe('10.5');
    const criteria: EvaluationCriterion[] = [
      { name: 'A', weight: 1.5, threshold: 3 },
      { name: 'B', weight: 0.1, threshold: 3 },
      { name: 'C', weight: 2, threshold: 3 },
    ];
    // 1.5·4.5 + 0.1·3 + 2·0.5 = 6.75 + 0.3 + 1 = 8.05 (floats give 8.049999999999999)
    expect(
      weightedTotalText(criteria, [
        { criterion: 'C', score: 0.5 },
        { criterion: 'A', score: 4.5 },
        { criterion: 'B', score: 3 },
      ]),
    ).toBe('8.05');
    expect(
      weightedTotalText(
        [
          { name: 'A', weight: 0.1, threshold: 0 },
          { name: 'B', weight: 0.2, threshold: 0 },
        ],
        [
          { criterion: 'A', score: 1 },
          { criterion: 'B', score: 1 },
        ],
      ),
    ).toBe('0.3');
    expect(() => weightedTotalText(DEFAULT_CRITERIA, full([4, 3.5, 3]).slice(1))).toThrow(
      expect.objectContaining({ code: 'INVALID_SCORES' }),
    );
  });

  it('weighted total equals Σ weight × score for integer weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 10 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (rows) => {
          const criteria = rows.map(([w], i) => ({ name: `C${i}`, weight: w, threshold: 0 }));
          const scores = rows.map(([, h], i) => ({ criterion: `C${i}`, score: h / 2 }));
          expect(Number(weightedTotalText(criteria, scores))).toBe(rows.reduce((sum, [w, h]) => sum + (w * h) / 2, 0));
        },
      ),
    );
  });
});
