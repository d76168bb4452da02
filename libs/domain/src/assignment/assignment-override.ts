import { DomainError, type ProblemParams, Violation } from '../domain-error';
import { affinity, sharedTerms } from './affinity';
import {
  AssignedPair,
  AssignmentEvaluator,
  AssignmentOptions,
  AssignmentProposal,
  AssignmentResult,
  compareIds,
  countSameCountryPairs,
} from './assignment-model';
import { isHardConflict } from './candidate-graph';
import { pairReason } from './solve-assignment';

export interface PairOverride {
  proposalId: string;
  removeEvaluatorId: string;
  addEvaluatorId: string;
}

export interface OverrideOutcome {
  result: AssignmentResult;
  /** Old total affinity − new total affinity (negative when the override raises it). */
  affinityLoss: number;
  /** New same-country pairs − old same-country pairs. */
  sameCountryPairsDelta: number;
}

function sameCountryPairsOf(pairs: readonly AssignedPair[], countryOf: (evaluatorId: string) => string): number {
  const byProposal = new Map<string, string[]>();
  for (const pair of pairs) {
    const list = byProposal.get(pair.proposalId) ?? [];
    list.push(countryOf(pair.evaluatorId));
    byProposal.set(pair.proposalId, list);
  }
  let total = 0;
  for (const countries of byProposal.values()) total += countSameCountryPairs(countries);
  return total;
}

/**
 * The rules an evaluator added to a proposal by hand must meet, every broken one listed, in this order:
 * not already on (or, for offers, never offered) the proposal (OVERRIDE_DUPLICATE), no hard conflict (V2,
 * OVERRIDE_CONFLICT), a free load (V3, OVERRIDE_OVERLOAD). `field` names the request field the violations are about.
 */
export function addedEvaluatorViolations(
  proposal: AssignmentProposal,
  evaluator: AssignmentEvaluator,
  state: { excludePartnerRegions: boolean; load: number; alreadyOnProposal: boolean },
  field?: string,
): Violation[] {
  const at = field === undefined ? {} : { field };
  const violations: Violation[] = [];
  if (state.alreadyOnProposal) {
    violations.push({
      ...at,
      code: 'OVERRIDE_DUPLICATE',
      message: `evaluator '${evaluator.id}' is already assigned to proposal '${proposal.id}'`,
      params: { evaluatorId: evaluator.id, proposalId: proposal.id },
    });
  }
  if (isHardConflict(proposal, evaluator, state.excludePartnerRegions)) {
    violations.push({
      ...at,
      rule: 'V2',
      code: 'OVERRIDE_CONFLICT',
      message: `evaluator '${evaluator.id}' has a conflict of interest with proposal '${proposal.id}'`,
      params: { evaluatorId: evaluator.id, proposalId: proposal.id },
    });
  }
  if (state.load + 1 > evaluator.maxLoad) {
    violations.push({
      ...at,
      rule: 'V3',
      code: 'OVERRIDE_OVERLOAD',
      message: `evaluator '${evaluator.id}' already has ${state.load} of at most ${evaluator.maxLoad} proposals`,
      params: { evaluatorId: evaluator.id, actual: state.load, max: evaluator.maxLoad },
    });
  }
  return violations;
}

/**
 * A programme manager replaces one pair of an assignment (SPEC §5 V4). The new evaluator may lie outside the
 * proposal's top K, but V2 still holds and V3 too. Refusals list every broken rule at once in `violations`;
 * the error's code is the first of OVERRIDE_UNKNOWN_PAIR, OVERRIDE_DUPLICATE, OVERRIDE_CONFLICT,
 * OVERRIDE_OVERLOAD that applies. An id absent from `proposals` or `evaluators` is refused with
 * OVERRIDE_UNKNOWN_ID (kind 'not-found').
 */
export function overridePair(
  assignment: AssignmentResult,
  proposals: readonly AssignmentProposal[],
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
  change: PairOverride,
): OverrideOutcome {
  const proposal = proposals.find((p) => p.id === change.proposalId);
  const evaluatorById = new Map(evaluators.map((e) => [e.id, e]));
  const added = evaluatorById.get(change.addEvaluatorId);
  if (proposal === undefined || added === undefined) {
    const missing = proposal === undefined ? `proposal '${change.proposalId}'` : `evaluator '${change.addEvaluatorId}'`;
    const params: ProblemParams =
      proposal === undefined ? { proposalId: change.proposalId } : { evaluatorId: change.addEvaluatorId };
    throw new DomainError('OVERRIDE_UNKNOWN_ID', `unknown ${missing}`, 'not-found', [], params);
  }
  const countryOf = (evaluatorId: string): string => {
    const evaluator = evaluatorById.get(evaluatorId);
    if (evaluator === undefined) {
      throw new DomainError(
        'OVERRIDE_UNKNOWN_ID',
        `the assignment names unknown evaluator '${evaluatorId}'`,
        'not-found',
        [],
        { evaluatorId },
      );
    }
    return evaluator.country;
  };

  const violations: Violation[] = [];
  const removedIndex = assignment.pairs.findIndex(
    (p) => p.proposalId === change.proposalId && p.evaluatorId === change.removeEvaluatorId,
  );
  if (removedIndex === -1) {
    violations.push({
      code: 'OVERRIDE_UNKNOWN_PAIR',
      message: `evaluator '${change.removeEvaluatorId}' is not assigned to proposal '${change.proposalId}'`,
      params: { evaluatorId: change.removeEvaluatorId, proposalId: change.proposalId },
    });
  }
  violations.push(
    ...addedEvaluatorViolations(proposal, added, {
      excludePartnerRegions: options.excludePartnerRegions,
      load: assignment.pairs.filter((p) => p.evaluatorId === added.id).length,
      alreadyOnProposal: assignment.pairs.some(
        (p) => p.proposalId === change.proposalId && p.evaluatorId === change.addEvaluatorId,
      ),
    }),
  );
  if (violations.length > 0) {
    // The error is named after its first violation: its params are that violation's.
    throw new DomainError(
      violations[0].code,
      violations.map((v) => v.message).join('; '),
      'rule',
      violations,
      violations[0].params,
    );
  }

  const candidate = {
    affinity: affinity(proposal, added.expertise),
    sharedTerms: sharedTerms(proposal, added.expertise),
  };
  const newPair: AssignedPair = {
    proposalId: proposal.id,
    evaluatorId: added.id,
    affinity: candidate.affinity,
    reason: `manual override; ${pairReason(candidate)}`,
  };
  const pairs = [...assignment.pairs.slice(0, removedIndex), ...assignment.pairs.slice(removedIndex + 1), newPair].sort(
    (a, b) => compareIds(a.proposalId, b.proposalId) || compareIds(a.evaluatorId, b.evaluatorId),
  );
  const totalAffinity = pairs.reduce((sum, pair) => sum + pair.affinity, 0);
  const oldSameCountry = sameCountryPairsOf(assignment.pairs, countryOf);
  const sameCountryPairs = sameCountryPairsOf(pairs, countryOf);
  return {
    result: {
      ...assignment,
      uncovered: [...assignment.uncovered],
      pairs,
      totalAffinity,
      sameCountryPairs,
      assignedCount: pairs.length,
    },
    affinityLoss: assignment.pairs.reduce((sum, pair) => sum + pair.affinity, 0) - totalAffinity,
    sameCountryPairsDelta: sameCountryPairs - oldSameCountry,
  };
}
