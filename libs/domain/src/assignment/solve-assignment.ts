import { DomainError } from '../domain-error';
import {
  AssignedPair,
  AssignmentEvaluator,
  AssignmentOptions,
  AssignmentProgressListener,
  AssignmentProposal,
  AssignmentResult,
  compareIds,
  countSameCountryPairs,
  UncoveredProposal,
} from './assignment-model';
import { buildCandidates, Candidate } from './candidate-graph';
import { NetworkSimplex } from './network-simplex';

/** The explanation of a pair: "affinity 66: shares 'robotics', 'ai'". */
export function pairReason(candidate: Pick<Candidate, 'affinity' | 'sharedTerms'>): string {
  const shared = candidate.sharedTerms.map((term) => `'${term}'`).join(', ');
  return `affinity ${candidate.affinity}: ${shared === '' ? 'shares no term with the proposal' : `shares ${shared}`}`;
}

interface PairArc {
  arc: number;
  proposalId: string;
  evaluator: AssignmentEvaluator;
  candidate: Candidate;
}

/**
 * Exact reviewer assignment over the candidate graph (SPEC §5 V1–V4), optimal lexicographically:
 * (1) most pairs, (2) fewest same-country pairs within a proposal, (3) highest total affinity — under
 * ≤ reviewersPerProposal per proposal and ≤ maxLoad per evaluator.
 *
 * Min-cost flow: source → evaluator (cap maxLoad) → (proposal, country) (cap 1, cost −BIG − affinity)
 * → proposal by parallel unit arcs costing MID × 0, 1, 2, … (the marginal same-country pairs of the
 * 1st, 2nd, 3rd … evaluator of that country; convex, so they fill in order) → sink (cap
 * reviewersPerProposal); a country with a single candidate skips the group node. Solved as a
 * circulation (arc sink → source) by `NetworkSimplex`. With F ≥ the largest possible total affinity, S ≥ the
 * largest possible number of same-country pairs, MID = F + 1 and BIG = MID × (S + 1), the cost −BIG·pairs +
 * MID·sameCountry − affinity orders solutions exactly lexicographically; every number stays a safe integer.
 *
 * Deterministic: inputs are sorted by id (and countries by code) before the graph is built, and the
 * flow solver breaks ties by node index and arc order, so the result depends only on the input's
 * content, never its order. Among equally optimal assignments the one returned is the one this
 * canonical construction reaches; it is not otherwise characterised.
 */
export function solveAssignment(
  proposals: readonly AssignmentProposal[],
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
  onProgress: AssignmentProgressListener = () => undefined,
): AssignmentResult {
  const r = options.reviewersPerProposal;
  const graph = buildCandidates(proposals, evaluators, options, onProgress);
  const sortedEvaluators = [...evaluators].sort((a, b) => compareIds(a.id, b.id));
  const evaluatorIndex = new Map(sortedEvaluators.map((e, i) => [e.id, i]));

  // Node layout: source, evaluators, (proposal, country) groups of two or more candidates, proposals, sink.
  const source = 0;
  const evaluatorNode = (i: number): number => 1 + i;
  let next = 1 + sortedEvaluators.length;
  const groups = graph.map((entry) => {
    const byCountry = new Map<string, Candidate[]>();
    for (const candidate of entry.candidates) {
      const country = sortedEvaluators[evaluatorIndex.get(candidate.evaluatorId) as number].country;
      const list = byCountry.get(country) ?? [];
      list.push(candidate);
      byCountry.set(country, list);
    }
    return [...byCountry.entries()]
      .sort(([a], [b]) => compareIds(a, b))
      .map(([country, candidates]) => ({ country, candidates, node: candidates.length > 1 ? next++ : -1 }));
  });
  const proposalNode = graph.map(() => next++);
  const sink = next++;

  const arcCount = graph.reduce((n, entry) => n + entry.candidates.length, 0);
  const maxAffinity = 100 * Math.min(arcCount, r * graph.length);
  const maxSameCountry = (graph.length * r * (r - 1)) / 2;
  const mid = maxAffinity + 1;
  const big = mid * (maxSameCountry + 1);
  if (!Number.isSafeInteger(8 * big)) {
    throw new DomainError('ASSIGNMENT_TOO_LARGE', 'the instance is too large for exact integer costs');
  }

  const flow = new NetworkSimplex(next);
  const arcsPerEvaluator = new Array<number>(sortedEvaluators.length).fill(0);
  const pairArcs: PairArc[] = [];
  graph.forEach((entry, p) => {
    for (const group of groups[p]) {
      // A country with one candidate needs no group node: its pair goes straight to the proposal.
      const head = group.node === -1 ? proposalNode[p] : group.node;
      for (const candidate of group.candidates) {
        const i = evaluatorIndex.get(candidate.evaluatorId) as number;
        arcsPerEvaluator[i] += 1;
        const arc = flow.addArc(evaluatorNode(i), head, 1, -big - candidate.affinity);
        pairArcs.push({ arc, proposalId: entry.proposalId, evaluator: sortedEvaluators[i], candidate });
      }
      if (head === group.node) {
        for (let j = 0; j < Math.min(r, group.candidates.length); j += 1)
          flow.addArc(group.node, proposalNode[p], 1, mid * j);
      }
    }
    flow.addArc(proposalNode[p], sink, r, 0);
  });
  sortedEvaluators.forEach((e, i) => {
    const capacity = Math.min(e.maxLoad, arcsPerEvaluator[i]);
    if (capacity > 0) flow.addArc(source, evaluatorNode(i), capacity, 0);
  });
  flow.addArc(sink, source, r * graph.length, 0);
  flow.solve((pivots) => onProgress({ phase: 'solving', done: pivots, total: Math.max(pivots, 4 * flow.arcCount) }));
  onProgress({ phase: 'done', done: 1, total: 1 });

  const chosen = pairArcs.filter((pa) => flow.flowOn(pa.arc) > 0);
  const pairs: AssignedPair[] = chosen
    .map((pa) => ({
      proposalId: pa.proposalId,
      evaluatorId: pa.evaluator.id,
      affinity: pa.candidate.affinity,
      reason: pairReason(pa.candidate),
    }))
    .sort((a, b) => compareIds(a.proposalId, b.proposalId) || compareIds(a.evaluatorId, b.evaluatorId));

  const countriesByProposal = new Map<string, string[]>();
  for (const pa of chosen) {
    const list = countriesByProposal.get(pa.proposalId) ?? [];
    list.push(pa.evaluator.country);
    countriesByProposal.set(pa.proposalId, list);
  }
  let sameCountryPairs = 0;
  for (const countries of countriesByProposal.values()) sameCountryPairs += countSameCountryPairs(countries);

  const uncovered: UncoveredProposal[] = [];
  for (const entry of graph) {
    const assigned = countriesByProposal.get(entry.proposalId)?.length ?? 0;
    if (assigned < r) {
      uncovered.push({
        proposalId: entry.proposalId,
        missing: r - assigned,
        reason: entry.shortfall ?? 'LOADS_EXHAUSTED',
      });
    }
  }

  return {
    pairs,
    totalAffinity: pairs.reduce((sum, pair) => sum + pair.affinity, 0),
    sameCountryPairs,
    assignedCount: pairs.length,
    uncovered,
  };
}
