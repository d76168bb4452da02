import type { OrganisationType } from '../identity/roles';

/**
 * A proposal's content (SPEC §3 Proposal, Partner). Money is integer minor units of the partner's
 * region's currency; durations in months. This is what a submission freezes into a version.
 */
export interface ProposalMilestone {
  title: string;
  /** Due at the end of the project's month N (1-based) in the call's time zone. */
  dueMonth: number;
  deliverables: string[];
  /** Organisation id of the responsible partner. */
  responsibleOrganisationId: string;
  /** The mid-term milestone (at most one). */
  midTerm: boolean;
}

export interface ProposalPartner {
  organisationId: string;
  organisationType: OrganisationType;
  /** The organisation's region (from the organisation record). */
  regionCode: string;
  role: 'COORDINATOR' | 'PARTNER';
  funded: boolean;
  /** Minor units. */
  eligibleCosts: number;
  /** Minor units; 0 for self-funded partners. */
  requestedGrant: number;
}

export interface ProposalContent {
  acronym: string;
  title: string;
  abstract: string;
  topic: string;
  keywords: string[];
  transformativeActivityCodes: string[];
  durationMonths: number;
  partners: ProposalPartner[];
  workPlan: ProposalMilestone[];
  /** KPI code → target value. */
  kpiTargets: Record<string, number>;
  /** Attachments by their SHA-256 (hex), with name and size. */
  attachments: Array<{ name: string; mediaType: string; size: number; sha256: string }>;
}

/** What E1–E5 need to know about the call and its regions (from the call and its confirmed commitments). */
export interface EligibilityContext {
  consortium: {
    minPartners: number;
    minRegions: number;
    maxPartners?: number;
    smeRequired: boolean;
    minDurationMonths: number;
    maxDurationMonths: number;
  };
  /** Regions with a CONFIRMED commitment, with their regional rules. */
  participatingRegions: Record<
    string,
    {
      eligibleOrganisationTypes: OrganisationType[];
      maxFundingRateBps: Partial<Record<OrganisationType, number>>;
      maxGrantPerPartner?: number;
      maxPerProject?: number;
      /** ISO 4217 code of the region's money (the amounts above and the partners' amounts); named in refusals. */
      currency?: string;
    }
  >;
  /** KPI codes of the call's framework (targets for other codes are refused). */
  kpiCodes: string[];
  transformativeActivityCodes: string[];
}

export const PROPOSAL_STATES = [
  'DRAFT',
  'SUBMITTED',
  'WITHDRAWN',
  'ELIGIBILITY_CHECK',
  'INELIGIBLE',
  'ELIGIBLE',
  'IN_REVIEW',
  'REVIEWED',
  'BELOW_THRESHOLD',
  'RANKED',
  'SELECTED',
  'RESERVE',
  'NOT_FUNDED',
  'FUNDED',
] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];
