import { Injectable } from '@nestjs/common';
import type { EligibilityContext, ProposalContent } from '@app/domain';
import { CallRepository, type PartnerRecord, type ProposalRecord, type Tx } from '@app/persistence';

/** Builds what E1–E5 need from the call and its confirmed commitments, and the proposal's full content. */
@Injectable()
export class EligibilityContextLoader {
  constructor(private readonly calls: CallRepository) {}

  async load(manager: Tx, callId: string): Promise<EligibilityContext> {
    const call = await this.calls.find(manager, callId);
    if (!call) throw new Error(`call ${callId} vanished`);
    const commitments = await this.calls.commitments(manager, callId);
    const participatingRegions: EligibilityContext['participatingRegions'] = {};
    for (const c of commitments) {
      if (c.status !== 'CONFIRMED' || !c.rules) continue;
      participatingRegions[c.regionCode] = {
        eligibleOrganisationTypes: c.rules.eligibleOrganisationTypes,
        maxFundingRateBps: c.rules.maxFundingRateBps,
        maxGrantPerPartner: c.rules.maxGrantPerPartner,
        maxPerProject: c.rules.maxPerProject,
        currency: c.currency,
      };
    }
    const { consortium } = call.configuration;
    return {
      consortium: { ...consortium, smeRequired: consortium.smeRequired ?? false },
      participatingRegions,
      kpiCodes: call.configuration.kpiFramework.map((k) => k.code),
      transformativeActivityCodes: call.configuration.transformativeActivityCodes,
    };
  }
}

export function fullContent(proposal: ProposalRecord, partners: PartnerRecord[]): ProposalContent {
  return {
    ...proposal.content,
    partners: partners.map((p) => ({
      organisationId: p.organisationId,
      organisationType: p.organisationType,
      regionCode: p.regionCode,
      role: p.role,
      funded: p.funded,
      eligibleCosts: p.eligibleCosts,
      requestedGrant: p.requestedGrant,
    })),
  };
}
