import { randomUUID } from 'node:crypto';
import type { CommitmentTerms } from '@app/domain';
import { queryRows } from './reset-database';

const DAY = 86_400_000;

/** A call configuration body (API shape) with its timeline measured from `startMs`. */
export function callBody(startMs: number, offsetsDays: { alignment: number; opens: number } = { alignment: 10, opens: 20 }, overrides: Record<string, unknown> = {}) {
  const at = (days: number): string => new Date(startMs + days * DAY).toISOString();
  return {
    title: `Alpine Cluster Innovation Express ${randomUUID().slice(0, 6)}`,
    description: 'Cross-regional R&D projects of cluster initiatives.',
    actionType: 'RD_PROJECT',
    stages: 1,
    timeline: {
      alignmentDeadline: at(offsetsDays.alignment),
      opensAt: at(offsetsDays.opens),
      stages: [{ submissionDeadline: at(offsetsDays.opens + 40), eligibilityDeadline: at(offsetsDays.opens + 50), reviewDeadline: at(offsetsDays.opens + 70) }],
      decisionDeadline: at(offsetsDays.opens + 100),
    },
    consortium: { minPartners: 2, minRegions: 2, minDurationMonths: 6, maxDurationMonths: 36 },
    flexibilityAllowed: true,
    referenceRates: { CHF: '1.0650' },
    ...overrides,
  };
}

/** Terms an agency proposes: `amount` in minor units of `currency`. */
export function terms(amount: number, currency = 'EUR', flexibility = 0): CommitmentTerms {
  return {
    currency,
    amount,
    flexibility,
    rules: {
      eligibleOrganisationTypes: ['SME', 'UNIVERSITY', 'RESEARCH_ORG'],
      maxFundingRateBps: { SME: 7000, UNIVERSITY: 10000, RESEARCH_ORG: 10000 },
      maxGrantPerPartner: 30_000_000,
      extraReportFields: [],
    },
  };
}

export interface AgencyFixture {
  id: string;
  regionCode: string;
  officers: Array<{ id: string; email: string }>;
}

/** An agency with `officerCount` active officers (raw SQL: fixtures, not the feature under test). */
export async function createAgency(url: string, regionCode: string, officerCount = 1): Promise<AgencyFixture> {
  const id = randomUUID();
  await queryRows(url, 'INSERT INTO funding_agency (id, region_code, name, programme_name) VALUES ($1, $2, $3, $4)', [id, regionCode, `Agency ${regionCode} ${id.slice(0, 6)}`, 'Regional programme']);
  const officers = [];
  for (let i = 0; i < officerCount; i += 1) {
    const userId = randomUUID();
    const email = `officer-${regionCode.toLowerCase()}-${userId.slice(0, 8)}@acie.test`;
    await queryRows(url, "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')", [userId, email, `Officer ${regionCode} ${i}`]);
    await queryRows(url, "INSERT INTO role_grant (id, user_id, role, agency_id) VALUES ($1, $2, 'AGENCY_OFFICER', $3)", [randomUUID(), userId, id]);
    officers.push({ id: userId, email });
  }
  return { id, regionCode, officers };
}

export async function createUser(url: string, role: 'PROGRAMME_MANAGER' | 'ADMIN' | 'EVALUATOR'): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${role.toLowerCase()}-${id.slice(0, 8)}@acie.test`;
  await queryRows(url, "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')", [id, email, role]);
  await queryRows(url, 'INSERT INTO role_grant (id, user_id, role) VALUES ($1, $2, $3)', [randomUUID(), id, role]);
  return { id, email };
}
