import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createApplicantOrganisation } from './call-fixtures';
import { TEST_JWT_SECRET, testEnvironment } from './test-environment';

const jwt = new JwtService({ secret: TEST_JWT_SECRET });
export const tokenFor = (userId: string): string => jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: 3600 });

/**
 * A complete consortium built through the API: an SME coordinator and a research partner in `regionA`,
 * a partner of `partnerBType` in `regionB`; partners accept and enter their own data.
 */
export async function buildProposal(
  app: INestApplication,
  callId: string,
  regionA: string,
  regionB: string,
  partnerBType = 'UNIVERSITY',
  options: { coordinator?: { organisationId: string; userId: string }; preProposalId?: string } = {},
) {
  const url = testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const coordinator = options.coordinator ?? (await createApplicantOrganisation(url, regionA, 'SME'));
  const partnerA = await createApplicantOrganisation(url, regionA, 'RESEARCH_ORG');
  const partnerB = await createApplicantOrganisation(url, regionB, partnerBType);
  const coord = tokenFor(coordinator.userId);
  const created = await http()
    .post(`/api/v1/calls/${callId}/proposals`)
    .auth(coord, { type: 'bearer' })
    .send({
      acronym: `P${randomUUID().slice(0, 6)}`,
      title: 'Smart Alpine manufacturing',
      abstract: 'Cross-regional pilot lines.',
      topic: 'Advanced manufacturing',
      durationMonths: 24,
      ...(options.preProposalId ? { preProposalId: options.preProposalId } : {}),
    });
  if (created.status !== 201) throw new Error(`create proposal: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const expectOk = (res: request.Response, what: string): void => {
    if (res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  expectOk(
    await http()
      .patch(`/api/v1/proposals/${id}`)
      .auth(coord, { type: 'bearer' })
      .send({
        workPlan: [
          {
            title: 'Prototype',
            dueMonth: 12,
            deliverables: ['D1.1'],
            responsibleOrganisationId: coordinator.organisationId,
            midTerm: true,
          },
          {
            title: 'Pilot',
            dueMonth: 24,
            deliverables: ['D2.1'],
            responsibleOrganisationId: coordinator.organisationId,
            midTerm: false,
          },
        ],
      }),
    'work plan',
  );
  expectOk(
    await http()
      .put(`/api/v1/proposals/${id}/partners/${coordinator.organisationId}`)
      .auth(coord, { type: 'bearer' })
      .send({ funded: true, eligibleCosts: 200_000_00, requestedGrant: 140_000_00 }),
    'coordinator data',
  );
  for (const partner of [partnerA, partnerB]) {
    expectOk(
      await http()
        .put(`/api/v1/proposals/${id}/partners/${partner.organisationId}`)
        .auth(coord, { type: 'bearer' })
        .send({ funded: true, eligibleCosts: 0, requestedGrant: 0 }),
      'invite',
    );
    const member = tokenFor(partner.userId);
    expectOk(
      await http()
        .post(`/api/v1/proposals/${id}/partners/${partner.organisationId}/accept`)
        .auth(member, { type: 'bearer' }),
      'accept',
    );
    expectOk(
      await http()
        .put(`/api/v1/proposals/${id}/partners/${partner.organisationId}`)
        .auth(member, { type: 'bearer' })
        .send({ funded: true, eligibleCosts: 100_000_00, requestedGrant: 80_000_00 }),
      'partner data',
    );
  }
  const draft = await http().get(`/api/v1/proposals/${id}`).auth(coord, { type: 'bearer' });
  return { id, coord, coordinator, partnerA, partnerB, revision: draft.body.revision as number };
}
