import { DomainError } from '../domain-error';
import { affinityFromCounts, normaliseTerms, proposalTerms } from './affinity';
import {
  AssignmentEvaluator,
  AssignmentOptions,
  AssignmentProgressListener,
  AssignmentProposal,
  CandidateShortfall,
  compareIds,
  DEFAULT_CANDIDATES_PER_PROPOSAL,
} from './assignment-model';

export interface Candidate {
  evaluatorId: string;
  affinity: number;
  /** The proposal's terms in the evaluator's expertise, in the proposal's term order. */
  sharedTerms: string[];
}

export interface ProposalCandidates {
  proposalId: string;
  /** Best K non-conflicted evaluators: affinity descending, then evaluator id ascending. */
  candidates: Candidate[];
  /** Set when there are fewer candidates than `reviewersPerProposal`. */
  shortfall?: CandidateShortfall;
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError(
      'ASSIGNMENT_INVALID_INPUT',
      `${name} must be a non-negative integer, got ${value}`,
      'rule',
      [],
      { field: name, actual: String(value) },
    );
  }
}

function requireUniqueIds(kind: string, ids: readonly string[]): void {
  const sorted = [...ids].sort(compareIds);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i] === sorted[i - 1]) {
      throw new DomainError('ASSIGNMENT_DUPLICATE_ID', `duplicate ${kind} id '${sorted[i]}'`, 'rule', [], {
        kind,
        id: sorted[i],
      });
    }
  }
}

/** Validates the input; throws `DomainError` with code ASSIGNMENT_INVALID_INPUT or ASSIGNMENT_DUPLICATE_ID. */
export function validateAssignmentInput(
  proposals: readonly AssignmentProposal[],
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
): void {
  requireCount('reviewersPerProposal', options.reviewersPerProposal);
  requireCount('candidatesPerProposal', options.candidatesPerProposal ?? DEFAULT_CANDIDATES_PER_PROPOSAL);
  for (const evaluator of evaluators) requireCount(`maxLoad of evaluator '${evaluator.id}'`, evaluator.maxLoad);
  requireUniqueIds(
    'proposal',
    proposals.map((p) => p.id),
  );
  requireUniqueIds(
    'evaluator',
    evaluators.map((e) => e.id),
  );
}

/** V2 hard conflicts. */
export function isHardConflict(
  proposal: AssignmentProposal,
  evaluator: AssignmentEvaluator,
  excludePartnerRegions: boolean,
): boolean {
  return (
    (evaluator.organisationId !== null && proposal.organisationIds.includes(evaluator.organisationId)) ||
    evaluator.declaredConflicts.includes(proposal.id) ||
    (excludePartnerRegions && proposal.regionCodes.includes(evaluator.regionCode))
  );
}

/** Evaluator indices (in id order) under a key, for the conflict rules. */
function indexBy(keysOf: (index: number) => readonly string[], count: number): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let i = 0; i < count; i += 1) {
    for (const key of keysOf(i)) {
      const list = index.get(key);
      if (list === undefined) index.set(key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
  return index;
}

/**
 * The candidate graph (SPEC V4): per proposal (sorted by id), the best K evaluators left after the hard
 * conflicts, by affinity descending then evaluator id ascending. Input order does not matter.
 *
 * Built from inverted indexes (term → evaluators, organisation/region/declared conflict → evaluators)
 * so that a proposal costs the size of its terms' posting lists, not the size of the pool; evaluators
 * sharing no term have affinity 0 and fill the list in id order when fewer than K share one.
 */
export function buildCandidates(
  proposals: readonly AssignmentProposal[],
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
  onProgress: AssignmentProgressListener = () => undefined,
): ProposalCandidates[] {
  validateAssignmentInput(proposals, evaluators, options);
  const k = options.candidatesPerProposal ?? DEFAULT_CANDIDATES_PER_PROPOSAL;
  const sortedProposals = [...proposals].sort((a, b) => compareIds(a.id, b.id));
  const pool = [...evaluators].sort((a, b) => compareIds(a.id, b.id));
  const size = pool.length;
  const expertise = pool.map((e) => new Set(normaliseTerms(e.expertise)));
  const byTerm = indexBy((i) => [...expertise[i]], size);
  const byOrganisation = indexBy(
    (i) => (pool[i].organisationId === null ? [] : [pool[i].organisationId as string]),
    size,
  );
  const byRegion = indexBy((i) => [pool[i].regionCode], size);
  const byDeclaredConflict = indexBy((i) => pool[i].declaredConflicts, size);

  const sharedCount = new Int32Array(size);
  const conflictStamp = new Int32Array(size);
  const positiveStamp = new Int32Array(size);
  const result: ProposalCandidates[] = [];
  sortedProposals.forEach((proposal, p) => {
    const stamp = p + 1;
    let conflicted = 0;
    const markConflicts = (list: number[] | undefined): void => {
      for (const i of list ?? []) {
        if (conflictStamp[i] !== stamp) {
          conflictStamp[i] = stamp;
          conflicted += 1;
        }
      }
    };
    for (const organisationId of proposal.organisationIds) markConflicts(byOrganisation.get(organisationId));
    markConflicts(byDeclaredConflict.get(proposal.id));
    if (options.excludePartnerRegions) for (const region of proposal.regionCodes) markConflicts(byRegion.get(region));

    const terms = proposalTerms(proposal);
    const touched: number[] = [];
    for (const term of terms) {
      for (const i of byTerm.get(term) ?? []) {
        if (conflictStamp[i] === stamp) continue;
        if (sharedCount[i] === 0) touched.push(i);
        sharedCount[i] += 1;
      }
    }
    // Positive affinities ordered by (affinity desc, id asc) through one numeric key per evaluator.
    const keys = new Float64Array(touched.length);
    let positives = 0;
    for (const i of touched) {
      const value = affinityFromCounts(sharedCount[i], terms.length);
      sharedCount[i] = 0;
      if (value > 0) keys[positives++] = (100 - value) * size + i;
    }
    const ranked = keys.subarray(0, positives).sort();
    const chosen: number[] = [];
    for (let j = 0; j < ranked.length && chosen.length < k; j += 1) {
      const i = ranked[j] % size;
      positiveStamp[i] = stamp;
      chosen.push(i);
    }
    for (let i = 0; i < size && chosen.length < k; i += 1) {
      if (conflictStamp[i] !== stamp && positiveStamp[i] !== stamp) chosen.push(i);
    }
    const candidates = chosen.map((i): Candidate => {
      const shared = terms.filter((term) => expertise[i].has(term));
      return {
        evaluatorId: pool[i].id,
        affinity: affinityFromCounts(shared.length, terms.length),
        sharedTerms: shared,
      };
    });
    const entry: ProposalCandidates = { proposalId: proposal.id, candidates };
    if (candidates.length < options.reviewersPerProposal) {
      entry.shortfall = size === 0 ? 'NO_EVALUATORS' : conflicted === size ? 'ALL_CONFLICTED' : 'TOO_FEW_CANDIDATES';
    }
    result.push(entry);
    if ((p & 255) === 255 || p === sortedProposals.length - 1) {
      onProgress({ phase: 'candidates', done: p + 1, total: sortedProposals.length });
    }
  });
  return result;
}
