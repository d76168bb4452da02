import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CloseSubmissionUseCase } from '@app/application';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { buildProposal, tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

/**
 * SPEC R1 on the version that counts: the regional eligibility decisions are requested for the funded
 * partners of the proposal's last submitted version, as that version froze them (organisation, region,
 * funded) — not for the live partner rows, which the consortium may still edit after submitting while the
 * call is open, without submitting again.
 */
describe('eligibility is requested for the counted version’s partners', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`asks each region about the partners version 1 funds, although a partner was made self-funded \
and another invited after it`, async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 86_400_000),
    });
    const proposal = await buildProposal(app, callId, 'ITH2', 'AT31');
    await http()
      .post(`/api/v1/proposals/${proposal.id}/submit`)
      .auth(proposal.coord, { type: 'bearer' })
      .send({ draftRevision: proposal.revision })
      .expect(201);

    // After submitting, and without submitting again: the Austrian partner turns self-funded, and a new
    // Trentino partner is invited and enters funded data.
    await http()
      .put(`/api/v1/proposals/${proposal.id}/partners/${proposal.partnerB.organisationId}`)
      .auth(tokenFor(proposal.partnerB.userId), { type: 'bearer' })
      .send({ funded: false, eligibleCosts: 100_000_00, requestedGrant: 0 })
      .expect(200);
    const late = await createApplicantOrganisation(url(), 'ITH2', 'UNIVERSITY');
    await http()
      .put(`/api/v1/proposals/${proposal.id}/partners/${late.organisationId}`)
      .auth(proposal.coord, { type: 'bearer' })
      .send({ funded: true, eligibleCosts: 0, requestedGrant: 0 })
      .expect(200);
    await http()
      .post(`/api/v1/proposals/${proposal.id}/partners/${late.organisationId}/accept`)
      .auth(tokenFor(late.userId), { type: 'bearer' })
      .expect(200);
    const view = await http().get(`/api/v1/proposals/${proposal.id}`).auth(proposal.coord, { type: 'bearer' });
    expect(view.body.lastVersion).toBe(1);

    // The deadline (as the call workflow's activity runs it).
    await app.get(CloseSubmissionUseCase).execute({ callId });

    const requested = await queryRows<{ organisation_id: string; region_code: string }>(
      url(),
      'SELECT organisation_id, region_code FROM eligibility_decision WHERE proposal_id = $1 ORDER BY organisation_id',
      [proposal.id],
    );
    const [counted] = await queryRows<{
      content: { partners: Array<{ organisationId: string; regionCode: string; funded: boolean }> };
    }>(url(), 'SELECT content FROM proposal_version WHERE proposal_id = $1 AND version = 1', [proposal.id]);
    const expected = counted.content.partners
      .filter((p) => p.funded)
      .map((p) => ({ organisation_id: p.organisationId, region_code: p.regionCode }))
      .sort((a, b) => a.organisation_id.localeCompare(b.organisation_id));
    expect(expected.map((p) => p.organisation_id)).toContain(proposal.partnerB.organisationId);
    expect(requested).toEqual(expected);
    expect(requested.map((r) => r.organisation_id)).not.toContain(late.organisationId);
  });
});
