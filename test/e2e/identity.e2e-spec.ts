import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { AdjustableClock } from '@app/common';
import type { AppProcess } from '../utils/app-process';
import { startWorkerProcess, stopWorkerProcess } from '../utils/worker-process';
import { createApiApp } from '../utils/create-api-app';
import { queryRows } from '../utils/reset-database';
import { setAsideEarlierMail } from '../utils/set-aside-earlier-mail';
import { startSmtpTestServer, type ReceivedMail, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const ADMIN = { email: `admin-${randomUUID()}@acie.test`, password: 'admin-password-123456' };
const PASSWORD = 'correct horse battery staple';

/**
 * Identity over HTTP on the real servers: the API in-process with an adjustable clock, the real worker
 * process delivering the outbox to a real SMTP server, PostgreSQL and Temporal from the global setup.
 */
describe('identity, onboarding and boundaries over HTTP', () => {
  let app: INestApplication;
  let smtp: SmtpTestServer;
  let worker: AppProcess;
  const clock = new AdjustableClock(new Date());
  const http = () => request(app.getHttpServer());
  const unique = (name: string): string => `${name}-${randomUUID().slice(0, 8)}@acie.test`;

  const mailTo = (email: string, subject: RegExp): Promise<ReceivedMail> =>
    smtp.waitFor((m) => m.to.includes(email.toLowerCase()) && subject.test(m.subject), 30_000);
  const tokenIn = (mail: ReceivedMail): string => {
    const match = /token=([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!match) throw new Error(`no token link in ${mail.text}`);
    return match[1];
  };
  const login = async (email: string, password = PASSWORD): Promise<string> => {
    const res = await http().post('/api/v1/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const registrationId = (): string => `IT${Math.floor(Math.random() * 1e11)}`;

  /** Registers an applicant with a new organisation, verifies the address and logs in. */
  const onboardApplicant = async (
    regionCode = 'ITH2',
  ): Promise<{ email: string; token: string; organisationId: string }> => {
    const email = unique('applicant');
    const res = await http()
      .post('/api/v1/auth/register')
      .send({
        email,
        password: PASSWORD,
        displayName: 'Ada Applicant',
        organisation: { legalName: `Org ${email}`, type: 'SME', regionCode, registrationId: registrationId() },
      });
    expect(res.status).toBe(202);
    await http()
      .post('/api/v1/auth/verify-email')
      .send({ token: tokenIn(await mailTo(email, /Confirm your e-mail/)) })
      .expect(204);
    const token = await login(email);
    const me = await http().get('/api/v1/me').auth(token, { type: 'bearer' }).expect(200);
    return { email, token, organisationId: me.body.grants[0].organisationId };
  };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    await setAsideEarlierMail(testEnvironment().databaseUrl);
    worker = await startWorkerProcess(smtp.url);
    app = await createApiApp(
      testAppConfig({ ACIE_ADMIN_EMAIL: ADMIN.email, ACIE_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'error' }),
      { clock },
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await stopWorkerProcess(worker);
    await smtp?.close();
  });

  it('registers an applicant with a new organisation, verifies the e-mail once, then logs in', async () => {
    const email = unique('register');
    const res = await http()
      .post('/api/v1/auth/register')
      .send({
        email,
        password: PASSWORD,
        displayName: 'Rita Register',
        organisation: { legalName: 'Rita Robotics', type: 'SME', regionCode: 'AT31', registrationId: registrationId() },
      });
    expect(res.status).toBe(202);

    const early = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(early.status).toBe(403);

    const mail = await mailTo(email, /Confirm your e-mail/);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@acie\.local>$/);
    const token = tokenIn(mail);
    await http().post('/api/v1/auth/verify-email').send({ token }).expect(204);
    const again = await http().post('/api/v1/auth/verify-email').send({ token });
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('TOKEN_INVALID');

    const access = await login(email);
    const me = await http().get('/api/v1/me').auth(access, { type: 'bearer' }).expect(200);
    expect(me.body).toMatchObject({ email, displayName: 'Rita Register', status: 'ACTIVE' });
    expect(me.body.grants).toEqual([
      expect.objectContaining({
        role: 'APPLICANT',
        status: 'ACTIVE',
        organisationName: 'Rita Robotics',
        regionCode: 'AT31',
      }),
    ]);
    expect(me.body.notificationPreferences).toContainEqual({
      kind: 'EMAIL_VERIFICATION',
      critical: true,
      mode: 'IMMEDIATE',
    });
  });

  it('answers a wrong password and an unknown e-mail identically, and rate-limits failures', async () => {
    const { email } = await onboardApplicant();
    const wrong = await http().post('/api/v1/auth/login').send({ email, password: 'not the password at all' });
    const unknown = await http()
      .post('/api/v1/auth/login')
      .send({ email: unique('nobody'), password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect({ ...wrong.body, instance: undefined, requestId: undefined }).toEqual({
      ...unknown.body,
      instance: undefined,
      requestId: undefined,
    });

    for (let i = 0; i < 4; i += 1)
      await http().post('/api/v1/auth/login').send({ email, password: 'still wrong password' }).expect(401);
    const limited = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
  });

  it('rotates refresh tokens: each works once', async () => {
    const { email } = await onboardApplicant();
    const session = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    const next = await http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.body.refreshToken })
      .expect(200);
    expect(next.body.accessToken).toEqual(expect.any(String));
    await http().post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
    await http().get('/api/v1/me').auth(next.body.accessToken, { type: 'bearer' }).expect(200);
  });

  it('resets a password by a link that works once and expires after an hour', async () => {
    const { email } = await onboardApplicant();
    await http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
    const token = tokenIn(await mailTo(email, /Reset your password/));
    await http()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, newPassword: 'a brand new password 42' })
      .expect(204);
    await http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
    await login(email, 'a brand new password 42');
    const reused = await http()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, newPassword: 'yet another password 43' });
    expect(reused.status).toBe(422);

    smtp.received.length = 0;
    await http().post('/api/v1/auth/password-reset').send({ email }).expect(202);
    const late = tokenIn(await mailTo(email, /Reset your password/));
    clock.advance(61 * 60 * 1000);
    try {
      const expired = await http()
        .post('/api/v1/auth/password-reset/confirm')
        .send({ token: late, newPassword: 'too late password 44' });
      expect(expired.status).toBe(422);
      expect(expired.body.code).toBe('TOKEN_INVALID');
    } finally {
      clock.set(new Date());
    }
    // An unknown address answers exactly the same and sends nothing.
    const unknown = await http()
      .post('/api/v1/auth/password-reset')
      .send({ email: unique('ghost') });
    expect(unknown.status).toBe(202);
  });

  it('lets a member invite a colleague, who accepts and acts for the same organisation', async () => {
    const member = await onboardApplicant();
    const colleague = unique('colleague');
    await http()
      .post(`/api/v1/organisations/${member.organisationId}/invitations`)
      .auth(member.token, { type: 'bearer' })
      .send({ email: colleague, displayName: 'Carl Colleague' })
      .expect(202);
    const token = tokenIn(await mailTo(colleague, /Invitation to join/));
    const incomplete = await http().post('/api/v1/auth/accept-invitation').send({ token });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);

    // The failed attempt rolled back: the same link still works.
    await http().post('/api/v1/auth/accept-invitation').send({ token, password: PASSWORD }).expect(200);
    const access = await login(colleague);
    const me = await http().get('/api/v1/me').auth(access, { type: 'bearer' }).expect(200);
    expect(me.body.grants).toEqual([
      expect.objectContaining({ role: 'APPLICANT', organisationId: member.organisationId, status: 'ACTIVE' }),
    ]);
  });

  it('lets a registrant join an existing organisation once a member approves', async () => {
    const member = await onboardApplicant();
    const joiner = unique('joiner');
    await http()
      .post('/api/v1/auth/register')
      .send({ email: joiner, password: PASSWORD, displayName: 'Jo Joiner', organisationId: member.organisationId })
      .expect(202);
    await http()
      .post('/api/v1/auth/verify-email')
      .send({ token: tokenIn(await mailTo(joiner, /Confirm your e-mail/)) })
      .expect(204);
    await mailTo(member.email, /asks to join/);
    const access = await login(joiner);
    const pending = await http().get('/api/v1/me').auth(access, { type: 'bearer' }).expect(200);
    expect(pending.body.grants).toEqual([
      expect.objectContaining({ organisationId: member.organisationId, status: 'PENDING_APPROVAL' }),
    ]);
    // Not a member yet: the organisation is invisible to the joiner.
    await http().get(`/api/v1/organisations/${member.organisationId}`).auth(access, { type: 'bearer' }).expect(404);

    await http()
      .post(`/api/v1/organisations/${member.organisationId}/members/${pending.body.id}/approve`)
      .auth(member.token, { type: 'bearer' })
      .expect(204);
    await mailTo(joiner, /You are now a member/);
    await http().get(`/api/v1/organisations/${member.organisationId}`).auth(access, { type: 'bearer' }).expect(200);
  });

  it(`creates staff through the bootstrapped admin: an agency officer sets a \
password and sees its region only`, async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const agency = await http()
      .post('/api/v1/agencies')
      .auth(admin, { type: 'bearer' })
      .send({ regionCode: 'AT32', name: `Innovation Salzburg ${randomUUID().slice(0, 6)}`, programmeName: 'WISS 2030' })
      .expect(201);
    const officerEmail = unique('officer');
    const created = await http()
      .post('/api/v1/users')
      .auth(admin, { type: 'bearer' })
      .send({ email: officerEmail, displayName: 'Olga Officer', role: 'AGENCY_OFFICER', agencyId: agency.body.id })
      .expect(201);
    expect(created.body.grants).toEqual([
      expect.objectContaining({ role: 'AGENCY_OFFICER', agencyId: agency.body.id, regionCode: 'AT32' }),
    ]);
    await http()
      .post('/api/v1/auth/accept-invitation')
      .send({ token: tokenIn(await mailTo(officerEmail, /staff account/)), password: PASSWORD })
      .expect(200);
    const officer = await login(officerEmail);

    const salzburg = await onboardApplicant('AT32');
    const trento = await onboardApplicant('ITH2');
    await http().get(`/api/v1/organisations/${salzburg.organisationId}`).auth(officer, { type: 'bearer' }).expect(200);
    await http().get(`/api/v1/organisations/${trento.organisationId}`).auth(officer, { type: 'bearer' }).expect(404);
    const list = await http().get('/api/v1/organisations?limit=200').auth(officer, { type: 'bearer' }).expect(200);
    expect(list.body.items.every((o: { regionCode: string }) => o.regionCode === 'AT32')).toBe(true);
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(salzburg.organisationId);
  });

  it('keeps every route inside its roles and boundaries (401, 403, 404 — never data)', async () => {
    const a = await onboardApplicant('ITH2');
    const b = await onboardApplicant('ITC4');
    const admin = await login(ADMIN.email, ADMIN.password);
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });

    await http().get('/api/v1/me').expect(401);
    await http().get('/api/v1/me').set(bearer('not-a-jwt')).expect(401);
    await http().get(`/api/v1/organisations/${b.organisationId}`).set(bearer(a.token)).expect(404);
    await http().get(`/api/v1/organisations/${randomUUID()}`).set(bearer(a.token)).expect(404);
    await http().get(`/api/v1/organisations/${b.organisationId}/members`).set(bearer(a.token)).expect(404);
    await http()
      .post(`/api/v1/organisations/${b.organisationId}/invitations`)
      .set(bearer(a.token))
      .send({ email: unique('x') })
      .expect(404);
    await http()
      .post(`/api/v1/organisations/${b.organisationId}/members/${randomUUID()}/approve`)
      .set(bearer(a.token))
      .expect(404);
    const own = await http().get('/api/v1/organisations').set(bearer(a.token)).expect(200);
    expect(own.body.items.map((o: { id: string }) => o.id)).toEqual([a.organisationId]);

    const forbidden = await http()
      .post('/api/v1/regions')
      .set(bearer(a.token))
      .send({ code: 'ITH5', name: 'Emilia-Romagna', country: 'IT', currency: 'EUR' })
      .expect(403);
    expect(forbidden.body).toMatchObject({
      code: 'FORBIDDEN',
      detail: expect.stringContaining('ADMIN'),
      params: { allowed: expect.arrayContaining(['ADMIN']) },
    });
    await http()
      .post('/api/v1/agencies')
      .set(bearer(a.token))
      .send({ regionCode: 'ITH2', name: 'x', programmeName: 'y' })
      .expect(403);
    await http()
      .post('/api/v1/users')
      .set(bearer(a.token))
      .send({ email: unique('x'), displayName: 'X', role: 'ADMIN' })
      .expect(403);
    await http()
      .post('/api/v1/evaluator-invitations')
      .set(bearer(a.token))
      .send({ email: unique('x') })
      .expect(403);
    await http()
      .post('/api/v1/transformative-activities')
      .set(bearer(a.token))
      .send({ code: 'TA-X', title: 'x', s3Domain: 'y', regionCodes: [] })
      .expect(403);
    await http().get('/api/v1/audit').set(bearer(a.token)).expect(403);

    // A programme manager invites an evaluator, who sees no organisation at all.
    const pmEmail = unique('pm');
    await http()
      .post('/api/v1/users')
      .set(bearer(admin))
      .send({ email: pmEmail, displayName: 'Paula PM', role: 'PROGRAMME_MANAGER' })
      .expect(201);
    await http()
      .post('/api/v1/auth/accept-invitation')
      .send({ token: tokenIn(await mailTo(pmEmail, /staff account/)), password: PASSWORD })
      .expect(200);
    const pm = await login(pmEmail);
    await http().get(`/api/v1/organisations/${b.organisationId}`).set(bearer(pm)).expect(200);
    await http()
      .post('/api/v1/users')
      .set(bearer(pm))
      .send({ email: unique('x'), displayName: 'X', role: 'ADMIN' })
      .expect(403);
    const evaluatorEmail = unique('evaluator');
    await http()
      .post('/api/v1/evaluator-invitations')
      .set(bearer(pm))
      .send({ email: evaluatorEmail, displayName: 'Eve Expert' })
      .expect(202);
    await http()
      .post('/api/v1/auth/accept-invitation')
      .send({ token: tokenIn(await mailTo(evaluatorEmail, /evaluator pool/)), password: PASSWORD })
      .expect(200);
    const evaluator = await login(evaluatorEmail);
    await http().get(`/api/v1/organisations/${a.organisationId}`).set(bearer(evaluator)).expect(404);
    const none = await http().get('/api/v1/organisations').set(bearer(evaluator)).expect(200);
    expect(none.body.items).toEqual([]);
    const trail = await http()
      .get(`/api/v1/audit?entity=organisation&id=${a.organisationId}`)
      .set(bearer(pm))
      .expect(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toContain('organisation.created');
  });

  it('refuses a duplicate organisation with a 409 naming the existing one', async () => {
    const a = await onboardApplicant();
    const existing = await http()
      .get(`/api/v1/organisations/${a.organisationId}`)
      .auth(a.token, { type: 'bearer' })
      .expect(200);
    const spaced = `${existing.body.registrationId.slice(0, 4)} ${existing.body.registrationId.slice(4).toLowerCase()}`;
    const dup = await http()
      .post('/api/v1/organisations')
      .auth(a.token, { type: 'bearer' })
      .send({ legalName: 'Copycat', type: 'OTHER', regionCode: 'ITH2', registrationId: spaced });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('ORGANISATION_EXISTS');
    expect(dup.body.detail).toContain(a.organisationId);
  });

  it('answers bad payloads with 4xx problem+json listing every error, and writes nothing', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const before = await queryRows<{ n: string }>(testEnvironment().databaseUrl, 'SELECT count(*) AS n FROM app_user');
    const cases: Array<[string, string, unknown, string[]]> = [
      ['post', '/api/v1/auth/register', {}, ['displayName', 'email', 'organisation', 'organisationId', 'password']],
      [
        'post',
        '/api/v1/auth/register',
        { email: 'x', password: 'short', displayName: '', organisation: { type: 'PIRATE', regionCode: 'nowhere' } },
        [
          'displayName',
          'email',
          'organisation.legalName',
          'organisation.regionCode',
          'organisation.registrationId',
          'organisation.type',
          'password',
        ],
      ],
      ['post', '/api/v1/auth/login', { email: 42 }, ['email', 'password']],
      ['post', '/api/v1/auth/verify-email', { token: 1, extra: true }, ['extra', 'token']],
      ['post', '/api/v1/auth/password-reset/confirm', {}, ['newPassword', 'token']],
      ['post', '/api/v1/auth/accept-invitation', { token: 'x', password: 'short' }, ['password', 'token']],
      [
        'post',
        '/api/v1/regions',
        { code: 'bad', country: 'Italy', currency: 'euro' },
        ['code', 'country', 'currency', 'name'],
      ],
      ['post', '/api/v1/agencies', { regionCode: 'x' }, ['name', 'programmeName', 'regionCode']],
      ['post', '/api/v1/users', { email: 'nope', role: 'AGENCY_OFFICER' }, ['agencyId', 'displayName', 'email']],
      [
        'post',
        '/api/v1/transformative-activities',
        { code: 'lower case', regionCodes: ['x'] },
        ['code', 'regionCodes', 's3Domain', 'title'],
      ],
      [
        'put',
        '/api/v1/me/notification-preferences',
        { preferences: [{ kind: 'NOPE', mode: 'LOUD' }] },
        ['preferences[0].kind', 'preferences[0].mode'],
      ],
      [
        'post',
        '/api/v1/organisations',
        { status: 'VERIFIED' },
        ['legalName', 'regionCode', 'registrationId', 'status', 'type'],
      ],
      ['get', '/api/v1/organisations?limit=0&cursor=', undefined, ['limit']],
      ['get', '/api/v1/organisations/not-a-uuid', undefined, ['id']],
      ['post', '/api/v1/organisations/not-a-uuid/invitations', { email: 'nope' }, ['id']],
      ['post', `/api/v1/organisations/${randomUUID()}/members/x/approve`, undefined, ['userId']],
      [
        'post',
        `/api/v1/organisations/${randomUUID()}/invitations`,
        { email: 'nope', displayName: '' },
        ['displayName', 'email'],
      ],
      ['post', '/api/v1/evaluator-invitations', { email: ['a'] }, ['email']],
      ['post', '/api/v1/auth/refresh', { refreshToken: 7 }, ['refreshToken']],
      ['post', '/api/v1/auth/logout', {}, ['refreshToken']],
      ['post', '/api/v1/auth/password-reset', { email: null }, ['email']],
      ['get', '/api/v1/audit?limit=abc', undefined, ['limit']],
      ['get', '/api/v1/agencies?regionCode=lower', undefined, ['regionCode']],
    ];
    for (const [method, path, body, fields] of cases) {
      const call = method === 'post' ? http().post(path) : method === 'put' ? http().put(path) : http().get(path);
      const res = await call.auth(admin, { type: 'bearer' }).send(body as object);
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({
        path,
        status: 400,
        type: expect.stringMatching(/problem\+json/),
      });
      const got = [...new Set((res.body.errors as Array<{ field: string }>).map((e) => e.field))].sort();
      expect({ path, fields: got }).toEqual({ path, fields: [...fields].sort() });
    }
    // The password rule names its minimum as a param, for pages that word it in the reader's language.
    const short = await http().post('/api/v1/auth/accept-invitation').send({ token: 'x', password: 'short' });
    expect(short.body.errors).toContainEqual({
      field: 'password',
      code: 'minLength',
      message: expect.any(String),
      params: { min: 12 },
    });
    const critical = await http()
      .put('/api/v1/me/notification-preferences')
      .auth(admin, { type: 'bearer' })
      .send({
        preferences: [
          { kind: 'PASSWORD_RESET', mode: 'OFF' },
          { kind: 'MEMBERSHIP_REQUESTED', mode: 'DAILY_DIGEST' },
          { kind: 'EMAIL_VERIFICATION', mode: 'DAILY_DIGEST' },
        ],
      });
    expect(critical.status).toBe(422);
    expect(critical.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'preferences[0].mode',
      'preferences[2].mode',
    ]);
    expect(critical.body.errors.map((e: { params: unknown }) => e.params)).toEqual([
      { kind: 'PASSWORD_RESET' },
      { kind: 'EMAIL_VERIFICATION' },
    ]);
    const after = await queryRows<{ n: string }>(testEnvironment().databaseUrl, 'SELECT count(*) AS n FROM app_user');
    expect(after[0].n).toBe(before[0].n);
  });

  it('never answers a random or malformed payload with a 500 (property-based)', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    const endpoints: Array<[string, string]> = [
      ['post', '/api/v1/auth/register'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/verify-email'],
      ['post', '/api/v1/auth/password-reset'],
      ['post', '/api/v1/auth/password-reset/confirm'],
      ['post', '/api/v1/auth/accept-invitation'],
      ['post', '/api/v1/regions'],
      ['post', '/api/v1/agencies'],
      ['post', '/api/v1/organisations'],
      ['post', '/api/v1/users'],
      ['post', '/api/v1/evaluator-invitations'],
      ['post', '/api/v1/transformative-activities'],
      ['put', '/api/v1/me/notification-preferences'],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.oneof(fc.jsonValue(), fc.object(), fc.string()),
        async ([method, path], body) => {
          const call = method === 'post' ? http().post(path) : http().put(path);
          const res = await call
            .auth(admin, { type: 'bearer' })
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          expect({ path, body, status: res.status < 500 }).toEqual({ path, body, status: true });
          if (res.status >= 400) expect(res.headers['content-type']).toMatch(/problem\+json/);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);

  it('keeps the audit log append-only in the database itself', async () => {
    const url = testEnvironment().databaseUrl;
    const rows = await queryRows<{ id: string }>(url, 'SELECT id FROM audit_event ORDER BY id LIMIT 1');
    expect(rows).toHaveLength(1);
    await expect(
      queryRows(url, "UPDATE audit_event SET action = 'tampered' WHERE id = $1", [rows[0].id]),
    ).rejects.toThrow(/append-only/);
    await expect(queryRows(url, 'DELETE FROM audit_event WHERE id = $1', [rows[0].id])).rejects.toThrow(/append-only/);
    await expect(queryRows(url, 'TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    const still = await queryRows<{ action: string }>(url, 'SELECT action FROM audit_event WHERE id = $1', [
      rows[0].id,
    ]);
    expect(still[0].action).not.toBe('tampered');
  });
});
