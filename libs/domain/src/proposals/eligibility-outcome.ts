import type { Violation } from '../domain-error';

export interface RegionalDecision {
  organisationId: string;
  regionCode: string;
  decision: 'PENDING' | 'ELIGIBLE' | 'INELIGIBLE';
  reason: string | null;
}

export interface EligibilityOutcome {
  /** PENDING while any funded partner's regional decision is missing (SPEC R2: it never passes silently). */
  state: 'PENDING' | 'ELIGIBLE' | 'INELIGIBLE';
  reasons: string[];
}

/**
 * SPEC R2: a proposal is eligible when every funded partner is declared eligible by its region and
 * E1–E5 still hold; one ineligible partner or a broken rule makes it ineligible, with every reason.
 * An ineligible decision is final even while other decisions are missing.
 */
export function eligibilityOutcome(decisions: RegionalDecision[], ruleViolations: Violation[]): EligibilityOutcome {
  const reasons = [
    ...decisions
      .filter((d) => d.decision === 'INELIGIBLE')
      .map((d) => `${d.regionCode}: partner ${d.organisationId} is ineligible — ${d.reason ?? 'no reason given'}`),
    ...ruleViolations.map((v) => `${v.rule ?? v.code}: ${v.message}`),
  ].sort();
  if (reasons.length > 0) return { state: 'INELIGIBLE', reasons };
  if (decisions.some((d) => d.decision === 'PENDING')) return { state: 'PENDING', reasons: [] };
  return { state: 'ELIGIBLE', reasons: [] };
}
