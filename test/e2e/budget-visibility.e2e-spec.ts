import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAgency, createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

type BudgetLine = { regionCode: string; agencyId: string; currency: string; committed: number };

/**
 * What an agency officer sees of a call's budget (SPEC §2: partner budgets and regional details of its own
 * region only; §10: "its region's dashboard"): the same rule on `GET /calls/{id}/budget` and on the
 * dashboard's budget table — its own region's lines, totals over those lines only; programme managers
 * see every region; anyone else 404.
 */
describe('call budget and dashboard: one rule for what an officer sees', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const get = (path: string, userId: string) =>
    request(app.getHttpServer()).get(path).auth(tokenFor(userId), { type: 'bearer' });
  let callId: string;
  let pmId: string;
  let regionA: { id: string; regionCode: string; officers: Array<{ id: string }> };
  let regionB: { id: string; regionCode: string; officers: Array<{ id: string }> };

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const call = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'CH02', 'AT31'],
      submissionDeadline: new Date(Date.now() + 20 * 86_400_000),
    });
    callId = call.callId;
    [regionA, regionB] = call.agencies;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows a programme manager every region on both', async () => {
    const budget = await get(`/api/v1/calls/${callId}/budget`, pmId).expect(200);
    expect((budget.body.regions as BudgetLine[]).map((l) => l.regionCode)).toEqual(['AT31', 'CH02', 'ITH2']);
    const dashboard = await get(`/api/v1/calls/${callId}/dashboard/budget`, pmId).expect(200);
    expect((dashboard.body.rows as BudgetLine[]).map((r) => r.regionCode).sort()).toEqual(['AT31', 'CH02', 'ITH2']);
  });

  it.each([
    ['A', () => regionA],
    ['B', () => regionB],
  ])('shows the officer of region %s its own region only, on the budget and on the dashboard', async (_, agency) => {
    const { id, regionCode, officers } = agency();
    const budget = await get(`/api/v1/calls/${callId}/budget`, officers[0].id).expect(200);
    const lines = budget.body.regions as BudgetLine[];
    expect(lines.map((l) => [l.regionCode, l.agencyId])).toEqual([[regionCode, id]]);
    // Totals are over what it sees: another region's figures cannot be had by subtraction.
    expect(budget.body.totalsByCurrency).toEqual([expect.objectContaining({ currency: lines[0].currency })]);
    expect(budget.body.totalsByCurrency[0].committed).toBe(lines[0].committed);
    const dashboard = await get(`/api/v1/calls/${callId}/dashboard/budget`, officers[0].id).expect(200);
    expect((dashboard.body.rows as BudgetLine[]).map((r) => r.regionCode)).toEqual([regionCode]);
  });

  it('answers 404 on both to an agency outside the call and to an applicant', async () => {
    const outsider = await createAgency(url(), 'FRC2');
    const applicant = await createApplicantOrganisation(url(), 'ITH2');
    for (const userId of [outsider.officers[0].id, applicant.userId]) {
      await get(`/api/v1/calls/${callId}/budget`, userId).expect(404);
      await get(`/api/v1/calls/${callId}/dashboard/budget`, userId).expect(404);
    }
  });
});
