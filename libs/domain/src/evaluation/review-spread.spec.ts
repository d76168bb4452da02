import fc from 'fast-check';
import { DEFAULT_CRITERIA } from '../calls/call-defaults';
import { reviewSpread } from './review-spread';

const names = DEFAULT_CRITERIA.map((c) => c.name);
const review = (scores: number[]) => ({ scores: names.map((criterion, i) => ({ criterion, score: scores[i] })) });

describe('review spread (V6)', () => {
  it('gives min, max, spread, mean and a suggestion per criterion; exactly 2 points does not flag', () => {
    const s = reviewSpread(DEFAULT_CRITERIA, [review([3, 2, 4]), review([5, 4, 4]), review([3.5, 3, 4.5])]);
    expect(s.reviewCount).toBe(3);
    expect(s.criteria[0]).toEqual({
      criterion: names[0],
      count: 3,
      min: 3,
      max: 5,
      spread: 2,
      mean: 11.5 / 3,
      suggestedConsensus: 4,
      aboveDiscussionSpread: false,
    });
    expect(s.criteria[1]).toMatchObject({ min: 2, max: 4, spread: 2, mean: 3, suggestedConsensus: 3 });
    // mean 4.1666…: nearest half-step is 4
    expect(s.criteria[2]).toMatchObject({ spread: 0.5, suggestedConsensus: 4 });
    expect(s.flaggedForDiscussion).toBe(false);
  });

  it('flags a spread above 2 points and names the criteria', () => {
    const s = reviewSpread(DEFAULT_CRITERIA, [review([1.5, 3, 3]), review([4, 3, 0]), review([4, 3, 5])]);
    expect(s.criteria.map((c) => c.spread)).toEqual([2.5, 0, 5]);
    expect(s.flaggedForDiscussion).toBe(true);
    expect(s.flaggedCriteria).toEqual([names[0], names[2]]);
  });

  it('rounds the suggestion half up on half-points', () => {
    // mean 3.25 → 3.5; mean 3.75 → 4
    const s = reviewSpread(DEFAULT_CRITERIA, [review([3, 3.5, 0]), review([3.5, 4, 0])]);
    expect(s.criteria.map((c) => c.suggestedConsensus)).toEqual([3.5, 4, 0]);
  });

  it('handles no reviews and ignores criteria outside the stage', () => {
    const s = reviewSpread(DEFAULT_CRITERIA, []);
    expect(s.criteria[0]).toMatchObject({
      count: 0,
      min: null,
      spread: null,
      suggestedConsensus: null,
      aboveDiscussionSpread: false,
    });
    expect(
      reviewSpread(DEFAULT_CRITERIA.slice(0, 1), [review([1, 5, 5]), review([1, 0, 0])]).flaggedForDiscussion,
    ).toBe(false);
    expect(() => reviewSpread(DEFAULT_CRITERIA, [review([3.3, 1, 1])])).toThrow(
      expect.objectContaining({ code: 'INVALID_SCORE' }),
    );
  });

  it('flags iff some criterion has max − min > 2, and the suggestion lies within [min, max]', () => {
    const half = fc.integer({ min: 0, max: 10 }).map((k) => k / 2);
    fc.assert(
      fc.property(fc.array(fc.tuple(half, half, half), { minLength: 1, maxLength: 7 }), (rows) => {
        const s = reviewSpread(
          DEFAULT_CRITERIA,
          rows.map((r) => review(r)),
        );
        const expected = [0, 1, 2].some(
          (i) => Math.max(...rows.map((r) => r[i])) - Math.min(...rows.map((r) => r[i])) > 2,
        );
        expect(s.flaggedForDiscussion).toBe(expected);
        for (const c of s.criteria) {
          expect(c.suggestedConsensus! >= c.min! && c.suggestedConsensus! <= c.max!).toBe(true);
          expect(Math.abs(c.suggestedConsensus! - c.mean!)).toBeLessThanOrEqual(0.25);
        }
      }),
    );
  });
});
