import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { createPoolEvaluator } from '../utils/review-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>>;
}

/**
 * Every list that takes `?cursor=` answers a cursor it never gave with 400 problem+json naming `cursor`,
 * never a 500 and never a silently restarted page. The lists come from the OpenAPI document, so a new one
 * fails here until it is given a caller below.
 */
describe('malformed cursors', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  /** The caller that can see each list (past 401/403/404) and the path with its ids filled in. */
  let callers: Record<string, { userId: string; path: string }>;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const admin = await createUser(url(), 'ADMIN');
    const applicant = await createApplicantOrganisation(url(), 'AT31');
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['AT31', 'ITH2'],
      submissionDeadline: new Date(Date.now() + 20 * 86_400_000),
    });
    const evaluator = await createPoolEvaluator(url(), callId, pm.id, { expertise: ['robotics'], country: 'AT' });
    callers = {
      '/api/v1/organisations': { userId: admin.id, path: '/api/v1/organisations' },
      '/api/v1/organisations/directory': { userId: applicant.userId, path: '/api/v1/organisations/directory?q=Org' },
      '/api/v1/calls': { userId: pm.id, path: '/api/v1/calls' },
      '/api/v1/public/calls': { userId: applicant.userId, path: '/api/v1/public/calls' },
      '/api/v1/calls/{id}/proposals': { userId: pm.id, path: `/api/v1/calls/${callId}/proposals` },
      '/api/v1/calls/{id}/assignments': { userId: pm.id, path: `/api/v1/calls/${callId}/assignments` },
      '/api/v1/calls/{id}/redress': { userId: pm.id, path: `/api/v1/calls/${callId}/redress` },
      '/api/v1/calls/{id}/evaluators': { userId: pm.id, path: `/api/v1/calls/${callId}/evaluators` },
      '/api/v1/calls/{id}/conflict-check': { userId: evaluator.id, path: `/api/v1/calls/${callId}/conflict-check` },
      '/api/v1/evaluators': { userId: pm.id, path: '/api/v1/evaluators' },
      '/api/v1/me/review-queue': { userId: evaluator.id, path: '/api/v1/me/review-queue' },
      '/api/v1/me/proposals': { userId: applicant.userId, path: '/api/v1/me/proposals' },
      '/api/v1/me/tasks': { userId: applicant.userId, path: '/api/v1/me/tasks' },
      '/api/v1/audit': { userId: pm.id, path: '/api/v1/audit' },
    };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('every list with a cursor has a caller in this test', async () => {
    const document = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200))
      .body as OpenApiDocument;
    const withCursor = Object.entries(document.paths)
      .filter(([, operations]) => operations.get?.parameters?.some((p) => p.in === 'query' && p.name === 'cursor'))
      .map(([path]) => path)
      .sort();
    expect(withCursor).toEqual(Object.keys(callers).sort());
  });

  // Not base64url at all; text that decodes to no key; base64url of text that is no key; a bare id.
  const malformed = ['%%%', 'not-a-cursor', Buffer.from('zzz|||').toString('base64url'), randomUUID()];

  it.each(malformed)('answers cursor %s with 400 naming cursor on every list', async (cursor) => {
    const failures: string[] = [];
    for (const [route, { userId, path }] of Object.entries(callers)) {
      // The cursor is a query string value; `%%%` is sent encoded so it reaches the decoder.
      const res = await request(app.getHttpServer())
        .get(path)
        .query({ cursor })
        .auth(tokenFor(userId), { type: 'bearer' });
      const fields = (res.body?.errors ?? []).map((e: { field: string }) => e.field);
      if (res.status !== 400 || !res.type.includes('problem+json') || !fields.includes('cursor'))
        failures.push(`${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });
});
