/**
 * Affinity of an evaluator for a proposal (SPEC §5 V4): an integer 0–100, the share of the proposal's
 * terms (its topic and keywords) found in the evaluator's expertise, × 100, rounded down.
 */

export interface AffinityProposal {
  topic: string;
  keywords: readonly string[];
}

/** Trimmed, lower-cased, de-duplicated, empty strings dropped; first occurrence keeps its place. */
export function normaliseTerms(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const value of values) {
    const term = value.trim().toLowerCase();
    if (term !== '' && !seen.has(term)) {
      seen.add(term);
      terms.push(term);
    }
  }
  return terms;
}

/** The proposal's terms: topic first, then keywords in their order, normalised. */
export function proposalTerms(proposal: AffinityProposal): string[] {
  return normaliseTerms([proposal.topic, ...proposal.keywords]);
}

/** The proposal's terms found in the expertise (same normalisation), in the proposal's term order. */
export function sharedTerms(proposal: AffinityProposal, evaluatorExpertise: readonly string[]): string[] {
  const expertise = new Set(normaliseTerms(evaluatorExpertise));
  return proposalTerms(proposal).filter((term) => expertise.has(term));
}

/** Integer percentage from a count of shared terms over a count of terms (0 when there are no terms). */
export function affinityFromCounts(shared: number, terms: number): number {
  return terms === 0 ? 0 : Math.floor((100 * shared) / terms);
}

export function affinity(proposal: AffinityProposal, evaluatorExpertise: readonly string[]): number {
  return affinityFromCounts(sharedTerms(proposal, evaluatorExpertise).length, proposalTerms(proposal).length);
}
