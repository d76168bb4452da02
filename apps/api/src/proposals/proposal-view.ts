import { requestedFundingByRegion } from '@app/domain';
import type { VisibleProposal } from './proposal-access';

/** A proposal as the caller may see it: partner budgets only for the regions `budgetRegions` allows. */
export function proposalView({ proposal, partners, budgetRegions }: VisibleProposal) {
  return {
    id: proposal.id,
    callId: proposal.callId,
    stage: proposal.stageNo,
    state: proposal.state,
    coordinatorOrganisationId: proposal.coordinatorOrganisationId,
    revision: proposal.revision,
    lastVersion: proposal.lastVersion,
    lastSubmittedAt: proposal.lastSubmittedAt,
    withdrawnReason: proposal.withdrawnReason,
    eligibilityReasons: proposal.eligibilityReasons,
    preProposalId: proposal.preProposalId,
    consortiumChanges: proposal.consortiumChanges,
    ...proposal.content,
    partners: partners.map((p) => ({
      organisationId: p.organisationId,
      legalName: p.legalName,
      organisationType: p.organisationType,
      regionCode: p.regionCode,
      role: p.role,
      status: p.status,
      funded: p.funded,
      ...(budgetRegions === null || budgetRegions.includes(p.regionCode)
        ? { eligibleCosts: p.eligibleCosts, requestedGrant: p.requestedGrant }
        : {}),
    })),
    requestedFundingByRegion: requestedFundingByRegion(
      partners.map((p) => ({
        organisationId: p.organisationId,
        organisationType: p.organisationType,
        regionCode: p.regionCode,
        role: p.role,
        funded: p.funded,
        eligibleCosts: p.eligibleCosts,
        requestedGrant: p.requestedGrant,
      })),
    ),
    createdAt: proposal.createdAt,
    updatedAt: proposal.updatedAt,
  };
}
