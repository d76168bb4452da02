import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { callBody, createUser } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

/**
 * Rate limits (SPEC §8) through the real API on PostgreSQL: per caller across routes, overall for the
 * process, 429 problem+json with Retry-After, nothing written by a refused request, health never limited.
 */
describe('rate limits over HTTP', () => {
  const url = () => testEnvironment().databaseUrl;
  let perCaller: INestApplication;
  let overall: INestApplication;
  // One listening server per app, so every request of a test comes from the same address and port pool.
  let perCallerServer: Server;
  let overallServer: Server;

  beforeAll(async () => {
    perCaller = await createApiApp(
      testAppConfig({ LOG_LEVEL: 'error', RATE_LIMIT_PER_CALLER_PER_MINUTE: '20', RATE_LIMIT_OVERALL_PER_SECOND: '0' }),
    );
    overall = await createApiApp(
      testAppConfig({ LOG_LEVEL: 'error', RATE_LIMIT_PER_CALLER_PER_MINUTE: '0', RATE_LIMIT_OVERALL_PER_SECOND: '10' }),
    );
    perCallerServer = perCaller.getHttpServer() as Server;
    overallServer = overall.getHttpServer() as Server;
    await new Promise<void>((resolve) => perCallerServer.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => overallServer.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    await perCaller?.close();
    await overall?.close();
  });

  const statuses = (responses: request.Response[]): Record<number, number> =>
    responses.reduce<Record<number, number>>(
      (counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }),
      {},
    );

  it(`limits each caller across routes, answers 429 problem+json with Retry-After, \
and leaves other callers alone`, async () => {
    const a = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const b = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const routes = ['/api/v1/me', '/api/v1/calls', '/api/v1/regions', '/api/v1/agencies'];
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        request(perCallerServer)
          .get(routes[i % routes.length])
          .auth(a, { type: 'bearer' }),
      ),
    );
    expect(statuses(burst)).toEqual({ 200: 20, 429: 5 });

    const refused = burst.find((r) => r.status === 429)!;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS', title: 'Too Many Requests' });
    expect(refused.body.detail).toMatch(/More than 20 requests per minute came from this caller; try again in \d+ s\./);
    expect(refused.body.params).toEqual({
      limit: 20,
      per: 'minute',
      retryAfterSeconds: Number(refused.headers['retry-after']),
    });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(burst.find((r) => r.status === 200)!.headers['x-ratelimit-limit-caller']).toBe('20');

    // Another user keeps its own budget; A stays refused.
    await request(perCallerServer).get('/api/v1/me').auth(b, { type: 'bearer' }).expect(200);
    await request(perCallerServer).get('/api/v1/me').auth(a, { type: 'bearer' }).expect(429);
  });

  it('writes nothing for a refused request', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const token = tokenFor(pm.id);
    const created = await Promise.all(
      Array.from({ length: 24 }, () =>
        request(perCallerServer)
          .post('/api/v1/calls')
          .auth(token, { type: 'bearer' })
          .send(callBody(Date.now() + 86_400_000)),
      ),
    );
    expect(statuses(created)).toEqual({ 201: 20, 429: 4 });
    const [{ count }] = await queryRows<{ count: string }>(
      url(),
      'SELECT count(*) FROM joint_call WHERE created_by = $1',
      [pm.id],
    );
    expect(Number(count)).toBe(20);
    const audited = await queryRows<{ count: string }>(
      url(),
      "SELECT count(*) FROM audit_event WHERE action = 'call.created' AND actor_user_id = $1",
      [pm.id],
    );
    expect(Number(audited[0].count)).toBe(20);
  });

  it('counts requests without a valid token against the address, and never limits health', async () => {
    const anonymous = await Promise.all([
      ...Array.from({ length: 12 }, () => request(perCallerServer).get('/api/v1/regions')),
      ...Array.from({ length: 12 }, () =>
        request(perCallerServer).get('/api/v1/regions').auth('not-a-token', { type: 'bearer' }),
      ),
    ]);
    expect(anonymous.filter((r) => r.status === 429)).toHaveLength(4);
    expect(anonymous.filter((r) => r.status !== 429).every((r) => r.status === 200 || r.status === 401)).toBe(true);

    const health = await Promise.all(
      Array.from({ length: 30 }, () => request(perCallerServer).get('/api/v1/health/live')),
    );
    expect(statuses(health)).toEqual({ 200: 30 });
    expect(health[0].headers['x-ratelimit-limit-caller']).toBeUndefined();
  });

  it('limits everyone together per second, then lets requests through again', async () => {
    const tokens = await Promise.all(
      Array.from({ length: 15 }, async () => tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id)),
    );
    const burst = await Promise.all(
      tokens.map((token) => request(overallServer).get('/api/v1/me').auth(token, { type: 'bearer' })),
    );
    const counts = statuses(burst);
    // The window slides: a burst straddling a second boundary can get a few more through, never fewer.
    expect(counts[200]).toBeGreaterThanOrEqual(10);
    expect(counts[429]).toBeGreaterThanOrEqual(1);
    expect(counts[200] + counts[429]).toBe(15);
    expect(burst.find((r) => r.status === 429)!.body.detail).toMatch(
      /more than 10 requests per second from all callers together/,
    );

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await request(overallServer).get('/api/v1/me').auth(tokens[0], { type: 'bearer' }).expect(200);
  });
});
