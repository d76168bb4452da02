import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { createUser, openCallFixture } from '../../test/utils/call-fixtures';
import { mulberry32 } from '../common/seeded-random';
import type { ListReader, ReadTarget } from './protocol';

const DAY = 86_400_000;
const BATCH = 1_000;
const TYPES = ['SME', 'UNIVERSITY', 'RESEARCH_ORG'] as const;
const COSTS: Record<(typeof TYPES)[number], { costs: number; grant: number }> = {
  SME: { costs: 200_000_00, grant: 140_000_00 },
  UNIVERSITY: { costs: 100_000_00, grant: 80_000_00 },
  RESEARCH_ORG: { costs: 120_000_00, grant: 100_000_00 },
};

/** The call's regions, each with a CONFIRMED commitment of an agency (officers: `officersPerRegion`). */
export const READ_REGIONS = ['ITH2', 'AT31', 'DE2', 'CH02'];

export interface ReadsFixture {
  callId: string;
  proposals: number;
  submitted: number;
  organisations: number;
  partnersPerProposal: number;
  /** Every (proposal, applicant of a partner organisation) pair: reads that must be 200. */
  reads: ReadTarget[];
  /** (proposal, applicant of an organisation that is not in it): reads that must be 404. */
  crossTenant: Array<ReadTarget & { state: string }>;
  /** The programme manager who created the call (the boundary check walks its list). */
  programmeManager: ListReader;
  /** One officer per region (the boundary check walks their lists). */
  officers: Array<ListReader & { regionCode: string }>;
  /**
   * The list phases' readers, one per client so that none of them exceeds the per-caller rate limit:
   * programme managers (the first is `programmeManager`), and agency officers interleaved over the
   * regions (reader k is of region k mod 4; the first four are `officers`).
   */
  listProgrammeManagers: ListReader[];
  listOfficers: ListReader[];
  /** A second applicant of a partner organisation of `proposalId`, used by nothing but the abusive client. */
  abuser: ReadTarget;
  /** Submitted proposals with a partner in each region (what an officer's list must hold). */
  submittedByRegion: Record<string, number>;
}

/**
 * An OPEN call over READ_REGIONS with CONFIRMED commitments (one agency per region), a
 * programme manager, `organisations` organisations spread over the regions (one applicant each) and
 * `proposals` proposals of three partner organisations drawn from them (at least two regions each;
 * two thirds SUBMITTED, one third DRAFT), written with raw SQL in batches (fixtures, not the feature
 * under test), seeded (mulberry32) so that every run has the same shape. Besides, `programmeManagers`
 * programme managers and `officersPerRegion` officers of each agency in all (the list phases' readers,
 * one per client: the per-caller rate limit is on), and an abusive applicant: a second applicant of the
 * first proposal's coordinator organisation.
 */
export async function createReadsFixture(
  url: string,
  input: {
    proposals: number;
    organisations: number;
    crossTenant: number;
    programmeManagers: number;
    officersPerRegion: number;
  },
  jwtSecret: string,
): Promise<ReadsFixture> {
  const random = mulberry32(0x5e7ead5);
  const pick = (n: number): number => Math.floor(random() * n);
  const jwt = new JwtService({ secret: jwtSecret });
  const sign = (userId: string): string => jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: '6h' });

  const pm = await createUser(url, 'PROGRAMME_MANAGER');
  const { callId, agencies } = await openCallFixture(url, {
    createdBy: pm.id,
    regions: READ_REGIONS,
    submissionDeadline: new Date(Date.now() + 7 * DAY),
  });

  const orgs = Array.from({ length: input.organisations }, (_, i) => ({
    id: randomUUID(),
    userId: randomUUID(),
    region: READ_REGIONS[i % READ_REGIONS.length],
    type: TYPES[Math.floor(i / READ_REGIONS.length) % TYPES.length],
    index: i,
  }));
  const tokens = new Map(orgs.map((o) => [o.id, sign(o.userId)]));
  const reads: ReadTarget[] = [];
  const memberships: Array<{ proposalId: string; orgIds: Set<string>; state: string }> = [];
  const submittedByRegion: Record<string, number> = Object.fromEntries(READ_REGIONS.map((r) => [r, 0]));
  let submitted = 0;
  const extraPms: string[] = [];
  const extraOfficers: Record<string, string[]> = Object.fromEntries(READ_REGIONS.map((r) => [r, []]));
  const abuserId = randomUUID();
  // The first proposal and its coordinator organisation (set in the first batch).
  const abuserTarget = { proposalId: '', organisationId: '' };

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let from = 0; from < orgs.length; from += BATCH) {
      const slice = orgs.slice(from, from + BATCH);
      await client.query(
        'INSERT INTO organisation (id, legal_name, type, region_code, registration_id) SELECT * ' +
          'FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])',
        [
          slice.map((o) => o.id),
          slice.map((o) => `Reads ${o.index} ${o.type} ${o.region}`),
          slice.map((o) => o.type),
          slice.map((o) => o.region),
          slice.map((o) => `READS-${String(o.index).padStart(6, '0')}`),
        ],
      );
      await client.query(
        'INSERT INTO app_user (id, email, display_name, status, email_verified_at) ' +
          "SELECT u.id, u.email, u.name, 'ACTIVE', now() " +
          'FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, email, name)',
        [
          slice.map((o) => o.userId),
          slice.map((o) => `reads-${o.index}@acie.bench`),
          slice.map((o) => `Applicant ${o.index}`),
        ],
      );
      await client.query(
        'INSERT INTO role_grant (id, user_id, role, organisation_id) ' +
          "SELECT g.id, g.user_id, 'APPLICANT', g.org " +
          'FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS g(id, user_id, org)',
        [slice.map(() => randomUUID()), slice.map((o) => o.userId), slice.map((o) => o.id)],
      );
    }
    for (let from = 0; from < input.proposals; from += BATCH) {
      const to = Math.min(input.proposals, from + BATCH);
      const proposal = {
        id: [] as string[],
        coordinator: [] as string[],
        acronym: [] as string[],
        title: [] as string[],
        content: [] as string[],
        createdBy: [] as string[],
        state: [] as string[],
      };
      const partner = {
        proposal: [] as string[],
        org: [] as string[],
        role: [] as string[],
        costs: [] as number[],
        grant: [] as number[],
      };
      for (let i = from; i < to; i += 1) {
        // Three distinct organisations, at least two regions among them.
        const members: typeof orgs = [];
        while (members.length < 3) {
          const candidate = orgs[pick(orgs.length)];
          if (members.some((m) => m.id === candidate.id)) continue;
          if (members.length === 2 && members[0].region === members[1].region && candidate.region === members[0].region)
            continue;
          members.push(candidate);
        }
        const proposalId = randomUUID();
        if (i === 0) Object.assign(abuserTarget, { proposalId, organisationId: members[0].id });
        const state = i % 3 === 2 ? 'DRAFT' : 'SUBMITTED';
        if (state === 'SUBMITTED') {
          submitted += 1;
          for (const region of new Set(members.map((m) => m.region))) submittedByRegion[region] += 1;
        }
        members.forEach((m, k) => {
          partner.proposal.push(proposalId);
          partner.org.push(m.id);
          partner.role.push(k === 0 ? 'COORDINATOR' : 'PARTNER');
          partner.costs.push(COSTS[m.type].costs);
          partner.grant.push(COSTS[m.type].grant);
          reads.push({ proposalId, token: tokens.get(m.id)! });
        });
        memberships.push({ proposalId, orgIds: new Set(members.map((m) => m.id)), state });
        const acronym = `READ${i}`;
        const title = `Authorised reads proposal ${i}: cross-regional pilot lines`;
        proposal.id.push(proposalId);
        proposal.coordinator.push(members[0].id);
        proposal.acronym.push(acronym);
        proposal.title.push(title);
        proposal.createdBy.push(members[0].userId);
        proposal.state.push(state);
        proposal.content.push(
          JSON.stringify({
            acronym,
            title,
            abstract: (
              'Cross-regional pilot lines for small manufacturers, ' +
              'shared between Alpine regions; a paragraph of realistic length for the list pages. '
            ).repeat(3),
            topic: ['Advanced manufacturing', 'Digital health', 'Clean energy'][i % 3],
            keywords: ['pilot line', 'SME', 'cluster'],
            transformativeActivityCodes: [],
            durationMonths: 24,
            workPlan: [
              {
                title: 'Pilot line running',
                dueMonth: 12,
                deliverables: ['D1.1'],
                responsibleOrganisationId: members[0].id,
                midTerm: true,
              },
            ],
            kpiTargets: {},
            attachments: [],
          }),
        );
      }
      await client.query(
        `INSERT INTO proposal (id, call_id, coordinator_organisation_id, acronym, title, content, revision, created_by,
            state, last_version, last_submitted_at)
         SELECT p.id, $1, p.coordinator, p.acronym, p.title, p.content, 1, p.created_by, p.state,
                CASE WHEN p.state = 'SUBMITTED' THEN 1 ELSE 0 END, CASE WHEN p.state = 'SUBMITTED' THEN now() END
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::uuid[], $8::text[])
             AS p(id, coordinator, acronym, title, content, created_by, state)`,
        [
          callId,
          proposal.id,
          proposal.coordinator,
          proposal.acronym,
          proposal.title,
          proposal.content,
          proposal.createdBy,
          proposal.state,
        ],
      );
      await client.query(
        `INSERT INTO proposal_partner (proposal_id, organisation_id, role, status, funded, eligible_costs,
            requested_grant)
         SELECT p.proposal_id, p.org, p.role, 'ACCEPTED', true, p.costs, p.requested
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::bigint[])
             AS p(proposal_id, org, role, costs, requested)`,
        [partner.proposal, partner.org, partner.role, partner.costs, partner.grant],
      );
    }
    // The list readers beyond the call's creator and the first officer of each agency, and the abuser.
    for (let i = 1; i < input.programmeManagers; i += 1) extraPms.push(randomUUID());
    const extra = {
      id: [...extraPms] as string[],
      email: extraPms.map((_, i) => `reads-pm-${i + 1}@acie.bench`),
      name: extraPms.map((_, i) => `Programme manager ${i + 1}`),
      role: extraPms.map(() => 'PROGRAMME_MANAGER'),
      agency: extraPms.map((): string | null => null),
      org: extraPms.map((): string | null => null),
    };
    for (const agency of agencies) {
      for (let i = 1; i < input.officersPerRegion; i += 1) {
        const id = randomUUID();
        extraOfficers[agency.regionCode].push(id);
        extra.id.push(id);
        extra.email.push(`reads-officer-${agency.regionCode.toLowerCase()}-${i}@acie.bench`);
        extra.name.push(`Officer ${agency.regionCode} ${i}`);
        extra.role.push('AGENCY_OFFICER');
        extra.agency.push(agency.id);
        extra.org.push(null);
      }
    }
    extra.id.push(abuserId);
    extra.email.push('reads-abuser@acie.bench');
    extra.name.push('Abusive applicant');
    extra.role.push('APPLICANT');
    extra.agency.push(null);
    extra.org.push(abuserTarget.organisationId);
    await client.query(
      'INSERT INTO app_user (id, email, display_name, status, email_verified_at) ' +
        "SELECT u.id, u.email, u.name, 'ACTIVE', now() " +
        'FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, email, name)',
      [extra.id, extra.email, extra.name],
    );
    await client.query(
      'INSERT INTO role_grant (id, user_id, role, agency_id, organisation_id) ' +
        'SELECT g.id, g.user_id, g.role, g.agency, g.org ' +
        'FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[]) ' +
        'AS g(id, user_id, role, agency, org)',
      [extra.id.map(() => randomUUID()), extra.id, extra.role, extra.agency, extra.org],
    );
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }

  const programmeManagers = [pm.id, ...extraPms].map((id, i) => ({ label: `PROGRAMME_MANAGER ${i}`, token: sign(id) }));
  const crossTenant: ReadsFixture['crossTenant'] = [];
  while (crossTenant.length < input.crossTenant && memberships.length > 0) {
    const target = memberships[pick(memberships.length)];
    const outsider = orgs[pick(orgs.length)];
    if (target.orgIds.has(outsider.id)) continue;
    crossTenant.push({ proposalId: target.proposalId, token: tokens.get(outsider.id)!, state: target.state });
  }
  return {
    callId,
    proposals: input.proposals,
    submitted,
    organisations: orgs.length,
    partnersPerProposal: 3,
    reads,
    crossTenant,
    programmeManager: programmeManagers[0],
    officers: agencies.map((a) => ({
      label: `AGENCY_OFFICER ${a.regionCode}`,
      regionCode: a.regionCode,
      token: sign(a.officers[0].id),
    })),
    listProgrammeManagers: programmeManagers,
    listOfficers: Array.from({ length: input.officersPerRegion }, (_, i) =>
      agencies.map((a) => ({
        label: `AGENCY_OFFICER ${a.regionCode} ${i}`,
        token: sign(i === 0 ? a.officers[0].id : extraOfficers[a.regionCode][i - 1]),
      })),
    ).flat(),
    abuser: { proposalId: abuserTarget.proposalId, token: sign(abuserId) },
    submittedByRegion,
  };
}
