import { randomUUID } from 'node:crypto';
import { withCallDefaults, type CallConfigurationInput, type CommitmentTerms } from '@app/domain';
import { queryRows } from './reset-database';

const DAY = 86_400_000;

/** A call configuration body (API shape) with its timeline measured from `startMs`. */
export function callBody(
  startMs: number,
  offsetsDays: { alignment: number; opens: number } = { alignment: 10, opens: 20 },
  overrides: Record<string, unknown> = {},
) {
  const at = (days: number): string => new Date(startMs + days * DAY).toISOString();
  return {
    title: `Alpine Cluster Innovation Express ${randomUUID().slice(0, 6)}`,
    description: 'Cross-regional R&D projects of cluster initiatives.',
    actionType: 'RD_PROJECT',
    stages: 1,
    timeline: {
      alignmentDeadline: at(offsetsDays.alignment),
      opensAt: at(offsetsDays.opens),
      stages: [
        {
          submissionDeadline: at(offsetsDays.opens + 40),
          eligibilityDeadline: at(offsetsDays.opens + 50),
          reviewDeadline: at(offsetsDays.opens + 70),
        },
      ],
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
  await queryRows(url, 'INSERT INTO funding_agency (id, region_code, name, programme_name) VALUES ($1, $2, $3, $4)', [
    id,
    regionCode,
    `Agency ${regionCode} ${id.slice(0, 6)}`,
    'Regional programme',
  ]);
  const officers = [];
  for (let i = 0; i < officerCount; i += 1) {
    const userId = randomUUID();
    const email = `officer-${regionCode.toLowerCase()}-${userId.slice(0, 8)}@acie.test`;
    await queryRows(url, "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')", [
      userId,
      email,
      `Officer ${regionCode} ${i}`,
    ]);
    await queryRows(
      url,
      "INSERT INTO role_grant (id, user_id, role, agency_id) VALUES ($1, $2, 'AGENCY_OFFICER', $3)",
      [randomUUID(), userId, id],
    );
    officers.push({ id: userId, email });
  }
  return { id, regionCode, officers };
}

export async function createUser(
  url: string,
  role: 'PROGRAMME_MANAGER' | 'ADMIN' | 'EVALUATOR',
): Promise<{ id: string; email: string }> {
  const id = randomUUID();
  const email = `${role.toLowerCase()}-${id.slice(0, 8)}@acie.test`;
  await queryRows(url, "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')", [
    id,
    email,
    role,
  ]);
  await queryRows(url, 'INSERT INTO role_grant (id, user_id, role) VALUES ($1, $2, $3)', [randomUUID(), id, role]);
  return { id, email };
}

/**
 * An OPEN call with CONFIRMED commitments, written directly (fixtures for proposal tests; the call
 * workflow that normally gets it there is tested on its own). Returns ids and the agencies.
 */
export async function openCallFixture(
  url: string,
  input: {
    createdBy: string;
    regions: string[];
    submissionDeadline: Date;
    overrides?: Record<string, unknown>;
    /** Regional annex requirements (SPEC S6) by region code. */
    annexes?: Record<
      string,
      { required: boolean; dueDaysAfterDeadline: number; fields: string[]; documents: string[] }
    >;
  },
): Promise<{ callId: string; agencies: AgencyFixture[] }> {
  const now = Date.now();
  const body = callBody(
    now - 30 * DAY,
    { alignment: 1, opens: 2 },
    input.overrides ?? {},
  ) as unknown as CallConfigurationInput;
  body.timeline.stages[0] = {
    submissionDeadline: input.submissionDeadline.toISOString(),
    eligibilityDeadline: new Date(input.submissionDeadline.getTime() + 10 * DAY).toISOString(),
    reviewDeadline: new Date(input.submissionDeadline.getTime() + 30 * DAY).toISOString(),
  };
  body.timeline.decisionDeadline = new Date(input.submissionDeadline.getTime() + 60 * DAY).toISOString();
  const configuration = withCallDefaults(body);
  const callId = randomUUID();
  await queryRows(
    url,
    `INSERT INTO joint_call (id, title, action_type, state, stages, time_zone, alignment_deadline, opens_at,
        decision_deadline, configuration, created_by)
     VALUES ($1, $2, 'RD_PROJECT', 'OPEN', 1, $3, $4, $5, $6, $7, $8)`,
    [
      callId,
      configuration.title,
      configuration.timeZone,
      configuration.timeline.alignmentDeadline,
      configuration.timeline.opensAt,
      configuration.timeline.decisionDeadline,
      JSON.stringify(configuration),
      input.createdBy,
    ],
  );
  const stage = configuration.timeline.stages[0];
  await queryRows(
    url,
    'INSERT INTO call_stage (call_id, stage_no, submission_deadline, eligibility_deadline, review_deadline) ' +
      'VALUES ($1, 1, $2, $3, $4)',
    [callId, stage.submissionDeadline, stage.eligibilityDeadline, stage.reviewDeadline],
  );
  const agencies: AgencyFixture[] = [];
  for (const region of input.regions) {
    const agency = await createAgency(url, region);
    const currency = region === 'CH02' ? 'CHF' : 'EUR';
    await queryRows(
      url,
      'INSERT INTO fund_commitment (id, call_id, agency_id, region_code, currency, amount, rules, status, ' +
        "answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'CONFIRMED', now())",
      [
        randomUUID(),
        callId,
        agency.id,
        region,
        currency,
        500_000_000,
        JSON.stringify({
          ...terms(500_000_000, currency).rules,
          ...(input.annexes?.[region] ? { regionalAnnex: input.annexes[region] } : {}),
        }),
      ],
    );
    agencies.push(agency);
  }
  return { callId, agencies };
}

/** An organisation with one active applicant member; returns ids. */
export async function createApplicantOrganisation(
  url: string,
  regionCode: string,
  type = 'SME',
): Promise<{ organisationId: string; userId: string; legalName: string }> {
  const organisationId = randomUUID();
  const userId = randomUUID();
  const legalName = `Org ${regionCode} ${organisationId.slice(0, 6)}`;
  await queryRows(
    url,
    'INSERT INTO organisation (id, legal_name, type, region_code, registration_id) VALUES ($1, $2, $3, $4, $5)',
    [organisationId, legalName, type, regionCode, `R${organisationId.replace(/-/g, '').slice(0, 20)}`],
  );
  await queryRows(url, "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')", [
    userId,
    `member-${userId.slice(0, 8)}@acie.test`,
    `Member of ${legalName}`,
  ]);
  await queryRows(url, "INSERT INTO role_grant (id, user_id, role, organisation_id) VALUES ($1, $2, 'APPLICANT', $3)", [
    randomUUID(),
    userId,
    organisationId,
  ]);
  return { organisationId, userId, legalName };
}

/** The input that starts a call's workflow directly in its OPEN phase (for calls made by `openCallFixture`). */
export async function openPhaseInput(url: string, callId: string, agencies: Array<{ id: string; regionCode: string }>) {
  const [{ configuration }] = await queryRows<{
    configuration: {
      timeline: {
        alignmentDeadline: string;
        opensAt: string;
        stages: Array<{ submissionDeadline: string; eligibilityDeadline: string }>;
        decisionDeadline: string;
      };
    };
  }>(url, 'SELECT configuration FROM joint_call WHERE id = $1', [callId]);
  const t = configuration.timeline;
  return {
    callId,
    phase: 'OPEN' as const,
    state: {
      alignmentDeadline: t.alignmentDeadline,
      opensAt: t.opensAt,
      submissionDeadline: t.stages[0].submissionDeadline,
      eligibilityDeadline: t.stages[0].eligibilityDeadline,
      decisionDeadline: t.decisionDeadline,
      minConfirmedRegions: 2,
      commitments: agencies.map((a) => ({ agencyId: a.id, regionCode: a.regionCode, status: 'CONFIRMED' as const })),
    },
  };
}

/**
 * Moves a fixture call's submission deadline (the column the submission checks and the configuration the workflow
 * reads).
 */
export async function setSubmissionDeadline(url: string, callId: string, deadline: Date): Promise<void> {
  await queryRows(url, 'UPDATE call_stage SET submission_deadline = $2 WHERE call_id = $1 AND stage_no = 1', [
    callId,
    deadline,
  ]);
  await queryRows(
    url,
    "UPDATE joint_call SET configuration = jsonb_set(configuration, '{timeline,stages,0,submissionDeadline}', " +
      'to_jsonb($2::text)) WHERE id = $1',
    [callId, deadline.toISOString()],
  );
}
