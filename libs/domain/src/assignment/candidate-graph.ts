import { DomainError } from '../domain-error';
import { affinityFromCounts, normaliseTerms, proposalTerms } from './affinity';
import {
  AssignmentEvaluator,
  AssignmentOptions,
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
    throw new DomainError('ASSIGNMENT_INVALID_INPUT', `${name} must be a non-negative integer, got ${value}`);
  }
}

function requireUniqueIds(kind: string, ids: readonly string[]): void {
  const sorted = [...ids].sort(compareIds);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i] === sorted[i - 1]) {
      throw new DomainError('ASSIGNMENT_DUPLICATE_ID', `duplicate ${kind} id '${sorted[i]}'`);
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
  requireUniqueIds('proposal', proposals.map((p) => p.id));
  requireUniqueIds('evaluator', evaluators.map((e) => e.id));
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

/**
 * The candidate graph (SPEC V4): per proposal (sorted by id), the best K evaluators left after the hard
 * conflicts, by affinity descending then evaluator id ascending. Input order does not matter.
 */
export function buildCandidates(
  proposals: readonly AssignmentProposal[],
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
): ProposalCandidates[] {
  validateAssignmentInput(proposals, evaluators, options);
  const k = options.candidatesPerProposal ?? DEFAULT_CANDIDATES_PER_PROPOSAL;
  const sortedProposals = [...proposals].sort((a, b) => compareIds(a.id, b.id));
  const expertise = evaluators.map((e) => ({ evaluator: e, terms: new Set(normaliseTerms(e.expertise)) }));

  return sortedProposals.map((proposal) => {
    const terms = proposalTerms(proposal);
    const free = expertise.filter(({ evaluator }) => !isHardConflict(proposal, evaluator, options.excludePartnerRegions));
    const candidates = free
      .map(({ evaluator, terms: known }): Candidate => {
        const shared = terms.filter((term) => known.has(term));
        return { evaluatorId: evaluator.id, affinity: affinityFromCounts(shared.length, terms.length), sharedTerms: shared };
      })
      .sort((a, b) => b.affinity - a.affinity || compareIds(a.evaluatorId, b.evaluatorId))
      .slice(0, k);
    const entry: ProposalCandidates = { proposalId: proposal.id, candidates };
    if (candidates.length < options.reviewersPerProposal) {
      entry.shortfall =
        evaluators.length === 0 ? 'NO_EVALUATORS' : free.length === 0 ? 'ALL_CONFLICTED' : 'TOO_FEW_CANDIDATES';
    }
    return entry;
  });
}
