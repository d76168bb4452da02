import fc from 'fast-check';
import { affinity } from './affinity';
import { AssignmentEvaluator, AssignmentOptions, AssignmentProposal } from './assignment-model';
import { pairReason, solveAssignment } from './solve-assignment';

// ---------- independent reference: hard conflicts, top-K and exhaustive search written from the SPEC ----------

interface RefPair {
  p: AssignmentProposal;
  e: AssignmentEvaluator;
  affinity: number;
}

function referenceCandidatePairs(
  proposals: AssignmentProposal[],
  evaluators: AssignmentEvaluator[],
  options: AssignmentOptions,
): RefPair[] {
  const k = options.candidatesPerProposal ?? 50;
  const pairs: RefPair[] = [];
  for (const p of proposals) {
    const ok = evaluators.filter(
      (e) =>
        !(e.organisationId !== null && p.organisationIds.includes(e.organisationId)) &&
        !e.declaredConflicts.includes(p.id) &&
        !(options.excludePartnerRegions && p.regionCodes.includes(e.regionCode)),
    );
    const scored = ok.map((e) => ({ p, e, affinity: affinity(p, e.expertise) }));
    scored.sort((a, b) => b.affinity - a.affinity || (a.e.id < b.e.id ? -1 : 1));
    pairs.push(...scored.slice(0, k));
  }
  return pairs;
}

type Triple = [pairs: number, sameCountry: number, affinity: number];

/** Enumerates every feasible subset of candidate pairs; returns the lexicographic best triple. */
function bruteForce(pairs: RefPair[], options: AssignmentOptions): Triple {
  const load = new Map<string, number>();
  const perProposal = new Map<string, string[]>();
  let best: Triple = [0, 0, 0];
  const better = (a: Triple, b: Triple): boolean =>
    a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] < b[1] : a[2] > b[2];
  const visit = (i: number, count: number, aff: number): void => {
    if (i === pairs.length) {
      let same = 0;
      for (const countries of perProposal.values()) {
        for (let x = 0; x < countries.length; x += 1)
          for (let y = x + 1; y < countries.length; y += 1) if (countries[x] === countries[y]) same += 1;
      }
      const triple: Triple = [count, same, aff];
      if (better(triple, best)) best = triple;
      return;
    }
    visit(i + 1, count, aff);
    const { p, e } = pairs[i];
    const used = load.get(e.id) ?? 0;
    const countries = perProposal.get(p.id) ?? [];
    if (used < e.maxLoad && countries.length < options.reviewersPerProposal) {
      load.set(e.id, used + 1);
      perProposal.set(p.id, [...countries, e.country]);
      visit(i + 1, count + 1, aff + pairs[i].affinity);
      load.set(e.id, used);
      perProposal.set(p.id, countries);
    }
  };
  visit(0, 0, 0);
  return best;
}

// ---------- generators: ≤ 6 proposals, ≤ 6 evaluators, ≤ 3 countries ----------

const word = fc.constantFrom('ai', 'AI ', 'robotics', 'energy', 'water', 'health', '');
const proposalIds = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const proposalsArb = fc
  .array(
    fc.record({
      topic: word,
      keywords: fc.array(word, { maxLength: 3 }),
      organisationIds: fc.subarray(['o1', 'o2', 'o3']),
      regionCodes: fc.subarray(['r1', 'r2', 'r3']),
    }),
    { maxLength: 6 },
  )
  .map((list) => list.map((body, i): AssignmentProposal => ({ id: proposalIds[i], ...body })));
const evaluatorsArb = fc
  .array(
    fc.record({
      expertise: fc.array(word, { maxLength: 4 }),
      organisationId: fc.constantFrom(null, 'o1', 'o2', 'o3'),
      regionCode: fc.constantFrom('r1', 'r2', 'r3'),
      country: fc.constantFrom('CH', 'DE', 'FR'),
      maxLoad: fc.integer({ min: 0, max: 3 }),
      declaredConflicts: fc.subarray(proposalIds, { maxLength: 2 }),
    }),
    { maxLength: 6 },
  )
  .map((list) => list.map((body, i): AssignmentEvaluator => ({ id: `e${i}`, ...body })));
const optionsArb = fc.record({
  reviewersPerProposal: fc.integer({ min: 1, max: 3 }),
  candidatesPerProposal: fc.integer({ min: 1, max: 6 }),
  excludePartnerRegions: fc.boolean(),
});
const instanceArb = fc.record({ proposals: proposalsArb, evaluators: evaluatorsArb, options: optionsArb });

const MAX_BRUTE_FORCE_PAIRS = 16;

describe('solveAssignment — properties on small random instances', () => {
  it('assigns no hard conflict, exceeds no load, gives no proposal more than reviewersPerProposal', () => {
    fc.assert(
      fc.property(instanceArb, ({ proposals, evaluators, options }) => {
        const result = solveAssignment(proposals, evaluators, options);
        const byId = new Map(evaluators.map((e) => [e.id, e]));
        const proposalById = new Map(proposals.map((p) => [p.id, p]));
        const load = new Map<string, number>();
        const perProposal = new Map<string, number>();
        const seen = new Set<string>();
        for (const pair of result.pairs) {
          const e = byId.get(pair.evaluatorId) as AssignmentEvaluator;
          const p = proposalById.get(pair.proposalId) as AssignmentProposal;
          expect(e.organisationId !== null && p.organisationIds.includes(e.organisationId)).toBe(false);
          expect(e.declaredConflicts).not.toContain(p.id);
          if (options.excludePartnerRegions) expect(p.regionCodes).not.toContain(e.regionCode);
          expect(pair.affinity).toBe(affinity(p, e.expertise));
          const key = `${p.id}/${e.id}`;
          expect(seen.has(key)).toBe(false);
          seen.add(key);
          load.set(e.id, (load.get(e.id) ?? 0) + 1);
          perProposal.set(p.id, (perProposal.get(p.id) ?? 0) + 1);
        }
        for (const [id, used] of load) expect(used).toBeLessThanOrEqual((byId.get(id) as AssignmentEvaluator).maxLoad);
        for (const count of perProposal.values()) expect(count).toBeLessThanOrEqual(options.reviewersPerProposal);
        expect(result.assignedCount).toBe(result.pairs.length);
        const missing = result.uncovered.reduce((n, u) => n + u.missing, 0);
        expect(result.assignedCount + missing).toBe(proposals.length * options.reviewersPerProposal);
      }),
      { numRuns: 300 },
    );
  });

  it('reaches the brute-force optimum of (coverage, same-country pairs, affinity)', () => {
    let checked = 0;
    fc.assert(
      fc.property(instanceArb, ({ proposals, evaluators, options }) => {
        const pairs = referenceCandidatePairs(proposals, evaluators, options);
        fc.pre(pairs.length <= MAX_BRUTE_FORCE_PAIRS);
        checked += 1;
        const result = solveAssignment(proposals, evaluators, options);
        expect([result.assignedCount, result.sameCountryPairs, result.totalAffinity]).toEqual(
          bruteForce(pairs, options),
        );
      }),
      { numRuns: 400, maxSkipsPerRun: 1000 },
    );
    expect(checked).toBe(400);
  });

  it('returns exactly the same result for any order of the inputs', () => {
    const permuted = instanceArb.chain((instance) =>
      fc.record({
        instance: fc.constant(instance),
        proposals: fc.shuffledSubarray(instance.proposals, { minLength: instance.proposals.length }),
        evaluators: fc.shuffledSubarray(instance.evaluators, { minLength: instance.evaluators.length }),
      }),
    );
    fc.assert(
      fc.property(permuted, ({ instance, proposals, evaluators }) => {
        expect(solveAssignment(proposals, evaluators, instance.options)).toEqual(
          solveAssignment(instance.proposals, instance.evaluators, instance.options),
        );
      }),
      { numRuns: 300 },
    );
  });
});

// ---------- examples and explanations ----------

const proposal = (id: string, over: Partial<AssignmentProposal> = {}): AssignmentProposal => ({
  id,
  topic: 'Robotics',
  keywords: ['AI', 'energy'],
  organisationIds: [],
  regionCodes: [],
  ...over,
});
const evaluator = (id: string, over: Partial<AssignmentEvaluator> = {}): AssignmentEvaluator => ({
  id,
  expertise: [],
  organisationId: null,
  regionCode: 'r',
  country: 'DE',
  maxLoad: 1,
  declaredConflicts: [],
  ...over,
});
const opts = (reviewersPerProposal: number): AssignmentOptions => ({
  reviewersPerProposal,
  excludePartnerRegions: false,
});

describe('solveAssignment — examples and explanations', () => {
  it('explains each pair by its affinity and the shared terms, in the proposal order', () => {
    const result = solveAssignment(
      [proposal('p1')],
      [evaluator('e1', { expertise: ['ai', 'ROBOTICS'] }), evaluator('e2')],
      opts(2),
    );
    expect(result.pairs).toEqual([
      { proposalId: 'p1', evaluatorId: 'e1', affinity: 66, reason: "affinity 66: shares 'robotics', 'ai'" },
      { proposalId: 'p1', evaluatorId: 'e2', affinity: 0, reason: 'affinity 0: shares no term with the proposal' },
    ]);
    expect(pairReason({ affinity: 100, sharedTerms: ['water'] })).toBe("affinity 100: shares 'water'");
  });

  it('says why each uncovered proposal lacks evaluators', () => {
    const proposals = [proposal('p-conflicted', { organisationIds: ['org'] }), proposal('p-few'), proposal('p-loads')];
    const evaluators = [
      evaluator('e1', { organisationId: 'org', maxLoad: 2, declaredConflicts: ['p-few'] }),
      evaluator('e2', { organisationId: 'org', maxLoad: 0 }),
    ];
    const result = solveAssignment(proposals, evaluators, opts(2));
    expect(result.pairs.map((p) => [p.proposalId, p.evaluatorId])).toEqual([['p-loads', 'e1']]);
    expect(result.uncovered).toEqual([
      { proposalId: 'p-conflicted', missing: 2, reason: 'ALL_CONFLICTED' },
      { proposalId: 'p-few', missing: 2, reason: 'TOO_FEW_CANDIDATES' },
      { proposalId: 'p-loads', missing: 1, reason: 'LOADS_EXHAUSTED' },
    ]);
    // p-few has one candidate (e2) whose load is 0: the candidate shortfall is the reason given.
    expect(solveAssignment([proposal('p1')], [], opts(1)).uncovered).toEqual([
      { proposalId: 'p1', missing: 1, reason: 'NO_EVALUATORS' },
    ]);
  });

  it('puts coverage before diversity and diversity before affinity', () => {
    // Two proposals, e1 (DE, expert) can take one. Coverage: both proposals get an evaluator.
    const coverage = solveAssignment(
      [proposal('p1'), proposal('p2')],
      [evaluator('e1', { expertise: ['robotics', 'ai', 'energy'] }), evaluator('e2', { declaredConflicts: ['p1'] })],
      opts(1),
    );
    expect(coverage.pairs.map((p) => [p.proposalId, p.evaluatorId])).toEqual([
      ['p1', 'e1'],
      ['p2', 'e2'],
    ]);
    // Diversity: a zero-affinity FR evaluator beats a second expert from DE.
    const diversity = solveAssignment(
      [proposal('p1')],
      [
        evaluator('e1', { expertise: ['robotics', 'ai', 'energy'] }),
        evaluator('e2', { expertise: ['robotics', 'ai', 'energy'] }),
        evaluator('e3', { country: 'FR' }),
      ],
      opts(2),
    );
    expect(diversity.pairs.map((p) => p.evaluatorId)).toEqual(['e1', 'e3']);
    expect([diversity.sameCountryPairs, diversity.totalAffinity]).toEqual([0, 100]);
  });

  it('counts same-country pairs as c·(c−1)/2 per proposal when the pool forces it', () => {
    const evaluators = ['e1', 'e2', 'e3', 'e4'].map((id) => evaluator(id, { country: id === 'e4' ? 'FR' : 'DE' }));
    const result = solveAssignment([proposal('p1')], evaluators, opts(4));
    expect(result.sameCountryPairs).toBe(3);
  });

  it('picks the same pairs among equal optima whatever the input order', () => {
    const evaluators = ['e3', 'e1', 'e4', 'e2'].map((id) => evaluator(id, { expertise: ['ai'], maxLoad: 1 }));
    const proposals = [proposal('p2'), proposal('p1'), proposal('p3')];
    const a = solveAssignment(proposals, evaluators, opts(1));
    const b = solveAssignment([...proposals].reverse(), [...evaluators].reverse(), opts(1));
    expect(b).toEqual(a);
    expect(a.assignedCount).toBe(3);
  });
});
