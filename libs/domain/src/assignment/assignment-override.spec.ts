import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { AssignmentEvaluator, AssignmentOptions, AssignmentProposal, AssignmentResult } from './assignment-model';
import { overridePair } from './assignment-override';
import { buildCandidates, isHardConflict } from './candidate-graph';
import { solveAssignment } from './solve-assignment';

function evaluator(id: string, expertise: string[], extra: Partial<AssignmentEvaluator> = {}): AssignmentEvaluator {
  return {
    id,
    expertise,
    organisationId: null,
    regionCode: 'r9',
    country: 'CH',
    maxLoad: 1,
    declaredConflicts: [],
    ...extra,
  };
}

const p1: AssignmentProposal = {
  id: 'p1',
  topic: 'ai',
  keywords: ['water'],
  organisationIds: ['org-a'],
  regionCodes: ['r1'],
};
const p2: AssignmentProposal = { id: 'p2', topic: 'energy', keywords: [], organisationIds: [], regionCodes: [] };
const options: AssignmentOptions = { reviewersPerProposal: 1, candidatesPerProposal: 2, excludePartnerRegions: true };
const pool = [
  evaluator('e1', ['ai', 'water']),
  evaluator('e2', ['energy'], { country: 'DE' }),
  evaluator('e3', ['ai']),
  evaluator('e4', [], { country: 'FR' }), // outside p1's top 2 (affinity 0)
  evaluator('c-org', ['ai', 'water'], { organisationId: 'org-a' }),
  evaluator('c-declared', ['ai', 'water'], { declaredConflicts: ['p1'] }),
  evaluator('c-region', ['ai', 'water'], { regionCode: 'r1' }),
];

function refusal(
  change: { proposalId: string; removeEvaluatorId: string; addEvaluatorId: string },
  base = solved(),
): DomainError {
  try {
    overridePair(base, [p1, p2], pool, options, change);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function solved(): AssignmentResult {
  return solveAssignment([p1, p2], pool, options);
}

describe('overridePair', () => {
  it('starts from the solver: p1 → e1 (100), p2 → e2 (100)', () => {
    expect(solved().pairs.map((p) => `${p.proposalId}/${p.evaluatorId}`)).toEqual(['p1/e1', 'p2/e2']);
  });

  it('replaces the pair, recomputes the totals and reports the loss, even outside the top K', () => {
    const before = solved();
    const { result, affinityLoss, sameCountryPairsDelta } = overridePair(before, [p1, p2], pool, options, {
      proposalId: 'p1',
      removeEvaluatorId: 'e1',
      addEvaluatorId: 'e4',
    });
    expect(result.pairs).toEqual([
      {
        proposalId: 'p1',
        evaluatorId: 'e4',
        affinity: 0,
        reason: 'manual override; affinity 0: shares no term with the proposal',
      },
      before.pairs[1],
    ]);
    expect(result.totalAffinity).toBe(100);
    expect(result.assignedCount).toBe(2);
    expect(result.sameCountryPairs).toBe(0);
    expect(result.uncovered).toEqual(before.uncovered);
    expect(affinityLoss).toBe(100);
    expect(sameCountryPairsDelta).toBe(0);
    expect(before.pairs.map((p) => p.evaluatorId)).toEqual(['e1', 'e2']); // input untouched
  });

  it('refuses a hard conflict (V2) with OVERRIDE_CONFLICT, for each kind of conflict', () => {
    for (const id of ['c-org', 'c-declared', 'c-region']) {
      const error = refusal({ proposalId: 'p1', removeEvaluatorId: 'e1', addEvaluatorId: id });
      expect(error.code).toBe('OVERRIDE_CONFLICT');
      expect(error.kind).toBe('rule');
      expect(error.violations).toEqual([expect.objectContaining({ rule: 'V2', code: 'OVERRIDE_CONFLICT' })]);
    }
  });

  it('refuses an evaluator at their load limit with OVERRIDE_OVERLOAD', () => {
    const error = refusal({ proposalId: 'p1', removeEvaluatorId: 'e1', addEvaluatorId: 'e2' });
    expect(error.code).toBe('OVERRIDE_OVERLOAD');
    expect(error.violations).toEqual([expect.objectContaining({ rule: 'V3', code: 'OVERRIDE_OVERLOAD' })]);
  });

  it('refuses an evaluator already on the proposal with OVERRIDE_DUPLICATE', () => {
    const base = solveAssignment([p1, p2], pool, { ...options, reviewersPerProposal: 2 });
    expect(base.pairs.filter((p) => p.proposalId === 'p1').map((p) => p.evaluatorId)).toEqual(['e1', 'e3']);
    const error = refusal({ proposalId: 'p1', removeEvaluatorId: 'e1', addEvaluatorId: 'e3' }, base);
    expect(error.code).toBe('OVERRIDE_DUPLICATE');
  });

  it('refuses a removed pair that is not in the assignment with OVERRIDE_UNKNOWN_PAIR, listing every violation', () => {
    const error = refusal({ proposalId: 'p1', removeEvaluatorId: 'e3', addEvaluatorId: 'c-org' });
    expect(error.code).toBe('OVERRIDE_UNKNOWN_PAIR');
    expect(error.violations.map((v) => v.code)).toEqual(['OVERRIDE_UNKNOWN_PAIR', 'OVERRIDE_CONFLICT']);
  });

  it('refuses unknown ids with OVERRIDE_UNKNOWN_ID', () => {
    expect(refusal({ proposalId: 'p9', removeEvaluatorId: 'e1', addEvaluatorId: 'e4' })).toMatchObject({
      code: 'OVERRIDE_UNKNOWN_ID',
      kind: 'not-found',
    });
    expect(refusal({ proposalId: 'p1', removeEvaluatorId: 'e1', addEvaluatorId: 'nobody' }).code).toBe(
      'OVERRIDE_UNKNOWN_ID',
    );
  });

  it('may gain affinity (negative loss) when it gives up country diversity, which the solver ranks first', () => {
    const p: AssignmentProposal = { id: 'p', topic: 'ai', keywords: [], organisationIds: [], regionCodes: [] };
    const pool2 = [evaluator('a', ['ai']), evaluator('b', ['ai']), evaluator('c', [], { country: 'DE' })];
    const opts = { reviewersPerProposal: 2, excludePartnerRegions: false };
    const base = solveAssignment([p], pool2, opts);
    expect(base.pairs.map((x) => x.evaluatorId)).toEqual(['a', 'c']);
    const out = overridePair(base, [p], pool2, opts, { proposalId: 'p', removeEvaluatorId: 'c', addEvaluatorId: 'b' });
    expect(out).toMatchObject({ affinityLoss: -100, sameCountryPairsDelta: 1 });
    expect(out.result.sameCountryPairs).toBe(1);
  });
});

// ---------- property: the solver's optimum cannot be beaten by a single override ----------

const word = fc.constantFrom('ai', 'robotics', 'energy', 'water', 'health');
const proposalIds = ['p0', 'p1', 'p2', 'p3', 'p4'];
const instanceArb = fc.record({
  proposals: fc
    .array(
      fc.record({
        topic: word,
        keywords: fc.array(word, { maxLength: 3 }),
        organisationIds: fc.subarray(['o1', 'o2']),
        regionCodes: fc.subarray(['r1', 'r2']),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((list) => list.map((body, i): AssignmentProposal => ({ id: proposalIds[i], ...body }))),
  evaluators: fc
    .array(
      fc.record({
        expertise: fc.array(word, { maxLength: 4 }),
        organisationId: fc.constantFrom(null, 'o1', 'o2'),
        regionCode: fc.constantFrom('r1', 'r2', 'r3'),
        country: fc.constantFrom('CH', 'DE', 'FR'),
        maxLoad: fc.integer({ min: 0, max: 3 }),
        declaredConflicts: fc.subarray(proposalIds, { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 7 },
    )
    .map((list) => list.map((body, i): AssignmentEvaluator => ({ id: `e${i}`, ...body }))),
  options: fc.record({
    reviewersPerProposal: fc.integer({ min: 1, max: 3 }),
    candidatesPerProposal: fc.integer({ min: 1, max: 7 }),
    excludePartnerRegions: fc.boolean(),
  }),
  pairPick: fc.nat(),
  evaluatorPick: fc.nat(),
});

describe('overridePair — properties on small random instances', () => {
  it(`after solveAssignment: a legal override keeps coverage and V2/V3; \
it never improves diversity inside the candidate graph, \
and never improves affinity without worsening diversity`, () => {
    let accepted = 0;
    fc.assert(
      fc.property(instanceArb, ({ proposals, evaluators, options: opts, pairPick, evaluatorPick }) => {
        const base = solveAssignment(proposals, evaluators, opts);
        fc.pre(base.pairs.length > 0);
        const removed = base.pairs[pairPick % base.pairs.length];
        const added = evaluators[evaluatorPick % evaluators.length];
        const proposal = proposals.find((p) => p.id === removed.proposalId) as AssignmentProposal;
        let outcome;
        try {
          outcome = overridePair(base, proposals, evaluators, opts, {
            proposalId: removed.proposalId,
            removeEvaluatorId: removed.evaluatorId,
            addEvaluatorId: added.id,
          });
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          const code = (error as DomainError).code;
          expect(['OVERRIDE_CONFLICT', 'OVERRIDE_OVERLOAD', 'OVERRIDE_DUPLICATE']).toContain(code);
          if (code === 'OVERRIDE_CONFLICT')
            expect(isHardConflict(proposal, added, opts.excludePartnerRegions)).toBe(true);
          return;
        }
        accepted += 1;
        const { result, affinityLoss, sameCountryPairsDelta } = outcome;
        expect(isHardConflict(proposal, added, opts.excludePartnerRegions)).toBe(false);
        expect(result.assignedCount).toBe(base.assignedCount);
        expect(result.pairs.filter((p) => p.evaluatorId === added.id).length).toBeLessThanOrEqual(added.maxLoad);
        expect(affinityLoss).toBe(base.totalAffinity - result.totalAffinity);
        expect(sameCountryPairsDelta).toBe(result.sameCountryPairs - base.sameCountryPairs);
        const inGraph = buildCandidates([proposal], evaluators, opts)[0].candidates.some(
          (c) => c.evaluatorId === added.id,
        );
        if (inGraph) expect(sameCountryPairsDelta).toBeGreaterThanOrEqual(0);
        if (sameCountryPairsDelta <= 0) expect(affinityLoss).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});
