import fc from 'fast-check';
import { DomainError } from '../domain-error';
import { affinity, sharedTerms } from './affinity';
import { AssignmentEvaluator, AssignmentOptions, AssignmentProposal } from './assignment-model';
import { buildCandidates } from './candidate-graph';

/** The SPEC's words, pair by pair over the whole pool: the reference for the indexed construction. */
function naiveCandidates(
  proposals: AssignmentProposal[],
  evaluators: AssignmentEvaluator[],
  options: AssignmentOptions,
) {
  const k = options.candidatesPerProposal ?? 50;
  return [...proposals]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((p) => {
      const free = evaluators.filter(
        (e) =>
          !(e.organisationId !== null && p.organisationIds.includes(e.organisationId)) &&
          !e.declaredConflicts.includes(p.id) &&
          !(options.excludePartnerRegions && p.regionCodes.includes(e.regionCode)),
      );
      const candidates = free
        .map((e) => ({
          evaluatorId: e.id,
          affinity: affinity(p, e.expertise),
          sharedTerms: sharedTerms(p, e.expertise),
        }))
        .sort((a, b) => b.affinity - a.affinity || (a.evaluatorId < b.evaluatorId ? -1 : 1))
        .slice(0, k);
      return { proposalId: p.id, candidates };
    });
}

const proposal = (id: string, over: Partial<AssignmentProposal> = {}): AssignmentProposal => ({
  id,
  topic: 'robotics',
  keywords: ['ai', 'energy'],
  organisationIds: ['org-a'],
  regionCodes: ['CH-ZH'],
  ...over,
});

const evaluator = (id: string, over: Partial<AssignmentEvaluator> = {}): AssignmentEvaluator => ({
  id,
  expertise: ['robotics'],
  organisationId: null,
  regionCode: 'DE-BY',
  country: 'DE',
  maxLoad: 3,
  declaredConflicts: [],
  ...over,
});

const options = { reviewersPerProposal: 2, excludePartnerRegions: false };

describe('buildCandidates', () => {
  it('drops the consortium organisations and declared conflicts, and partner regions only when asked', () => {
    const evaluators = [
      evaluator('e1', { organisationId: 'org-a' }),
      evaluator('e2', { declaredConflicts: ['p1'] }),
      evaluator('e3', { regionCode: 'CH-ZH' }),
      evaluator('e4'),
    ];
    const ids = (exclude: boolean): string[] =>
      buildCandidates([proposal('p1')], evaluators, { ...options, excludePartnerRegions: exclude })[0].candidates.map(
        (c) => c.evaluatorId,
      );
    expect(ids(false)).toEqual(['e3', 'e4']);
    expect(ids(true)).toEqual(['e4']);
  });

  it('keeps the best K by affinity, ties by evaluator id, whatever the input order', () => {
    const evaluators = [
      evaluator('e9', { expertise: ['robotics'] }),
      evaluator('e2', { expertise: ['ai', 'energy', 'robotics'] }),
      evaluator('e5', { expertise: ['robotics'] }),
      evaluator('e1', { expertise: [] }),
      evaluator('e3', { expertise: ['ai'] }),
    ];
    const run = (list: AssignmentEvaluator[]) =>
      buildCandidates([proposal('p1')], list, { ...options, candidatesPerProposal: 3 })[0].candidates;
    expect(run(evaluators).map((c) => [c.evaluatorId, c.affinity])).toEqual([
      ['e2', 100],
      ['e3', 33],
      ['e5', 33],
    ]);
    expect(run([...evaluators].reverse())).toEqual(run(evaluators));
    expect(run(evaluators)[0].sharedTerms).toEqual(['robotics', 'ai', 'energy']);
  });

  it('defaults K to 50', () => {
    const many = Array.from({ length: 60 }, (_, i) => evaluator(`e${String(i).padStart(2, '0')}`));
    expect(buildCandidates([proposal('p1')], many, options)[0].candidates).toHaveLength(50);
  });

  it('says why a proposal has fewer candidates than reviewers per proposal', () => {
    expect(buildCandidates([proposal('p1')], [], options)[0].shortfall).toBe('NO_EVALUATORS');
    expect(
      buildCandidates([proposal('p1')], [evaluator('e1', { organisationId: 'org-a' })], options)[0].shortfall,
    ).toBe('ALL_CONFLICTED');
    expect(buildCandidates([proposal('p1')], [evaluator('e1')], options)[0].shortfall).toBe('TOO_FEW_CANDIDATES');
    expect(
      buildCandidates([proposal('p1')], [evaluator('e1'), evaluator('e2')], { ...options, candidatesPerProposal: 1 })[0]
        .shortfall,
    ).toBe('TOO_FEW_CANDIDATES');
    expect(buildCandidates([proposal('p1')], [evaluator('e1'), evaluator('e2')], options)[0].shortfall).toBeUndefined();
  });

  it('returns proposals sorted by id', () => {
    expect(buildCandidates([proposal('p2'), proposal('p1')], [], options).map((p) => p.proposalId)).toEqual([
      'p1',
      'p2',
    ]);
  });

  it('refuses duplicate ids and invalid counts', () => {
    expect(() => buildCandidates([proposal('p1'), proposal('p1')], [], options)).toThrow(DomainError);
    expect(() => buildCandidates([], [evaluator('e1'), evaluator('e1')], options)).toThrow(
      /duplicate evaluator id 'e1'/,
    );
    expect(() => buildCandidates([], [evaluator('e1', { maxLoad: -1 })], options)).toThrow(/maxLoad/);
    expect(() => buildCandidates([], [], { ...options, reviewersPerProposal: 1.5 })).toThrow(/reviewersPerProposal/);
    expect(() => buildCandidates([], [], { ...options, candidatesPerProposal: -1 })).toThrow(/candidatesPerProposal/);
  });

  it(`equals the pair-by-pair construction on random instances (many terms, \
so some shared terms still floor to 0)`, () => {
    const term = fc.constantFrom('ai', 'Robotics', 'energy', 'water', 'health', 'soil', 'x1', 'x2', 'x3', '');
    const manyTerms = fc.array(
      fc.integer({ min: 0, max: 150 }).map((i) => `t${i}`),
      { maxLength: 120 },
    );
    const instance = fc.record({
      proposals: fc
        .array(
          fc.record({
            topic: term,
            keywords: fc.oneof(fc.array(term, { maxLength: 5 }), manyTerms),
            organisationIds: fc.subarray(['o1', 'o2', 'o3']),
            regionCodes: fc.subarray(['r1', 'r2']),
          }),
          { maxLength: 6 },
        )
        .map((list) => list.map((body, i): AssignmentProposal => ({ id: `p${i}`, ...body }))),
      evaluators: fc
        .array(
          fc.record({
            expertise: fc.oneof(fc.array(term, { maxLength: 5 }), manyTerms),
            organisationId: fc.constantFrom(null, 'o1', 'o2', 'o3'),
            regionCode: fc.constantFrom('r1', 'r2', 'r3'),
            country: fc.constant('DE'),
            maxLoad: fc.constant(1),
            declaredConflicts: fc.subarray(['p0', 'p1', 'p2']),
          }),
          { maxLength: 12 },
        )
        .map((list) => list.map((body, i): AssignmentEvaluator => ({ id: `e${(i * 7) % 12}-${i}`, ...body }))),
      options: fc.record({
        reviewersPerProposal: fc.integer({ min: 1, max: 3 }),
        candidatesPerProposal: fc.integer({ min: 1, max: 8 }),
        excludePartnerRegions: fc.boolean(),
      }),
    });
    fc.assert(
      fc.property(instance, ({ proposals, evaluators, options: opts }) => {
        const built = buildCandidates(proposals, evaluators, opts).map(({ proposalId, candidates }) => ({
          proposalId,
          candidates,
        }));
        expect(built).toEqual(naiveCandidates(proposals, evaluators, opts));
      }),
      { numRuns: 500 },
    );
  });
});
