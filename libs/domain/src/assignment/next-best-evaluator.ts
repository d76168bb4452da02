import { AssignmentEvaluator, AssignmentOptions, AssignmentProposal } from './assignment-model';
import { buildCandidates } from './candidate-graph';
import { pairReason } from './solve-assignment';

export interface NextBestState {
  /** Everyone ever offered this proposal, including the one who declined or let the offer expire. */
  offeredEvaluatorIds: readonly string[];
  /** Current assignments per evaluator (missing id = 0). */
  loadByEvaluatorId: Readonly<Record<string, number>>;
}

export type NextBestEvaluator =
  { evaluatorId: string; affinity: number; reason: string } | { evaluatorId: null; reason: 'NO_CANDIDATE_LEFT' };

/**
 * The next best evaluator for one proposal after a decline or expiry (SPEC §5 V4): among the proposal's
 * candidates (its best K non-conflicted evaluators, exactly as `buildCandidates` defines them), the first by
 * affinity descending then evaluator id ascending that has spare load (load < maxLoad) and was never
 * offered this proposal. Conflicted evaluators are never candidates (V2).
 */
export function nextBestEvaluator(
  proposal: AssignmentProposal,
  evaluators: readonly AssignmentEvaluator[],
  options: AssignmentOptions,
  state: NextBestState,
): NextBestEvaluator {
  const [entry] = buildCandidates([proposal], evaluators, options);
  const offered = new Set(state.offeredEvaluatorIds);
  const maxLoad = new Map(evaluators.map((e) => [e.id, e.maxLoad]));
  const next = entry.candidates.find(
    (c) =>
      !offered.has(c.evaluatorId) &&
      (state.loadByEvaluatorId[c.evaluatorId] ?? 0) < (maxLoad.get(c.evaluatorId) as number),
  );
  if (next === undefined) return { evaluatorId: null, reason: 'NO_CANDIDATE_LEFT' };
  return { evaluatorId: next.evaluatorId, affinity: next.affinity, reason: pairReason(next) };
}
