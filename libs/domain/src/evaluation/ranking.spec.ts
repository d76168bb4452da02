import fc from 'fast-check';
import { DEFAULT_CRITERIA } from '../calls/call-defaults';
import type { EvaluationStage } from './evaluation-stage';
import { consensusOutcome } from './consensus';
import { rankProposals } from './ranking';
import type { MinorUnits, RankingCandidate } from './ranking';

const STAGE: EvaluationStage = { stage: 1, criteria: DEFAULT_CRITERIA, overallThreshold: 10 };
const T0 = Date.UTC(2027, 2, 1, 12);

function candidate(
  id: string,
  scores: number[],
  sme: MinorUnits = 0,
  total: MinorUnits = 100_000,
  at: number | string = T0,
  stage = STAGE,
): RankingCandidate {
  return {
    proposalId: id,
    consensus: stage.criteria.map((c, i) => ({ criterion: c.name, score: scores[i] })),
    smeRequestedGrant: sme,
    totalRequestedGrant: total,
    finalSubmittedAt: at,
  };
}

describe('ranking (V8)', () => {
  it(`orders by weighted total, then first criterion, second, SME share, submission time, \
id — and says which key decided`, () => {
    const r = rankProposals(STAGE, [
      candidate('p-id-b', [4, 4, 4], 0, 100, T0),
      candidate('p-time', [4, 4, 4], 0, 100, T0 + 1),
      candidate('p-top', [5, 5, 4]),
      candidate('p-sme', [4, 4, 4], 1, 100, '2027-03-01T14:00:00+01:00'),
      candidate('p-first', [4.5, 4, 3.5]),
      candidate('p-second', [4, 4.5, 3.5]),
      candidate('p-id-a', [4, 4, 4], 0n, 100n, T0),
      candidate('p-low', [2.5, 5, 5]),
      candidate('p-sum', [3, 3, 3.5]),
    ]);
    expect(r.ranked.map((p) => [p.rank, p.proposalId])).toEqual([
      [1, 'p-top'],
      [2, 'p-first'],
      [3, 'p-second'],
      [4, 'p-sme'],
      [5, 'p-id-a'],
      [6, 'p-id-b'],
      [7, 'p-time'],
    ]);
    expect(r.separations.map((s) => [s.aheadId, s.decidedBy, s.criterion])).toEqual([
      ['p-top', 'WEIGHTED_TOTAL', undefined],
      ['p-first', 'FIRST_CRITERION', 'Excellence'],
      ['p-second', 'SECOND_CRITERION', 'Impact'], // both 12, Excellence 4 = 4, Impact 4.5 > 4
      ['p-sme', 'SME_SHARE', undefined],
      ['p-id-a', 'PROPOSAL_ID', undefined],
      ['p-id-b', 'SUBMISSION_TIME', undefined],
    ]);
    expect(r.ranked[0]).toMatchObject({ weightedTotal: '14', unweightedSum: 14, scores: [5, 5, 4], smeShareBps: 0 });
    expect(r.ranked[3]).toMatchObject({ smeShareBps: 100, finalSubmittedAtMs: T0 + 3_600_000 });
    expect(r.belowThreshold.map((p) => [p.proposalId, p.reasons.map((x) => x.code)])).toEqual([
      ['p-low', ['CRITERION_BELOW_THRESHOLD']],
      ['p-sum', ['SUM_BELOW_OVERALL_THRESHOLD']],
    ]);
  });

  it('refuses bad input with every problem listed', () => {
    const bad = [
      candidate('a', [4, 4, 4]),
      candidate('a', [4, 4, 4.2]),
      { ...candidate('b', [4, 4, 4]), smeRequestedGrant: 200, totalRequestedGrant: 100 },
      { ...candidate('c', [4, 4, 4]), smeRequestedGrant: 1.5, finalSubmittedAt: '2027-03-01T12:00:00' },
    ];
    try {
      rankProposals(STAGE, bad);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(e).toMatchObject({ code: 'INVALID_RANKING_INPUT' });
      expect(
        (e as { violations: Array<{ field: string; code: string }> }).violations.map((v) => `${v.field}:${v.code}`),
      ).toEqual([
        'proposals[1].proposalId:DUPLICATE_PROPOSAL',
        'proposals[1].consensus[2].score:SCORE_NOT_HALF_STEP',
        'proposals[2].smeRequestedGrant:SME_GRANT_ABOVE_TOTAL',
        'proposals[3].smeRequestedGrant:INVALID_AMOUNT',
        'proposals[3].finalSubmittedAt:INVALID_INSTANT',
      ]);
    }
  });

  it('compares SME shares exactly (no basis-point rounding) and reads 0 requested as share 0', () => {
    // 1/3 vs 3333/10000: both 3333 bps when rounded down, but 1/3 is larger.
    const r = rankProposals(STAGE, [
      candidate('x', [4, 4, 4], 3333, 10_000),
      candidate('y', [4, 4, 4], 1, 3),
      candidate('z', [4, 4, 4], 0, 0),
    ]);
    expect(r.ranked.map((p) => p.proposalId)).toEqual(['y', 'x', 'z']);
    expect(r.ranked.map((p) => p.smeShareBps)).toEqual([3333, 3333, 0]);
    expect(r.separations[0].decidedBy).toBe('SME_SHARE');
    // bigint amounts beyond 2^53
    const big = 2n ** 70n;
    expect(
      rankProposals(STAGE, [candidate('m', [4, 4, 4], big, big + 1n), candidate('n', [4, 4, 4], big + 1n, big + 2n)])
        .ranked[0].proposalId,
    ).toBe('n');
  });

  it('ranks an empty list and a single proposal', () => {
    expect(rankProposals(STAGE, [])).toEqual({ ranked: [], separations: [], belowThreshold: [] });
    expect(rankProposals(STAGE, [candidate('only', [5, 5, 5])]).ranked).toHaveLength(1);
  });

  // ---------- properties ----------
  const weightArb = fc.constantFrom(0.5, 1, 1.5, 2, 3);
  const stageArb = fc
    .tuple(weightArb, weightArb, weightArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 30 }))
    .map(([w1, w2, w3, t, overall]): EvaluationStage => ({
      stage: 1,
      criteria: ['A', 'B', 'C'].map((name, i) => ({ name, weight: [w1, w2, w3][i], threshold: i === 0 ? t / 2 : 1 })),
      overallThreshold: overall / 2,
    }));
  const entryArb = fc.record({
    half: fc.tuple(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 10 }), fc.integer({ min: 2, max: 10 })),
    sme: fc.integer({ min: 0, max: 3 }),
    total: fc.integer({ min: 0, max: 3 }),
    at: fc.integer({ min: 0, max: 2 }),
  });
  const inputArb = fc
    .tuple(
      stageArb,
      fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-e]{1,2}$/), entryArb), { selector: ([id]) => id, maxLength: 12 }),
    )
    .map(([stage, rows]) => ({
      stage,
      candidates: rows.map(([id, e]) => ({
        ...candidate(
          id,
          e.half.map((h) => h / 2),
          Math.min(e.sme, e.total),
          e.total,
          T0 + e.at * 1000,
          stage,
        ),
      })),
    }));
  const refTotal = (stage: EvaluationStage, c: RankingCandidate) =>
    // integer: Σ (2w)(2s)
    stage.criteria.reduce((sum, cr, i) => sum + cr.weight * 2 * c.consensus[i].score * 2, 0);

  it('is a strict total order over all proposals, independent of the input order', () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        ({ stage, candidates }, rnd) => {
          const r = rankProposals(stage, candidates);
          expect(r.ranked.map((p) => p.rank)).toEqual(r.ranked.map((_, i) => i + 1));
          expect(r.ranked.length + r.belowThreshold.length).toBe(candidates.length);
          expect(new Set([...r.ranked, ...r.belowThreshold].map((p) => p.proposalId)).size).toBe(candidates.length);
          expect(r.separations).toHaveLength(Math.max(0, r.ranked.length - 1));
          const keys = [...rnd.take(candidates.length)];
          const shuffled = candidates
            .map((c, i) => ({ c, k: keys[i] }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.c);
          expect(rankProposals(stage, shuffled)).toEqual(r);
          expect(rankProposals(stage, [...candidates].reverse())).toEqual(r);
        },
      ),
    );
  });

  it('ranks exactly the proposals above threshold, and a higher weighted total always higher', () => {
    fc.assert(
      fc.property(inputArb, ({ stage, candidates }) => {
        const r = rankProposals(stage, candidates);
        const byId = new Map(candidates.map((c) => [c.proposalId, c]));
        for (const c of candidates) {
          const below = consensusOutcome(stage, c.consensus).outcome === 'BELOW_THRESHOLD';
          expect(r.belowThreshold.some((p) => p.proposalId === c.proposalId)).toBe(below);
        }
        for (let i = 0; i < r.ranked.length; i++) {
          for (let j = i + 1; j < r.ranked.length; j++) {
            const a = byId.get(r.ranked[i].proposalId)!;
            const b = byId.get(r.ranked[j].proposalId)!;
            expect(refTotal(stage, a)).toBeGreaterThanOrEqual(refTotal(stage, b));
          }
        }
        r.separations.forEach((s, i) => {
          const a = byId.get(s.aheadId)!;
          const b = byId.get(s.behindId)!;
          expect(s.aheadId).toBe(r.ranked[i].proposalId);
          if (s.decidedBy === 'WEIGHTED_TOTAL') expect(refTotal(stage, a)).toBeGreaterThan(refTotal(stage, b));
          else expect(refTotal(stage, a)).toBe(refTotal(stage, b));
          if (s.decidedBy === 'PROPOSAL_ID') {
            expect(a.consensus.slice(0, 2)).toEqual(b.consensus.slice(0, 2));
            expect(a.finalSubmittedAt).toBe(b.finalSubmittedAt);
            expect(s.aheadId < s.behindId).toBe(true);
          }
        });
      }),
    );
  });

  it('orders proposals that tie on everything but the id by id', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 10 }),
        entryArb,
        (ids, e) => {
          const r = rankProposals(
            STAGE,
            ids.map((id) => candidate(id, [4, 4, 4], Math.min(e.sme, e.total), e.total)),
          );
          expect(r.ranked.map((p) => p.proposalId)).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
          expect(r.separations.every((s) => s.decidedBy === 'PROPOSAL_ID')).toBe(true);
        },
      ),
    );
  });
});
