import fc from 'fast-check';
import { DEFAULT_CRITERIA } from '../calls/call-defaults';
import { withCallDefaults } from '../calls/call-defaults';
import type { CallConfigurationInput } from '../calls/call-defaults';
import { consensusOutcome, validateConsensus } from './consensus';
import { evaluationStage } from './evaluation-stage';
import type { EvaluationStage } from './evaluation-stage';

const base = {
  title: 'T',
  description: 'D',
  actionType: 'RD_PROJECT',
  timeline: { alignmentDeadline: '', opensAt: '', stages: [], decisionDeadline: '' },
  consortium: { minPartners: 2, minRegions: 2, minDurationMonths: 12, maxDurationMonths: 36 },
} as unknown as CallConfigurationInput;
const oneStage = withCallDefaults({ ...base, stages: 1 });
const twoStage = withCallDefaults({ ...base, stages: 2 });
const STAGE = evaluationStage(oneStage, 1);
const lines = (stage: EvaluationStage, scores: number[]) =>
  stage.criteria.map((c, i) => ({ criterion: c.name, score: scores[i], comment: 'c' }));

describe('evaluation stage', () => {
  it('picks stage-1 criteria and threshold in a two-stage call', () => {
    expect(evaluationStage(oneStage, 1)).toEqual({ stage: 1, criteria: DEFAULT_CRITERIA, overallThreshold: 10 });
    expect(evaluationStage(twoStage, 1)).toMatchObject({
      stage: 1,
      overallThreshold: 8,
      criteria: [
        { name: 'Excellence', threshold: 4 },
        { name: 'Impact', threshold: 4 },
      ],
    });
    expect(evaluationStage(twoStage, 2)).toMatchObject({ stage: 2, overallThreshold: 10 });
    expect(evaluationStage({ ...twoStage, stage1OverallThreshold: undefined }, 1).overallThreshold).toBe(8);
    expect(() => evaluationStage(oneStage, 2)).toThrow(expect.objectContaining({ code: 'INVALID_STAGE' }));
    expect(() => evaluationStage({ ...twoStage, stage1Criteria: [] }, 1)).toThrow(
      expect.objectContaining({ code: 'STAGE1_CRITERIA_REQUIRED' }),
    );
  });
});

describe('consensus (V7)', () => {
  it('validates like a submitted review, with rule V7', () => {
    expect(validateConsensus(STAGE, lines(STAGE, [3, 3, 4]))).toEqual([]);
    const v = validateConsensus(STAGE, [{ criterion: 'Excellence', score: 3.3, comment: '' }]);
    expect(v.map((x) => `${x.field}:${x.code}:${x.rule}`)).toEqual([
      'scores[0].score:SCORE_NOT_HALF_STEP:V7',
      'scores[0].comment:COMMENT_REQUIRED:V7',
      'scores:MISSING_CRITERION:V7',
      'scores:MISSING_CRITERION:V7',
    ]);
  });

  it('is ABOVE_THRESHOLD at exactly the thresholds (3, 3, 4: sum 10)', () => {
    expect(consensusOutcome(STAGE, lines(STAGE, [3, 3, 4]))).toEqual({
      outcome: 'ABOVE_THRESHOLD',
      reasons: [],
      unweightedSum: 10,
      weightedTotal: '10',
    });
  });

  it('gives every reason when below', () => {
    expect(consensusOutcome(STAGE, lines(STAGE, [3, 3, 3]))).toEqual({
      outcome: 'BELOW_THRESHOLD',
      reasons: [{ code: 'SUM_BELOW_OVERALL_THRESHOLD', sum: 9, threshold: 10 }],
      unweightedSum: 9,
      weightedTotal: '9',
    });
    expect(consensusOutcome(STAGE, lines(STAGE, [2.5, 5, 2])).reasons).toEqual([
      { code: 'CRITERION_BELOW_THRESHOLD', criterion: 'Excellence', score: 2.5, threshold: 3 },
      {
        code: 'CRITERION_BELOW_THRESHOLD',
        criterion: 'Quality and efficiency of implementation',
        score: 2,
        threshold: 3,
      },
      { code: 'SUM_BELOW_OVERALL_THRESHOLD', sum: 9.5, threshold: 10 },
    ]);
  });

  it('uses weights for the total only, never for thresholds', () => {
    const weighted: EvaluationStage = {
      ...STAGE,
      criteria: STAGE.criteria.map((c, i) => ({ ...c, weight: i === 0 ? 10 : 0.5 })),
    };
    const r = consensusOutcome(weighted, lines(weighted, [5, 2.5, 5]));
    expect(r.outcome).toBe('BELOW_THRESHOLD');
    expect(r.weightedTotal).toBe('53.75');
  });

  it('scores stage 1 of a two-stage call on the stage-1 criteria (threshold 4 each, sum 8)', () => {
    const s1 = evaluationStage(twoStage, 1);
    expect(consensusOutcome(s1, lines(s1, [4, 4])).outcome).toBe('ABOVE_THRESHOLD');
    expect(consensusOutcome(s1, lines(s1, [5, 3.5])).reasons).toEqual([
      { code: 'CRITERION_BELOW_THRESHOLD', criterion: 'Impact', score: 3.5, threshold: 4 },
    ]);
    expect(() => consensusOutcome(s1, lines(STAGE, [5, 5, 5]))).toThrow(
      expect.objectContaining({ code: 'INVALID_CONSENSUS' }),
    );
  });

  it('is BELOW_THRESHOLD iff some criterion is under its threshold or the unweighted sum under the overall one', () => {
    const half = fc.integer({ min: 0, max: 10 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(half, half, fc.integer({ min: 1, max: 40 })), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 60 }),
        (rows, overallTenths) => {
          const stage: EvaluationStage = {
            stage: 1,
            criteria: rows.map(([, t, w], i) => ({ name: `C${i}`, weight: w / 4, threshold: t / 2 })),
            overallThreshold: overallTenths / 2.5,
          };
          const scores = rows.map(([h], i) => ({ criterion: `C${i}`, score: h / 2 }));
          const r = consensusOutcome(stage, scores);
          const sum = rows.reduce((s, [h]) => s + h, 0) / 2;
          const below = rows.some(([h, t]) => h < t) || sum < stage.overallThreshold;
          expect(r.outcome === 'BELOW_THRESHOLD').toBe(below);
          expect(r.reasons.length > 0).toBe(below);
          expect(r.unweightedSum).toBe(sum);
        },
      ),
    );
  });
});
