import type { Violation } from '../domain-error';
import type { ProposalPartner } from '../proposals/proposal-model';

export type ConsortiumMember = Pick<ProposalPartner, 'organisationId' | 'role'>;

export interface ConsortiumChange {
  code: 'PARTNER_ADDED' | 'PARTNER_REMOVED';
  organisationId: string;
}

export interface FullProposalConsistency {
  /** COORDINATOR_CHANGED when the coordinating organisation differs (a hard error at stage-2 submission). */
  violations: Violation[];
  /** Partner organisations added or removed since the pre-proposal: shown to the programme manager, not errors. */
  changes: ConsortiumChange[];
  addedOrganisationIds: string[];
  removedOrganisationIds: string[];
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function coordinators(members: ConsortiumMember[]): string[] {
  return [...new Set(members.filter((m) => m.role === 'COORDINATOR').map((m) => m.organisationId))].sort(byCodeUnits);
}

/**
 * Two-stage calls: a full proposal against the pre-proposal it follows. The coordinator organisation
 * must stay the same (compared as the set of COORDINATOR organisations, so a missing or doubled
 * coordinator on either side counts as a change; E2 reports those on its own). Organisations that
 * joined or left are returned as flags, sorted by id (code-unit order); a partner whose role changed
 * between coordinator and partner is neither added nor removed.
 */
export function checkFullProposalConsistency(
  preProposal: ConsortiumMember[],
  fullProposal: ConsortiumMember[],
): FullProposalConsistency {
  const violations: Violation[] = [];
  const before = coordinators(preProposal);
  const after = coordinators(fullProposal);
  if (before.length !== after.length || before.some((id, i) => id !== after[i])) {
    violations.push({
      field: 'partners',
      code: 'COORDINATOR_CHANGED',
      message:
        `The full proposal must keep the pre-proposal's coordinator (` +
        `${before.join(', ') || 'none'}); it names ${after.join(', ') || 'none'}.`,
      params: { expected: [...before], actual: [...after] },
    });
  }
  const beforeIds = new Set(preProposal.map((m) => m.organisationId));
  const afterIds = new Set(fullProposal.map((m) => m.organisationId));
  const addedOrganisationIds = [...afterIds].filter((id) => !beforeIds.has(id)).sort(byCodeUnits);
  const removedOrganisationIds = [...beforeIds].filter((id) => !afterIds.has(id)).sort(byCodeUnits);
  const changes: ConsortiumChange[] = [
    ...addedOrganisationIds.map((organisationId) => ({ code: 'PARTNER_ADDED' as const, organisationId })),
    ...removedOrganisationIds.map((organisationId) => ({ code: 'PARTNER_REMOVED' as const, organisationId })),
  ];
  return { violations, changes, addedOrganisationIds, removedOrganisationIds };
}
