import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApiApp } from '../utils/create-api-app';
import { testAppConfig } from '../utils/test-environment';

const INDEX =
  '<!doctype html><html><head><script type="module" ' +
  'src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The directives of a Content-Security-Policy header, by name. */
function csp(res: request.Response): Map<string, string> {
  const header = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    header
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
}

function expectSecurityHeaders(res: request.Response, where: string): void {
  const policy = csp(res);
  expect({ where, script: policy.get('script-src') }).toEqual({ where, script: "'self'" });
  expect({ where, style: policy.get('style-src') }).toEqual({ where, style: "'self' 'unsafe-inline'" });
  expect({
    where,
    img: policy.get('img-src'),
    connect: policy.get('connect-src'),
    frames: policy.get('frame-ancestors'),
    object: policy.get('object-src'),
    base: policy.get('base-uri'),
    form: policy.get('form-action'),
  }).toEqual({
    where,
    img: "'self' data:",
    connect: "'self'",
    frames: "'none'",
    object: "'none'",
    base: "'self'",
    form: "'self'",
  });
  expect({
    where,
    referrer: res.headers['referrer-policy'],
    nosniff: res.headers['x-content-type-options'],
    coop: res.headers['cross-origin-opener-policy'],
    corp: res.headers['cross-origin-resource-policy'],
    frameOptions: res.headers['x-frame-options'],
    poweredBy: res.headers['x-powered-by'],
  }).toEqual({
    where,
    referrer: 'strict-origin-when-cross-origin',
    nosniff: 'nosniff',
    coop: 'same-origin',
    corp: 'same-origin',
    frameOptions: 'DENY',
    poweredBy: undefined,
  });
}

/**
 * The API serves the built web app: files from WEB_DIST_DIR (a fake build in a temp folder here), the
 * app's index.html for deep links, security headers on everything, and a clear 503 without a build.
 */
describe('the web app served by the API', () => {
  let dist: string;
  let app: INestApplication;
  let devApp: INestApplication;
  let unbuilt: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    dist = mkdtempSync(path.join(tmpdir(), 'acie-web-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app");\n');
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = await createApiApp(testAppConfig({ WEB_DIST_DIR: dist, LOG_LEVEL: 'error' }));
    devApp = await createApiApp(testAppConfig({ WEB_DIST_DIR: dist, NODE_ENV: 'development', LOG_LEVEL: 'error' }));
    unbuilt = await createApiApp(
      testAppConfig({ WEB_DIST_DIR: path.join(dist, 'not-built-here'), LOG_LEVEL: 'error' }),
    );
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await devApp?.close();
    await unbuilt?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html at / revalidated on every load, with the security headers and HSTS', async () => {
    const res = await http().get('/').set('Accept', HTML).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    expectSecurityHeaders(res, '/');
    const hsts = String(res.headers['strict-transport-security']);
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    await http().head('/').set('Accept', HTML).expect(200);
  });

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await http().get('/assets/index-abc123.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expectSecurityHeaders(asset, '/assets/index-abc123.js');
    const icon = await http().get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
    // A stale asset name is a 404, never the app's HTML served as a script.
    const stale = await http().get('/assets/index-old999.js').set('Accept', HTML);
    expect(stale.status).toBe(404);
    expect(stale.headers['content-type']).toMatch(/problem\+json/);
  });

  it('answers deep links with index.html (the app routes them)', async () => {
    for (const link of [
      '/proposals/123',
      '/verify-email?token=abc_DEF-123',
      '/calls/9/commitments/4',
      '/settings/notifications',
    ]) {
      const res = await http().get(link).set('Accept', HTML);
      expect({ link, status: res.status, body: res.text }).toEqual({ link, status: 200, body: INDEX });
      expect(res.headers['cache-control']).toBe('no-cache');
      expectSecurityHeaders(res, link);
    }
    // Not asking for HTML (a script, an image, a JSON client): no app shell, a plain 404.
    const json = await http().get('/proposals/123').set('Accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.headers['content-type']).toMatch(/problem\+json/);
    await http().post('/proposals/123').set('Accept', HTML).expect(404);
  });

  it('keeps unknown API paths a 404 problem+json, with the security headers', async () => {
    for (const unknown of ['/api/v1/no-such-thing', '/api/nothing', '/api']) {
      const res = await http().get(unknown).set('Accept', HTML);
      expect({ unknown, status: res.status, type: res.headers['content-type'] }).toEqual({
        unknown,
        status: 404,
        type: expect.stringMatching(/problem\+json/),
      });
      expectSecurityHeaders(res, unknown);
    }
    const health = await http().get('/api/v1/health');
    expectSecurityHeaders(health, '/api/v1/health');
  });

  it('leaves HSTS off in development, every other header on', async () => {
    for (const target of ['/', '/proposals/123', '/api/v1/no-such-thing']) {
      const res = await request(devApp.getHttpServer()).get(target).set('Accept', HTML);
      expect({ target, hsts: res.headers['strict-transport-security'] }).toEqual({ target, hsts: undefined });
      expectSecurityHeaders(res, target);
    }
  });

  it('keeps the Swagger UI working under a policy of its own', async () => {
    const page = await http().get('/api/docs').set('Accept', HTML).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toMatch(/swagger-ui/);
    const policy = csp(page);
    expect(policy.get('frame-ancestors')).toBe("'none'");
    // Its inline <style> and what its page scripts need are allowed here and nowhere else.
    expect(policy.get('style-src')).toContain("'unsafe-inline'");
    const scripts = [...page.text.matchAll(/<script src=["']([^"']+)["']/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const match of scripts) {
      const src = match[1].startsWith('/') ? match[1] : `/api/docs/${match[1].replace(/^\.\//, '')}`;
      const script = await http().get(src);
      expect({ src, status: script.status }).toEqual({ src, status: 200 });
    }
    await http().get('/api/docs/openapi.json').expect(200);
  });

  it('starts without a build and says how to make one (503 WEB_APP_NOT_BUILT), the API unaffected', async () => {
    const server = () => request(unbuilt.getHttpServer());
    for (const target of ['/', '/proposals/123']) {
      const res = await server().get(target).set('Accept', HTML);
      expect({ target, status: res.status, type: res.headers['content-type'] }).toEqual({
        target,
        status: 503,
        type: expect.stringMatching(/problem\+json/),
      });
      expect(res.body).toMatchObject({
        status: 503,
        code: 'WEB_APP_NOT_BUILT',
        detail: expect.stringContaining('npm run build:web'),
      });
      expectSecurityHeaders(res, target);
    }
    const bare = await server().get('/');
    expect(bare.status).toBe(503);
    await server()
      .get('/api/v1/health')
      .expect((res) => expect(res.status).toBeLessThan(500));
    const unknown = await server().get('/api/v1/no-such-thing').set('Accept', HTML);
    expect(unknown.status).toBe(404);
  });
});
