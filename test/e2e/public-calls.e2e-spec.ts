import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/** The public list and page of open calls (SPEC §2 "What is public", §10 Everyone), over HTTP without a token. */
describe('public calls', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  // A topic and a transformative activity of this suite only: other suites' open calls share the database.
  const topic = `Alpine robotics ${randomUUID().slice(0, 8)}`;
  const activity = `TA-${randomUUID().slice(0, 8).toUpperCase()}`;
  let soon: string;
  let later: string;
  let alignment: string;
  let draft: string;

  const fixture = async (
    regions: string[],
    deadlineInDays: number,
    extra: Record<string, unknown> = {},
    annexes?: Parameters<typeof openCallFixture>[1]['annexes'],
  ) => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions,
      submissionDeadline: new Date(Date.now() + deadlineInDays * DAY),
      overrides: { topics: [topic], keywords: ['cobots'], ...extra },
      annexes,
    });
    const codes = (extra.transformativeActivityCodes as string[] | undefined) ?? [];
    await queryRows(url(), 'UPDATE joint_call SET transformative_activity_codes = $2 WHERE id = $1', [callId, codes]);
    return callId;
  };

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    await queryRows(
      url(),
      'INSERT INTO transformative_activity (code, title, s3_domain) ' +
        "VALUES ($1, 'Collaborative robots for SMEs', 'Advanced manufacturing')",
      [activity],
    );
    soon = await fixture(
      ['ITH2', 'AT31'],
      20,
      { transformativeActivityCodes: [activity] },
      {
        AT31: {
          required: true,
          dueDaysAfterDeadline: 10,
          fields: ['Regional VAT status'],
          documents: ['Chamber of commerce extract'],
        },
      },
    );
    later = await fixture(['DE2', 'CH02'], 40);
    alignment = await fixture(['ITC4', 'SI0'], 30);
    await queryRows(url(), "UPDATE joint_call SET state = 'FUND_ALIGNMENT' WHERE id = $1", [alignment]);
    draft = await fixture(['ITC1', 'AT32'], 30);
    await queryRows(url(), "UPDATE joint_call SET state = 'DRAFT' WHERE id = $1", [draft]);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`lists the open calls to anyone, soonest deadline first, without amounts; \
drafts and alignments are invisible`, async () => {
    const res = await http().get('/api/v1/public/calls').query({ topic: topic.toUpperCase() }).expect(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([soon, later]);
    expect(res.body.nextCursor).toBeNull();
    const first = res.body.items[0];
    expect(first).toMatchObject({
      id: soon,
      actionType: 'RD_PROJECT',
      topics: [topic],
      keywords: ['cobots'],
      transformativeActivities: [{ code: activity, title: 'Collaborative robots for SMEs' }],
      timeZone: 'Europe/Brussels',
      currentStage: 1,
      stages: 1,
    });
    expect(first.submissionDeadline).toMatch(/[+-]\d\d:\d\d$/);
    expect(first.regions).toEqual([
      {
        code: 'AT31',
        name: expect.any(String),
        country: 'AT',
        currency: 'EUR',
        agencyName: expect.stringContaining('Agency AT31'),
      },
      {
        code: 'ITH2',
        name: expect.any(String),
        country: 'IT',
        currency: 'EUR',
        agencyName: expect.stringContaining('Agency ITH2'),
      },
    ]);
    expect(res.body.items[1].regions.map((r: { code: string; currency: string }) => `${r.code}:${r.currency}`)).toEqual(
      ['CH02:CHF', 'DE2:EUR'],
    );
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/amount|flexibility|500000000/i);
    expect(text).not.toContain(alignment);
    expect(text).not.toContain(draft);
  });

  it(`filters by region, transformative activity and closing dates on the server, \
and pages with an opaque cursor`, async () => {
    const ids = async (query: Record<string, string | number>) =>
      (
        await http()
          .get('/api/v1/public/calls')
          .query({ topic, ...query })
          .expect(200)
      ).body.items.map((c: { id: string }) => c.id);
    expect(await ids({ region: 'CH02' })).toEqual([later]);
    expect(await ids({ region: 'ITC4' })).toEqual([]);
    expect(await ids({ transformativeActivity: activity })).toEqual([soon]);
    const mid = new Date(Date.now() + 30 * DAY).toISOString();
    expect(await ids({ closesBefore: mid })).toEqual([soon]);
    expect(await ids({ closesAfter: mid.replace('Z', '+00:00') })).toEqual([later]);

    const page1 = await http().get('/api/v1/public/calls').query({ topic, limit: 1 }).expect(200);
    expect(page1.body.items.map((c: { id: string }) => c.id)).toEqual([soon]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await http()
      .get('/api/v1/public/calls')
      .query({ topic, limit: 1, cursor: page1.body.nextCursor })
      .expect(200);
    expect(page2.body.items.map((c: { id: string }) => c.id)).toEqual([later]);
    expect(page2.body.nextCursor).toBeNull();
  });

  it(`shows an open call’s page: zoned timeline, criteria, consortium rules, each region’s agency, \
programme and rules — never amounts`, async () => {
    const res = await http().get(`/api/v1/public/calls/${soon}`).expect(200);
    expect(res.body).toMatchObject({
      id: soon,
      description: expect.any(String),
      timeline: {
        opensAt: expect.stringMatching(/[+-]\d\d:\d\d$/),
        decisionDeadline: expect.stringMatching(/[+-]\d\d:\d\d$/),
      },
      consortiumRules: {
        minPartners: 2,
        minDistinctRegions: 2,
        smeRequired: false,
        minDurationMonths: 6,
        maxDurationMonths: 36,
      },
      overallThreshold: 10,
    });
    expect(res.body.timeline.stages).toEqual([
      {
        stageNo: 1,
        submissionDeadline: expect.any(String),
        eligibilityDeadline: expect.any(String),
        reviewDeadline: expect.any(String),
      },
    ]);
    expect(res.body.timeline).not.toHaveProperty('alignmentDeadline');
    expect(res.body.criteria).toEqual([
      { name: 'Excellence', weight: 1, threshold: 3 },
      { name: 'Impact', weight: 1, threshold: 3 },
      { name: 'Quality and efficiency of implementation', weight: 1, threshold: 3 },
    ]);
    const [at31, ith2] = res.body.regions;
    expect(at31).toEqual({
      code: 'AT31',
      name: expect.any(String),
      country: 'AT',
      currency: 'EUR',
      agencyName: expect.stringContaining('Agency AT31'),
      programmeName: 'Regional programme',
      rules: {
        eligibleOrganisationTypes: ['SME', 'UNIVERSITY', 'RESEARCH_ORG'],
        maxFundingRateBps: { SME: 7000, UNIVERSITY: 10000, RESEARCH_ORG: 10000 },
        maxGrantPerPartner: 30_000_000,
        annex: { daysAfterDeadline: 10, fields: ['Regional VAT status'], documents: ['Chamber of commerce extract'] },
      },
    });
    expect(ith2.rules).not.toHaveProperty('annex');
    expect(JSON.stringify(res.body)).not.toMatch(/amount|flexibility|extraReportFields|500000000|commitments/i);
  });

  it('answers 404 for a call that is not OPEN or does not exist, and 400 for a malformed id', async () => {
    for (const id of [alignment, draft, randomUUID()]) {
      const res = await http().get(`/api/v1/public/calls/${id}`).expect(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const bad = await http().get('/api/v1/public/calls/not-a-uuid').expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
  });

  it('refuses bad filters with 400 problem+json naming every field', async () => {
    const res = await http()
      .get('/api/v1/public/calls')
      .query({
        region: 'nowhere',
        transformativeActivity: 'no such code',
        closesAfter: '2027-03-01',
        closesBefore: 'tomorrow',
        limit: 500,
      })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'closesAfter',
      'closesBefore',
      'limit',
      'region',
      'transformativeActivity',
    ]);

    const range = await http()
      .get('/api/v1/public/calls')
      .query({ closesAfter: '2027-03-02T00:00:00Z', closesBefore: '2027-03-01T00:00:00+01:00' })
      .expect(400);
    expect(range.body.errors.map((e: { field: string }) => e.field)).toEqual(['closesAfter', 'closesBefore']);
    const cursor = await http().get('/api/v1/public/calls').query({ cursor: 'garbage' }).expect(400);
    expect(cursor.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
    const unknown = await http().get('/api/v1/public/calls').query({ state: 'DRAFT' }).expect(400);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['state']);
  });

  it('describes both endpoints in the OpenAPI document, with their problem responses', async () => {
    const doc = (await http().get('/api/docs/openapi.json').expect(200)).body;
    type Response = { $ref?: string; content?: Record<string, unknown> };
    // Responses many operations share are one entry of components.responses, referred to by $ref.
    const problemResponse = (response: Response | undefined) => {
      const resolved: Response | undefined = response?.$ref
        ? doc.components.responses[response.$ref.split('/').pop()!]
        : response;
      return resolved?.content?.['application/problem+json'];
    };
    const list = doc.paths['/api/v1/public/calls'].get;
    expect(list.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/PublicCallPageView',
    );
    expect(problemResponse(list.responses['400'])).toBeDefined();
    expect(list.security ?? []).toEqual([]);
    const page = doc.paths['/api/v1/public/calls/{id}'].get;
    expect(page.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/PublicCallDetailView',
    );
    expect(problemResponse(page.responses['404'])).toBeDefined();
    expect(doc.components.schemas.PublicCallRegionRulesView.properties).not.toHaveProperty('amount');
  });
});
