import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { createUser, openCallFixture } from '../../test/utils/call-fixtures';
import type { RushTarget } from './protocol';

const DAY = 86_400_000;
const BATCH = 1_000;

/**
 * Both regions participate with EUR commitments and the regional rules of `terms()` (SME 70 %, others 100 %,
 * ≤ 300 000 € per partner).
 */
export const REGION_A = 'ITH2';
export const REGION_B = 'AT31';

export interface RushFixture {
  callId: string;
  submissionDeadline: Date;
  targets: RushTarget[];
}

/**
 * An OPEN call with two CONFIRMED commitments and `count` complete, eligible proposals, written with
 * raw SQL in batches (fixtures, not the feature under test). Each proposal: a coordinator SME and a
 * research organisation in REGION_A, a university in REGION_B, all ACCEPTED and funded within the
 * regional rules, a work plan with one milestone of the coordinator; one applicant per coordinator
 * organisation, with a signed access token.
 */
export async function createRushFixture(url: string, count: number, jwtSecret: string): Promise<RushFixture> {
  const pm = await createUser(url, 'PROGRAMME_MANAGER');
  const submissionDeadline = new Date(Date.now() + 7 * DAY);
  const { callId } = await openCallFixture(url, {
    createdBy: pm.id,
    regions: [REGION_A, REGION_B],
    submissionDeadline,
  });
  const jwt = new JwtService({ secret: jwtSecret });
  const targets: RushTarget[] = [];
  // Registration ids are unique: a second rush in the same database (the kill tests run three) needs its own.
  const run = callId.slice(0, 8);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (let from = 0; from < count; from += BATCH) {
      const to = Math.min(count, from + BATCH);
      const org = {
        id: [] as string[],
        name: [] as string[],
        type: [] as string[],
        region: [] as string[],
        registration: [] as string[],
      };
      const user = { id: [] as string[], email: [] as string[], name: [] as string[] };
      const grant = { id: [] as string[], user: [] as string[], org: [] as string[] };
      const proposal = {
        id: [] as string[],
        coordinator: [] as string[],
        acronym: [] as string[],
        title: [] as string[],
        content: [] as string[],
        createdBy: [] as string[],
      };
      const partner = {
        proposal: [] as string[],
        org: [] as string[],
        role: [] as string[],
        costs: [] as number[],
        grant: [] as number[],
      };
      for (let i = from; i < to; i += 1) {
        const members = [
          { suffix: 'C', type: 'SME', region: REGION_A, role: 'COORDINATOR', costs: 200_000_00, grant: 140_000_00 },
          { suffix: 'A', type: 'RESEARCH_ORG', region: REGION_A, role: 'PARTNER', costs: 100_000_00, grant: 80_000_00 },
          { suffix: 'B', type: 'UNIVERSITY', region: REGION_B, role: 'PARTNER', costs: 100_000_00, grant: 80_000_00 },
        ];
        const proposalId = randomUUID();
        const orgIds = members.map(() => randomUUID());
        members.forEach((m, k) => {
          org.id.push(orgIds[k]);
          org.name.push(`Rush ${m.suffix} ${i} ${m.type}`);
          org.type.push(m.type);
          org.region.push(m.region);
          org.registration.push(`RUSH-${run}-${String(i).padStart(6, '0')}-${m.suffix}`);
          partner.proposal.push(proposalId);
          partner.org.push(orgIds[k]);
          partner.role.push(m.role);
          partner.costs.push(m.costs);
          partner.grant.push(m.grant);
        });
        const userId = randomUUID();
        user.id.push(userId);
        user.email.push(`rush-${run}-${i}@acie.bench`);
        user.name.push(`Applicant ${i}`);
        grant.id.push(randomUUID());
        grant.user.push(userId);
        grant.org.push(orgIds[0]);
        const acronym = `RUSH${i}`;
        const title = `Deadline rush proposal ${i}: smart Alpine manufacturing`;
        proposal.id.push(proposalId);
        proposal.coordinator.push(orgIds[0]);
        proposal.acronym.push(acronym);
        proposal.title.push(title);
        proposal.createdBy.push(userId);
        proposal.content.push(
          JSON.stringify({
            acronym,
            title,
            abstract: 'Cross-regional pilot lines for small manufacturers, shared between two Alpine regions.',
            topic: 'Advanced manufacturing',
            keywords: [],
            transformativeActivityCodes: [],
            durationMonths: 24,
            workPlan: [
              {
                title: 'Pilot line running',
                dueMonth: 12,
                deliverables: ['D1.1'],
                responsibleOrganisationId: orgIds[0],
                midTerm: true,
              },
            ],
            kpiTargets: {},
            attachments: [],
          }),
        );
        targets.push({
          proposalId,
          draftRevision: 1,
          token: jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: '6h' }),
          idempotencyKey: `rush-${proposalId}`,
        });
      }
      await client.query(
        'INSERT INTO organisation (id, legal_name, type, region_code, registration_id) SELECT * ' +
          'FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])',
        [org.id, org.name, org.type, org.region, org.registration],
      );
      await client.query(
        'INSERT INTO app_user (id, email, display_name, status, email_verified_at) ' +
          "SELECT u.id, u.email, u.name, 'ACTIVE', now() " +
          'FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, email, name)',
        [user.id, user.email, user.name],
      );
      await client.query(
        'INSERT INTO role_grant (id, user_id, role, organisation_id) ' +
          "SELECT g.id, g.user_id, 'APPLICANT', g.org " +
          'FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS g(id, user_id, org)',
        [grant.id, grant.user, grant.org],
      );
      await client.query(
        `INSERT INTO proposal (id, call_id, coordinator_organisation_id, acronym, title, content, revision, created_by)
         SELECT p.id, $1, p.coordinator, p.acronym, p.title, p.content, 1, p.created_by
           FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::uuid[])
             AS p(id, coordinator, acronym, title, content, created_by)`,
        [
          callId,
          proposal.id,
          proposal.coordinator,
          proposal.acronym,
          proposal.title,
          proposal.content,
          proposal.createdBy,
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
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { callId, submissionDeadline, targets };
}
