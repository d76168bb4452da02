import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { AppProcess } from '../utils/app-process';
import { startWorkerProcess, stopWorkerProcess } from '../utils/worker-process';
import { callBody, createAgency, createUser, terms, type AgencyFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { expectEventually } from '../utils/expect-eventually';
import { queryRows } from '../utils/reset-database';
import { setAsideEarlierMail } from '../utils/set-aside-earlier-mail';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment, TEST_JWT_SECRET } from '../utils/test-environment';

/**
 * Joint calls over HTTP with the real API, the real worker process (workflow + activities + outbox
 * delivery to a real SMTP server), PostgreSQL and the Temporal dev server.
 */
describe('joint call and fund alignment over HTTP', () => {
  let app: INestApplication;
  let worker: AppProcess;
  let smtp: SmtpTestServer;
  const jwt = new JwtService({ secret: TEST_JWT_SECRET });
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const tokenFor = (userId: string) => jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: 3600 });
  let pm: string;
  let applicant: string;
  let evaluator: string;

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    await setAsideEarlierMail(url());
    worker = await startWorkerProcess(smtp.url);
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    pm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    evaluator = tokenFor((await createUser(url(), 'EVALUATOR')).id);
    const org = randomUUID();
    await queryRows(
      url(),
      'INSERT INTO organisation (id, legal_name, type, region_code, registration_id) ' +
        "VALUES ($1, 'Applicant Org', 'SME', 'ITH2', $2)",
      [org, `REG${org.slice(0, 8)}`],
    );
    const applicantId = randomUUID();
    await queryRows(
      url(),
      "INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, 'Applicant', 'ACTIVE')",
      [applicantId, `applicant-${applicantId.slice(0, 8)}@acie.test`],
    );
    await queryRows(
      url(),
      "INSERT INTO role_grant (id, user_id, role, organisation_id) VALUES ($1, $2, 'APPLICANT', $3)",
      [randomUUID(), applicantId, org],
    );
    applicant = tokenFor(applicantId);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await stopWorkerProcess(worker);
    await smtp?.close();
  });

  const officer = (agency: AgencyFixture, index = 0) => tokenFor(agency.officers[index].id);
  const createCall = async (
    offsets: { alignment: number; opens: number },
    startMs = Date.now(),
    overrides: Record<string, unknown> = {},
  ) => {
    const res = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(callBody(startMs, offsets, overrides));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const start = async (callId: string, agencies: AgencyFixture[]) => {
    await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: agencies.map((a) => a.id) })
      .expect(202);
    await expectEventually(async () =>
      expect((await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' })).body.state).toBe(
        'FUND_ALIGNMENT',
      ),
    );
  };
  const put = (callId: string, agency: AgencyFixture, amount: number, who = officer(agency)) =>
    http().put(`/api/v1/calls/${callId}/commitments/${agency.id}`).auth(who, { type: 'bearer' }).send(terms(amount));

  it(`aligns three regions — two confirm, one declines — opens at opensAt, \
shows the budget, and tells every officer`, async () => {
    const startMs = Date.now();
    // Minutes would be realistic; seconds keep the test short (the dev server runs in real time).
    const callId = await createCall({ alignment: 20 / 86_400, opens: 25 / 86_400 }, startMs);
    const trento = await createAgency(url(), 'ITH2', 2);
    const salzburg = await createAgency(url(), 'AT32', 1);
    const fribourg = await createAgency(url(), 'CH02', 1);
    await start(callId, [trento, salzburg, fribourg]);

    for (const agency of [trento, salzburg, fribourg]) {
      for (const o of agency.officers) {
        const mail = await smtp.waitFor(
          (m) => m.to.includes(o.email) && /Commit funds to the joint call/.test(m.subject),
        );
        // The invitation links the agency's commitment page of this call.
        expect(mail.text).toContain(`/calls/${callId}/commitments/${agency.id}`);
      }
    }
    await put(callId, trento, 120_000_000).expect(200);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${trento.id}/confirm`)
      .auth(officer(trento), { type: 'bearer' })
      .expect(200);
    const chf = await http()
      .put(`/api/v1/calls/${callId}/commitments/${fribourg.id}`)
      .auth(officer(fribourg), { type: 'bearer' })
      .send(terms(50_000_000, 'CHF'));
    expect(chf.status).toBe(200);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${fribourg.id}/confirm`)
      .auth(officer(fribourg), { type: 'bearer' })
      .expect(200);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${salzburg.id}/decline`)
      .auth(officer(salzburg), { type: 'bearer' })
      .send({ reason: 'Budget committed elsewhere' })
      .expect(200);

    const before = await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' }).expect(200);
    expect(before.body.state).toBe('FUND_ALIGNMENT');
    expect(before.body.timeline.opensAt).toMatch(/[+-]0[12]:00$/);
    await expectEventually(
      async () =>
        expect((await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' })).body.state).toBe('OPEN'),
      60_000,
      250,
    );
    const openedAt = (
      await queryRows<{ occurred_at: Date }>(
        url(),
        "SELECT occurred_at FROM audit_event WHERE entity_id = $1 AND action = 'call.opened'",
        [callId],
      )
    )[0].occurred_at;
    expect(openedAt.getTime()).toBeGreaterThanOrEqual(startMs + 25_000);

    const budget = await http().get(`/api/v1/calls/${callId}/budget`).auth(pm, { type: 'bearer' }).expect(200);
    expect(
      budget.body.regions.map((r: { regionCode: string; committed: number; currency: string }) => [
        r.regionCode,
        r.currency,
        r.committed,
      ]),
    ).toEqual([
      ['CH02', 'CHF', 50_000_000],
      ['ITH2', 'EUR', 120_000_000],
    ]);
    expect(budget.body.eurReference.committed).toBe(120_000_000 + 53_250_000);
    const opened = await http()
      .get(`/api/v1/calls?state=OPEN&region=CH02`)
      .auth(applicant, { type: 'bearer' })
      .expect(200);
    expect(opened.body.items.map((c: { id: string }) => c.id)).toContain(callId);
    const publicView = opened.body.items.find((c: { id: string }) => c.id === callId);
    expect(publicView.commitments).toBeUndefined();
    expect(publicView.participatingRegions.sort()).toEqual(['CH02', 'ITH2']);
  }, 120_000);

  it(`serialises 20 parallel changes of one commitment: one consistent amount, \
one audit event per accepted change`, async () => {
    const callId = await createCall({ alignment: 10, opens: 20 });
    const a = await createAgency(url(), 'ITC1');
    const b = await createAgency(url(), 'ITC4');
    await start(callId, [a, b]);
    const amounts = Array.from({ length: 20 }, (_, i) => 10_000_000 + i * 100_000);
    const responses = await Promise.all(amounts.map((amount) => put(callId, a, amount)));
    expect(responses.map((r) => r.status)).toEqual(amounts.map(() => 200));
    const stored = await queryRows<{ amount: string }>(
      url(),
      'SELECT amount FROM fund_commitment WHERE call_id = $1 AND agency_id = $2',
      [callId, a.id],
    );
    const events = await queryRows<{ after: { amount: number } }>(
      url(),
      "SELECT after FROM audit_event WHERE entity_type = 'fund-commitment' AND entity_id = $1 " +
        "AND action = 'commitment.proposed' ORDER BY id",
      [`${callId}:${a.id}`],
    );
    expect(events).toHaveLength(20);
    expect(events.map((e) => e.after.amount).sort()).toEqual([...amounts].sort());
    expect(Number(stored[0].amount)).toBe(events[events.length - 1].after.amount);
    const view = await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' }).expect(200);
    expect(view.body.commitments.find((c: { agencyId: string }) => c.agencyId === a.id).amount).toBe(
      Number(stored[0].amount),
    );
  }, 120_000);

  it('keeps agencies inside their boundary and calls inside the programme managers’ hands', async () => {
    const callId = await createCall({ alignment: 10, opens: 20 });
    const a = await createAgency(url(), 'DE1');
    const b = await createAgency(url(), 'DE2');
    await start(callId, [a, b]);
    await put(callId, b, 70_000_000).expect(200);

    const asA = await http().get(`/api/v1/calls/${callId}`).auth(officer(a), { type: 'bearer' }).expect(200);
    const seenB = asA.body.commitments.find((c: { agencyId: string }) => c.agencyId === b.id);
    expect(seenB.amount).toBe(70_000_000);
    expect(seenB.rules).toBeUndefined();
    expect(asA.body.commitments.find((c: { agencyId: string }) => c.agencyId === a.id)).toHaveProperty('rules');

    await put(callId, b, 1, officer(a)).expect(404);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${b.id}/confirm`)
      .auth(officer(a), { type: 'bearer' })
      .expect(404);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${b.id}/decline`)
      .auth(officer(a), { type: 'bearer' })
      .send({ reason: 'not mine' })
      .expect(404);
    await put(callId, a, 1, pm).expect(403);
    for (const token of [applicant, evaluator, officer(a)]) {
      await http().post('/api/v1/calls').auth(token, { type: 'bearer' }).send(callBody(Date.now())).expect(403);
      await http()
        .post(`/api/v1/calls/${callId}/cancel`)
        .auth(token, { type: 'bearer' })
        .send({ reason: 'not allowed' })
        .expect(403);
    }
    // A call in alignment is internal: invisible to applicants, evaluators and uninvited agencies.
    const outsider = await createAgency(url(), 'FRC2');
    for (const token of [applicant, evaluator, officer(outsider)]) {
      await http().get(`/api/v1/calls/${callId}`).auth(token, { type: 'bearer' }).expect(404);
      await http().get(`/api/v1/calls/${callId}/budget`).auth(token, { type: 'bearer' }).expect(404);
    }
    const listed = await http()
      .get('/api/v1/calls?state=FUND_ALIGNMENT')
      .auth(applicant, { type: 'bearer' })
      .expect(200);
    expect(listed.body.items.map((c: { id: string }) => c.id)).not.toContain(callId);
  }, 120_000);

  it('edits a DRAFT call partially: what the PATCH leaves out stays as it was', async () => {
    const callId = await createCall({ alignment: 10, opens: 20 });
    const before = await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' }).expect(200);
    const patched = await http()
      .patch(`/api/v1/calls/${callId}`)
      .auth(pm, { type: 'bearer' })
      .send({ title: 'ACIE 2027 — smart manufacturing' });
    expect(patched.status).toBe(200);
    expect(patched.body.title).toBe('ACIE 2027 — smart manufacturing');
    expect(patched.body.timeline).toEqual(before.body.timeline);
    expect(patched.body.consortium).toEqual(before.body.consortium);
    expect(patched.body.criteria).toEqual(before.body.criteria);
  });

  it('refuses with 409 naming the state and 422 naming every rule', async () => {
    const bad = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(
        callBody(
          Date.now(),
          { alignment: 20, opens: 10 },
          {
            consortium: { minPartners: 1, minRegions: 3, minDurationMonths: 24, maxDurationMonths: 12 },
            criteria: [{ name: 'Excellence', weight: 0, threshold: 7 }],
            timeZone: 'Mars/Olympus',
            transformativeActivityCodes: ['TA-NOPE'],
          },
        ),
      );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CALL_CONFIGURATION_INVALID');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'timeline.opensAt',
        'consortium.minPartners',
        'consortium.maxDurationMonths',
        'criteria[0].weight',
        'criteria[0].threshold',
        'timeZone',
        'transformativeActivityCodes[0]',
      ]),
    );

    const callId = await createCall({ alignment: 10, opens: 20 });
    const a = await createAgency(url(), 'SI0');
    const a2 = await createAgency(url(), 'SI0');
    const b = await createAgency(url(), 'AT31');
    const second = await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: [a.id, a2.id, b.id] });
    expect(second.status).toBe(422);
    expect(second.body.errors).toEqual([
      expect.objectContaining({ field: 'agencyIds[1]', code: 'SECOND_AGENCY_FOR_REGION' }),
    ]);

    const early = await http()
      .post(`/api/v1/calls/${callId}/commitments/${a.id}/confirm`)
      .auth(officer(a), { type: 'bearer' });
    expect(early.status).toBe(404); // not invited yet: nothing to confirm
    await start(callId, [a, b]);
    await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: [a.id, b.id] })
      .expect(409);
    const patch = await http().patch(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' }).send({ title: 'Renamed' });
    expect(patch.status).toBe(409);
    expect(patch.body.detail).toMatch(/FUND_ALIGNMENT/);
    expect(patch.body.params).toEqual({ state: 'FUND_ALIGNMENT', allowed: ['DRAFT'] });

    const unproposed = await http()
      .post(`/api/v1/calls/${callId}/commitments/${a.id}/confirm`)
      .auth(officer(a), { type: 'bearer' });
    expect(unproposed.status).toBe(422);
    expect(unproposed.body.code).toBe('COMMITMENT_NOT_PROPOSED');
    const rules = await http()
      .put(`/api/v1/calls/${callId}/commitments/${a.id}`)
      .auth(officer(a), { type: 'bearer' })
      .send({
        ...terms(1_000),
        currency: 'CHF',
        rules: {
          eligibleOrganisationTypes: ['PIRATE'],
          maxFundingRateBps: { SME: 12_000, PIRATE: 100 },
          extraReportFields: [],
        },
      });
    expect(rules.status).toBe(422);
    expect(rules.body.errors.map((e: { code: string }) => e.code)).toEqual(
      expect.arrayContaining(['CURRENCY_MISMATCH', 'UNKNOWN_ORGANISATION_TYPE', 'RATE_OUT_OF_RANGE']),
    );
    // Params cross the workflow and its activity unchanged.
    expect(rules.body.params).toEqual({ count: rules.body.errors.length });
    expect(rules.body.errors.find((e: { code: string }) => e.code === 'CURRENCY_MISMATCH').params).toEqual({
      currency: 'EUR',
      actual: 'CHF',
    });
    expect(rules.body.errors.find((e: { code: string }) => e.code === 'RATE_OUT_OF_RANGE').params).toEqual({
      min: 0,
      max: 10_000,
    });

    await http()
      .post(`/api/v1/calls/${callId}/commitments/${b.id}/decline`)
      .auth(officer(b), { type: 'bearer' })
      .send({ reason: 'No budget' })
      .expect(200);
    const again = await http()
      .post(`/api/v1/calls/${callId}/commitments/${b.id}/decline`)
      .auth(officer(b), { type: 'bearer' })
      .send({ reason: 'Still no budget' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/DECLINED/);
    expect(again.body.params).toEqual({ state: 'DECLINED' });

    const earlier = await http()
      .post(`/api/v1/calls/${callId}/extend-deadline`)
      .auth(pm, { type: 'bearer' })
      .send({
        field: 'alignmentDeadline',
        newDeadline: new Date(Date.now() + 86_400_000).toISOString(),
        reason: 'oops',
      });
    expect(earlier.status).toBe(422);
    expect(earlier.body.code).toBe('DEADLINE_NOT_LATER');
    const disorder = await http()
      .post(`/api/v1/calls/${callId}/extend-deadline`)
      .auth(pm, { type: 'bearer' })
      .send({
        field: 'alignmentDeadline',
        newDeadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        reason: 'too far',
      });
    expect(disorder.status).toBe(422);
    expect(disorder.body.code).toBe('TIMELINE_ORDER_BROKEN');

    await http()
      .post(`/api/v1/calls/${callId}/cancel`)
      .auth(pm, { type: 'bearer' })
      .send({ reason: 'Programme suspended' })
      .expect(200);
    await expectEventually(async () =>
      expect((await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' })).body.state).toBe('CANCELLED'),
    );
    const afterCancel = await put(callId, a, 5_000);
    expect(afterCancel.status).toBe(409);
    expect(afterCancel.body.detail).toMatch(/CANCELLED/);
  }, 120_000);
});
