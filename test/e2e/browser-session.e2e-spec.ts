import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../utils/create-api-app';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const ADMIN = { email: `admin-${randomUUID()}@acie.test`, password: 'admin-password-123456' };
const CSRF = { 'X-ACIE-CSRF': '1' };

interface SetCookie {
  value: string;
  attributes: Map<string, string>;
}

/** The acie_refresh Set-Cookie of a response, with its attributes (names lower-cased). */
function refreshCookieIn(res: request.Response): SetCookie | undefined {
  const raw = res.headers['set-cookie'] as unknown as string[] | undefined;
  const line = raw?.find((c) => c.startsWith('acie_refresh='));
  if (!line) return undefined;
  const [pair, ...rest] = line.split(';').map((part) => part.trim());
  const attributes = new Map<string, string>();
  for (const attribute of rest) {
    const [name, ...value] = attribute.split('=');
    attributes.set(name.toLowerCase(), value.join('='));
  }
  return { value: decodeURIComponent(pair.slice('acie_refresh='.length)), attributes };
}

/**
 * Browser sessions over HTTP on the real servers: the refresh token in an HttpOnly, SameSite=Strict
 * cookie on /api/v1/auth, the CSRF header on every change that carries it, API clients unchanged, and
 * each account's language.
 */
describe('browser sessions and account language over HTTP', () => {
  let app: INestApplication;
  let devApp: INestApplication;
  const http = () => request(app.getHttpServer());

  const browserLogin = async (
    target: INestApplication = app,
  ): Promise<{ accessToken: string; cookie: SetCookie; body: Record<string, unknown> }> => {
    const res = await request(target.getHttpServer()).post('/api/v1/auth/login').set(CSRF).send(ADMIN).expect(200);
    const cookie = refreshCookieIn(res);
    if (!cookie) throw new Error(`no acie_refresh cookie in ${JSON.stringify(res.headers['set-cookie'])}`);
    return { accessToken: res.body.accessToken as string, cookie, body: res.body as Record<string, unknown> };
  };
  const withCookie = (token: string): string => `acie_refresh=${encodeURIComponent(token)}`;

  beforeAll(async () => {
    const admin = { ACIE_ADMIN_EMAIL: ADMIN.email, ACIE_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'error' };
    app = await createApiApp(testAppConfig(admin));
    devApp = await createApiApp(testAppConfig({ ...admin, NODE_ENV: 'development' }));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await devApp?.close();
  });

  it(`login with the CSRF header sets the refresh cookie with every attribute and \
keeps the token out of the body`, async () => {
    const { body, cookie, accessToken } = await browserLogin();
    expect(body).not.toHaveProperty('refreshToken');
    expect(body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      refreshExpiresAt: expect.any(String),
    });
    expect(cookie.value.length).toBeGreaterThan(10);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/api/v1/auth');
    expect(cookie.attributes.has('secure')).toBe(true);
    expect(Number(cookie.attributes.get('max-age'))).toBe(30 * 86_400);
    await http().get('/api/v1/me').auth(accessToken, { type: 'bearer' }).expect(200);
  });

  it('leaves Secure off in development (plain http://localhost), every other attribute on', async () => {
    const { cookie } = await browserLogin(devApp);
    expect(cookie.attributes.has('secure')).toBe(false);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Strict');
    expect(cookie.attributes.get('path')).toBe('/api/v1/auth');
  });

  it(`refreshes with the cookie and the header, rotating the cookie; \
the old cookie is then refused and cleared`, async () => {
    const { cookie } = await browserLogin();
    const next = await http()
      .post('/api/v1/auth/refresh')
      .set(CSRF)
      .set('Cookie', withCookie(cookie.value))
      .expect(200);
    expect(next.body.accessToken).toEqual(expect.any(String));
    expect(next.body).not.toHaveProperty('refreshToken');
    const rotated = refreshCookieIn(next);
    expect(rotated?.value).toEqual(expect.any(String));
    expect(rotated?.value).not.toBe(cookie.value);
    expect(rotated?.attributes.has('httponly')).toBe(true);
    await http().get('/api/v1/me').auth(next.body.accessToken, { type: 'bearer' }).expect(200);

    const reused = await http().post('/api/v1/auth/refresh').set(CSRF).set('Cookie', withCookie(cookie.value));
    expect(reused.status).toBe(401);
    expect(reused.headers['content-type']).toMatch(/problem\+json/);
    const cleared = refreshCookieIn(reused);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes.get('max-age')).toBe('0');
    expect(cleared?.attributes.get('path')).toBe('/api/v1/auth');

    await http().post('/api/v1/auth/refresh').set(CSRF).set('Cookie', withCookie(rotated!.value)).expect(200);
  });

  it(`refuses a change that carries the cookie without the header (403 \
CSRF_HEADER_REQUIRED) and spends nothing`, async () => {
    const { cookie } = await browserLogin();
    for (const path of ['/api/v1/auth/refresh', '/api/v1/auth/logout']) {
      const refused = await http().post(path).set('Cookie', withCookie(cookie.value)).send({});
      expect({ path, status: refused.status }).toEqual({ path, status: 403 });
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.body).toMatchObject({ status: 403, code: 'CSRF_HEADER_REQUIRED', instance: path });
      expect(refused.headers['set-cookie']).toBeUndefined();
    }
    // A wrong value is no header either; a cross-site form could send neither.
    await http()
      .post('/api/v1/auth/refresh')
      .set('X-ACIE-CSRF', 'yes')
      .set('Cookie', withCookie(cookie.value))
      .expect(403);
    // Wherever the cookie goes, not only to refresh and logout.
    const elsewhere = await http()
      .put('/api/v1/me/language')
      .set('Cookie', withCookie(cookie.value))
      .send({ language: 'de' });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('CSRF_HEADER_REQUIRED');
    // The token is still good: the refusals did nothing.
    await http().post('/api/v1/auth/refresh').set(CSRF).set('Cookie', withCookie(cookie.value)).expect(200);
  });

  it('logs out with the cookie and the header: the token is spent and the cookie cleared', async () => {
    const { cookie } = await browserLogin();
    const out = await http().post('/api/v1/auth/logout').set(CSRF).set('Cookie', withCookie(cookie.value)).expect(204);
    const cleared = refreshCookieIn(out);
    expect(cleared?.value).toBe('');
    expect(cleared?.attributes.get('max-age')).toBe('0');
    expect(cleared?.attributes.has('httponly')).toBe(true);
    await http().post('/api/v1/auth/refresh').set(CSRF).set('Cookie', withCookie(cookie.value)).expect(401);
    // A browser without a session: refresh says so, logout is a no-op that still clears.
    await http().post('/api/v1/auth/refresh').set(CSRF).expect(401);
    await http().post('/api/v1/auth/logout').set(CSRF).expect(204);
  });

  it('keeps API clients unchanged: body tokens, no cookie, bearer access', async () => {
    const login = await http().post('/api/v1/auth/login').send(ADMIN).expect(200);
    expect(login.body.refreshToken).toEqual(expect.any(String));
    expect(login.headers['set-cookie']).toBeUndefined();
    const next = await http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(next.body.refreshToken).toEqual(expect.any(String));
    expect(next.headers['set-cookie']).toBeUndefined();
    await http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(401);
    await http().get('/api/v1/me').auth(next.body.accessToken, { type: 'bearer' }).expect(200);
    // A bearer client needs no CSRF header: it carries no cookie.
    await http()
      .put('/api/v1/me/language')
      .auth(next.body.accessToken, { type: 'bearer' })
      .send({ language: 'en' })
      .expect(200);
    await http().post('/api/v1/auth/logout').send({ refreshToken: next.body.refreshToken }).expect(204);
    await http().post('/api/v1/auth/refresh').send({ refreshToken: next.body.refreshToken }).expect(401);
    const missing = await http().post('/api/v1/auth/refresh').send({});
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['refreshToken']);
  });

  it(`keeps a language per account: default en, set by PUT /me/language, \
refused naming the field otherwise`, async () => {
    const { accessToken } = await browserLogin();
    const me = await http().get('/api/v1/me').auth(accessToken, { type: 'bearer' }).expect(200);
    expect(['en', 'de', 'it', 'fr', 'sl']).toContain(me.body.language);

    for (const language of ['sl', 'de']) {
      const set = await http()
        .put('/api/v1/me/language')
        .set(CSRF)
        .auth(accessToken, { type: 'bearer' })
        .send({ language })
        .expect(200);
      expect(set.body.language).toBe(language);
      expect((await http().get('/api/v1/me').auth(accessToken, { type: 'bearer' }).expect(200)).body.language).toBe(
        language,
      );
    }
    for (const body of [{ language: 'es' }, { language: 'DE' }, { language: 3 }, {}, { language: 'de', extra: 1 }]) {
      const refused = await http().put('/api/v1/me/language').auth(accessToken, { type: 'bearer' }).send(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      const fields = (refused.body.errors as Array<{ field: string }>).map((e) => e.field);
      expect(fields).toContain('extra' in body ? 'extra' : 'language');
    }
    expect((await http().get('/api/v1/me').auth(accessToken, { type: 'bearer' }).expect(200)).body.language).toBe('de');
    await http().put('/api/v1/me/language').auth(accessToken, { type: 'bearer' }).send({ language: 'en' }).expect(200);
  });

  it('registers with an optional language (default en) and refuses an unknown one', async () => {
    const registration = (language?: string) => ({
      email: `lang-${randomUUID().slice(0, 8)}@acie.test`,
      password: 'correct horse battery staple',
      displayName: 'Lara Language',
      ...(language === undefined ? {} : { language }),
      organisation: {
        legalName: `Org ${randomUUID()}`,
        type: 'SME',
        regionCode: 'ITH2',
        registrationId: `IT${Math.floor(Math.random() * 1e9)}`,
      },
    });
    const withLanguage = registration('it');
    const withoutLanguage = registration();
    await http().post('/api/v1/auth/register').send(withLanguage).expect(202);
    await http().post('/api/v1/auth/register').send(withoutLanguage).expect(202);
    const rows = await queryRows<{ email: string; language: string }>(
      testEnvironment().databaseUrl,
      'SELECT email, language FROM app_user WHERE email = ANY($1) ORDER BY email',
      [[withLanguage.email, withoutLanguage.email]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.email, r.language]))).toEqual({
      [withLanguage.email]: 'it',
      [withoutLanguage.email]: 'en',
    });

    const refused = await http().post('/api/v1/auth/register').send(registration('klingon'));
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['language']);
  });

  it('refuses any other language in the database too (CHECK constraint)', async () => {
    await expect(
      queryRows(testEnvironment().databaseUrl, "UPDATE app_user SET language = 'es' WHERE email = $1", [ADMIN.email]),
    ).rejects.toThrow(/app_user_language_check/);
  });

  it('describes the browser session in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs/openapi.json').expect(200)).body;
    expect(doc.components.securitySchemes.refreshCookie).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'acie_refresh',
    });
    const refresh = doc.paths['/api/v1/auth/refresh'].post;
    expect(refresh.security).toEqual(expect.arrayContaining([{ refreshCookie: [] }]));
    expect(refresh.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'X-ACIE-CSRF' })]),
    );
    const shared = refresh.responses['403'].$ref as string | undefined;
    const forbidden = shared ? doc.components.responses[shared.split('/').pop()!] : refresh.responses['403'];
    expect(forbidden.description).toContain('CSRF_HEADER_REQUIRED');
    expect(forbidden.content['application/problem+json']).toBeDefined();
    expect(doc.paths['/api/v1/me/language'].put.responses['200']).toBeDefined();
    expect(doc.components.schemas.MeDto.properties.language.enum).toEqual(['en', 'de', 'it', 'fr', 'sl']);
  });
});
