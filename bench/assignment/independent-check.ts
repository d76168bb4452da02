/**
 * An independent reading of SPEC §5 V1–V4, written without the solver's code: the candidate graph
 * (affinity, hard conflicts, best K by affinity then id) from an inverted term index, and a check of a
 * result against V1–V3 and against the figures it reports.
 */
import type { AssignmentEvaluator, AssignmentOptions, AssignmentProposal, AssignmentResult } from '@app/domain';

export interface ReferenceCandidate {
  evaluator: number;
  affinity: number;
}

export interface ReferenceGraph {
  /** Sorted by id (code-unit order). */
  proposals: AssignmentProposal[];
  evaluators: AssignmentEvaluator[];
  /** Per proposal (same order): its best K candidates, affinity descending then evaluator id. */
  candidates: ReferenceCandidate[][];
  /**
   * Per proposal: how many evaluators are free of a hard conflict (exact only below reviewersPerProposal candidates).
   */
  free: number[];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** SPEC V4: lower-cased, de-duplicated (and trimmed, empty dropped). */
function terms(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v !== ''))];
}

/** SPEC V2, hard conflicts. */
export function conflicted(
  proposal: AssignmentProposal,
  evaluator: AssignmentEvaluator,
  excludePartnerRegions: boolean,
): boolean {
  if (evaluator.organisationId !== null && proposal.organisationIds.includes(evaluator.organisationId)) return true;
  if (evaluator.declaredConflicts.includes(proposal.id)) return true;
  return excludePartnerRegions && proposal.regionCodes.includes(evaluator.regionCode);
}

export function referenceGraph(
  proposalsIn: readonly AssignmentProposal[],
  evaluatorsIn: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
): ReferenceGraph {
  const k = options.candidatesPerProposal ?? 50;
  const proposals = [...proposalsIn].sort(byId);
  const evaluators = [...evaluatorsIn].sort(byId);
  const index = new Map<string, number[]>();
  evaluators.forEach((e, i) => {
    for (const term of terms(e.expertise)) {
      const list = index.get(term) ?? [];
      list.push(i);
      index.set(term, list);
    }
  });
  const shared = new Int32Array(evaluators.length);
  const candidates: ReferenceCandidate[][] = [];
  const free: number[] = [];
  for (const proposal of proposals) {
    const own = terms([proposal.topic, ...proposal.keywords]);
    const touched: number[] = [];
    for (const term of own) {
      for (const e of index.get(term) ?? []) {
        if (shared[e] === 0) touched.push(e);
        shared[e] += 1;
      }
    }
    const isFree = (e: number): boolean => !conflicted(proposal, evaluators[e], options.excludePartnerRegions);
    // Evaluators sharing a term, best first (evaluator indices follow id order); then affinity 0 by id.
    const scored = touched
      .filter(isFree)
      .map((e) => ({ evaluator: e, affinity: own.length === 0 ? 0 : Math.floor((100 * shared[e]) / own.length) }))
      .sort((a, b) => b.affinity - a.affinity || a.evaluator - b.evaluator);
    const chosen = scored.filter((c) => c.affinity > 0).slice(0, k);
    const zeroes = new Set(scored.filter((c) => c.affinity === 0).map((c) => c.evaluator));
    for (let e = 0; e < evaluators.length && chosen.length < k; e += 1) {
      if ((shared[e] === 0 || zeroes.has(e)) && isFree(e)) chosen.push({ evaluator: e, affinity: 0 });
    }
    candidates.push(chosen);
    // Counted only where a shortfall reason needs it (fewer candidates than reviewers): O(E) each.
    let freeCount = chosen.length;
    if (chosen.length < options.reviewersPerProposal) {
      freeCount = 0;
      for (let e = 0; e < evaluators.length; e += 1) if (isFree(e)) freeCount += 1;
    }
    free.push(freeCount);
    for (const e of touched) shared[e] = 0;
  }
  return { proposals, evaluators, candidates, free };
}

export interface Figures {
  coverage: number;
  sameCountryPairs: number;
  totalAffinity: number;
}

/**
 * Checks a result against the reference graph: pairs are candidates (so V2 holds and the affinity is
 * right), V1 (≤ r per proposal), V3 (≤ maxLoad), no pair twice, the reported figures and the uncovered
 * list (with the SPEC's reasons). Returns the violations found (empty when all hold) and the figures.
 */
export function verifyResult(
  graph: ReferenceGraph,
  options: AssignmentOptions,
  result: AssignmentResult,
): { violations: string[]; figures: Figures } {
  const r = options.reviewersPerProposal;
  const violations: string[] = [];
  const report = (message: string): void => {
    if (violations.length < 20) violations.push(message);
  };
  const proposalIndex = new Map(graph.proposals.map((p, i) => [p.id, i]));
  const evaluatorIndex = new Map(graph.evaluators.map((e, i) => [e.id, i]));
  const load = new Int32Array(graph.evaluators.length);
  const perProposal = graph.proposals.map(() => [] as number[]);
  const seen = new Set<string>();
  let totalAffinity = 0;
  for (const pair of result.pairs) {
    const p = proposalIndex.get(pair.proposalId);
    const e = evaluatorIndex.get(pair.evaluatorId);
    if (p === undefined || e === undefined) {
      report(`unknown pair ${pair.proposalId}–${pair.evaluatorId}`);
      continue;
    }
    const key = `${p}:${e}`;
    if (seen.has(key)) report(`pair ${pair.proposalId}–${pair.evaluatorId} twice`);
    seen.add(key);
    if (conflicted(graph.proposals[p], graph.evaluators[e], options.excludePartnerRegions)) {
      report(`V2: ${pair.evaluatorId} is conflicted with ${pair.proposalId}`);
    }
    const candidate = graph.candidates[p].find((c) => c.evaluator === e);
    if (!candidate) report(`V4: ${pair.evaluatorId} is not among the best K candidates of ${pair.proposalId}`);
    else if (candidate.affinity !== pair.affinity)
      report(
        `V4: affinity of ${pair.proposalId}–${pair.evaluatorId} is ${candidate.affinity}, reported ${pair.affinity}`,
      );
    load[e] += 1;
    perProposal[p].push(e);
    totalAffinity += candidate?.affinity ?? 0;
  }
  graph.evaluators.forEach((e, i) => {
    if (load[i] > e.maxLoad) report(`V3: ${e.id} has ${load[i]} proposals, maxLoad ${e.maxLoad}`);
  });
  let sameCountryPairs = 0;
  const uncovered = new Map(result.uncovered.map((u) => [u.proposalId, u]));
  graph.proposals.forEach((proposal, p) => {
    const assigned = perProposal[p].length;
    if (assigned > r) report(`V1: ${proposal.id} has ${assigned} evaluators, at most ${r} wanted`);
    const countries = new Map<string, number>();
    for (const e of perProposal[p])
      countries.set(graph.evaluators[e].country, (countries.get(graph.evaluators[e].country) ?? 0) + 1);
    for (const c of countries.values()) sameCountryPairs += (c * (c - 1)) / 2;
    const entry = uncovered.get(proposal.id);
    if (assigned < r) {
      const n = graph.candidates[p].length;
      const reason =
        n >= r
          ? 'LOADS_EXHAUSTED'
          : graph.evaluators.length === 0
            ? 'NO_EVALUATORS'
            : graph.free[p] === 0
              ? 'ALL_CONFLICTED'
              : 'TOO_FEW_CANDIDATES';
      if (!entry || entry.missing !== r - assigned || entry.reason !== reason) {
        report(
          `uncovered ${proposal.id}: expected missing ${r - assigned} (${reason}), ` +
            `got ${entry ? `${entry.missing} (${entry.reason})` : 'nothing'}`,
        );
      }
    } else if (entry) {
      report(`uncovered ${proposal.id} listed although it has ${assigned} evaluators`);
    }
  });
  if (uncovered.size !== result.uncovered.length) report('uncovered lists a proposal twice');
  const figures = { coverage: result.pairs.length, sameCountryPairs, totalAffinity };
  if (result.assignedCount !== figures.coverage)
    report(`assignedCount ${result.assignedCount}, counted ${figures.coverage}`);
  if (result.sameCountryPairs !== sameCountryPairs)
    report(`sameCountryPairs ${result.sameCountryPairs}, counted ${sameCountryPairs}`);
  if (result.totalAffinity !== totalAffinity) report(`totalAffinity ${result.totalAffinity}, counted ${totalAffinity}`);
  return { violations, figures };
}
