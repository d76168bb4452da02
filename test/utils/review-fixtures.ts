import { createHash, randomUUID } from 'node:crypto';
import { createUser } from './call-fixtures';
import { queryRows } from './reset-database';

export interface EvaluatorFixture {
  id: string;
  email: string;
}

/** An evaluator with a profile, in the call's pool, declaration signed (written directly). */
export async function createPoolEvaluator(
  url: string,
  callId: string,
  addedBy: string,
  profile: { expertise: string[]; country: string; regionCode?: string; organisationId?: string; maxLoad?: number },
): Promise<EvaluatorFixture> {
  const user = await createUser(url, 'EVALUATOR');
  await queryRows(
    url,
    'INSERT INTO evaluator_profile (user_id, expertise, organisation_id, region_code, country, max_load) ' +
      'VALUES ($1, $2, $3, $4, $5, $6)',
    [
      user.id,
      profile.expertise,
      profile.organisationId ?? null,
      profile.regionCode ?? null,
      profile.country,
      profile.maxLoad ?? null,
    ],
  );
  await queryRows(
    url,
    'INSERT INTO call_evaluator (call_id, user_id, added_by, declaration_signed_at, declaration_hash) ' +
      'VALUES ($1, $2, $3, now(), $4)',
    [callId, user.id, addedBy, createHash('sha256').update(`declaration:${callId}`).digest('hex')],
  );
  return user;
}

/** An ELIGIBLE proposal with one submitted version holding `topic`, `keywords` and the partners (written directly). */
export async function eligibleProposal(
  url: string,
  callId: string,
  input: {
    acronym: string;
    topic: string;
    keywords: string[];
    partners: Array<{ organisationId: string; regionCode: string; createdBy: string }>;
  },
): Promise<string> {
  const id = randomUUID();
  const coordinator = input.partners[0];
  const content = {
    acronym: input.acronym,
    title: `${input.acronym} title`,
    abstract: 'abstract',
    topic: input.topic,
    keywords: input.keywords,
    transformativeActivityCodes: [],
    durationMonths: 24,
    partners: input.partners.map((p, i) => ({
      organisationId: p.organisationId,
      organisationType: 'SME',
      regionCode: p.regionCode,
      role: i === 0 ? 'COORDINATOR' : 'PARTNER',
      funded: true,
      eligibleCosts: 100_000,
      requestedGrant: 50_000,
    })),
    workPlan: [
      {
        title: 'Prototype',
        dueMonth: 12,
        deliverables: ['D1'],
        responsibleOrganisationId: coordinator.organisationId,
        midTerm: true,
      },
      {
        title: 'Pilot',
        dueMonth: 24,
        deliverables: ['D2'],
        responsibleOrganisationId: coordinator.organisationId,
        midTerm: false,
      },
    ],
    kpiTargets: {},
    attachments: [],
  };
  await queryRows(
    url,
    'INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, created_by, ' +
      "last_version, last_submitted_at) VALUES ($1, $2, $3, 'ELIGIBLE', $4, $5, $6, $7, 1, now())",
    [
      id,
      callId,
      coordinator.organisationId,
      input.acronym,
      content.title,
      JSON.stringify(content),
      coordinator.createdBy,
    ],
  );
  for (const partner of content.partners) {
    await queryRows(
      url,
      'INSERT INTO proposal_partner (proposal_id, organisation_id, role, status, funded, eligible_costs, ' +
        "requested_grant) VALUES ($1, $2, $3, 'ACCEPTED', $4, $5, $6)",
      [id, partner.organisationId, partner.role, partner.funded, partner.eligibleCosts, partner.requestedGrant],
    );
  }
  const json = JSON.stringify(content);
  await queryRows(
    url,
    'INSERT INTO proposal_version (proposal_id, version, content, canonical_json, sha256, submitted_at, ' +
      'submitted_by) VALUES ($1, 1, $2, $3, $4, now(), $5)',
    [id, json, json, createHash('sha256').update(json).digest('hex'), coordinator.createdBy],
  );
  return id;
}
