import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, ValidateNested } from 'class-validator';
import request from 'supertest';
import { Public } from '@app/common';
import { DomainError } from '@app/domain';
import { freePort } from '../../scripts/runtime/process-tools';
import { captureLog, createApiApp, type CapturedLog } from '../utils/create-api-app';
import { testAppConfig } from '../utils/test-environment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class PartnerBody {
  @IsString()
  @MinLength(2)
  name!: string;
}

class ProbeBody {
  @IsString()
  @MinLength(3)
  acronym!: string;

  @IsInt()
  @Min(1)
  @Max(60)
  durationMonths!: number;

  @ValidateNested()
  @Type(() => PartnerBody)
  partner!: PartnerBody;
}

/** Test-only routes that exercise the edge's error handling through the real pipeline. */
@Public()
@Controller('edge-probe')
class EdgeProbeController {
  @Get('unexpected')
  unexpected(): never {
    throw new Error('database password is hunter2');
  }

  @Get('conflict')
  conflict(): never {
    throw new DomainError('CALL_NOT_OPEN', 'The call is in state DRAFT; submissions open with OPEN.', 'conflict', [], {
      state: 'DRAFT',
      allowed: ['OPEN'],
    });
  }

  @Get('rule')
  rule(): never {
    throw new DomainError('CONSORTIUM_RULES_FAILED', 'The consortium breaks 2 rules.', 'rule', [
      {
        rule: 'E1',
        code: 'TOO_FEW_PARTNERS',
        message: 'At least 2 partners are required; the proposal has 1.',
        params: { min: 2, actual: 1 },
      },
      { rule: 'E2', code: 'COORDINATOR_NOT_FUNDED', message: 'The coordinator must be a funded partner.' },
    ]);
  }

  @Post('echo')
  echo(@Body() body: ProbeBody): ProbeBody {
    return body;
  }
}

@Module({ controllers: [EdgeProbeController] })
class EdgeProbeModule {}

describe('HTTP edge: problem+json, validation, request ids, health, OpenAPI', () => {
  let app: INestApplication;
  let log: CapturedLog;

  beforeAll(async () => {
    log = captureLog();
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'info' }), { extraModules: [EdgeProbeModule], log });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`answers an unexpected error with a 500 problem+json carrying an error \
id, logged with the request id`, async () => {
    const res = await request(app.getHttpServer())
      .get('/api/v1/edge-probe/unexpected')
      .set('X-Request-Id', 'req-e2e-500-0001');

    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      title: 'Internal Server Error',
      requestId: 'req-e2e-500-0001',
    });
    expect(res.body.errorId).toMatch(UUID);
    expect(res.body.detail).toContain(res.body.errorId);
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    const logged = log.lines.find((line) => line.errorId === res.body.errorId);
    expect(logged).toBeDefined();
    expect(logged).toMatchObject({ requestId: 'req-e2e-500-0001', level: 50 });
    expect(JSON.stringify(logged)).toContain('hunter2'); // the operator gets the cause, the client does not
  });

  it('lists every invalid field of a body at once, nested paths and unknown fields included', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/edge-probe/echo')
      .send({ acronym: 'AB', durationMonths: 99.5, partner: { name: 'X' }, status: 'FUNDED' });

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const fields = (res.body.errors as Array<{ field: string; code: string }>)
      .map((e) => `${e.field}:${e.code}`)
      .sort();
    expect(fields).toEqual([
      'acronym:minLength',
      'durationMonths:isInt',
      'durationMonths:max',
      'partner.name:minLength',
      'status:whitelistValidation',
    ]);
    // Each constraint's arguments as params (nested DTOs too); constraints without arguments get none.
    expect(res.body.params).toEqual({ count: 5 });
    const params = Object.fromEntries(
      (res.body.errors as Array<{ field: string; code: string; params?: object }>).map((e) => [
        `${e.field}:${e.code}`,
        e.params,
      ]),
    );
    expect(params).toEqual({
      'acronym:minLength': { min: 3 },
      'durationMonths:isInt': undefined,
      'durationMonths:max': { max: 60 },
      'partner.name:minLength': { min: 2 },
      'status:whitelistValidation': undefined,
    });
  });

  it('accepts a valid body', async () => {
    const body = { acronym: 'ALPS', durationMonths: 24, partner: { name: 'Trento' } };
    const res = await request(app.getHttpServer()).post('/api/v1/edge-probe/echo').send(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(body);
  });

  it('maps domain refusals to 409 and 422 with every rule listed', async () => {
    const conflict = await request(app.getHttpServer()).get('/api/v1/edge-probe/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      code: 'CALL_NOT_OPEN',
      detail: expect.stringContaining('DRAFT'),
      params: { state: 'DRAFT', allowed: ['OPEN'] },
    });

    const rule = await request(app.getHttpServer()).get('/api/v1/edge-probe/rule');
    expect(rule.status).toBe(422);
    expect(rule.body.code).toBe('CONSORTIUM_RULES_FAILED');
    expect(rule.body.errors.map((e: { rule: string }) => e.rule)).toEqual(['E1', 'E2']);
    expect(rule.body.errors[0].params).toEqual({ min: 2, actual: 1 });
    expect(rule.body.errors[1]).not.toHaveProperty('params');
  });

  it('answers malformed JSON and unknown routes with problem+json and a request id', async () => {
    const malformed = await request(app.getHttpServer())
      .post('/api/v1/edge-probe/echo')
      .set('Content-Type', 'application/json')
      .send('{"acronym":');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(malformed.body.detail).toMatch(/not valid JSON/);
    expect(malformed.body.requestId).toMatch(UUID);
    expect(malformed.headers['x-request-id']).toBe(malformed.body.requestId);

    const unknown = await request(app.getHttpServer()).get('/api/v1/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('reports database and Temporal up on /api/v1/health', async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, temporal: { status: 'up' } },
    });
    const live = await request(app.getHttpServer()).get('/api/v1/health/live');
    expect(live.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and UI at /api/docs', async () => {
    const doc = await request(app.getHttpServer()).get('/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/health/live']));
    const ui = await request(app.getHttpServer()).get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('describes every endpoint, among them the SPEC §9 core, each with a summary', async () => {
    const doc = await request(app.getHttpServer()).get('/api/docs/openapi.json');
    const paths = doc.body.paths as Record<string, Record<string, { summary?: string }>>;
    // The probe routes are this suite's own test controller, not the product's.
    const withoutSummary = Object.entries(paths)
      .filter(([path]) => !path.includes('/edge-probe/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => !op.summary?.trim())
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(withoutSummary).toEqual([]);
    const core: Array<[string, string]> = [
      ['post', '/api/v1/calls/{id}/assignments/auto'],
      ['get', '/api/v1/jobs/{id}'],
      ['get', '/api/v1/me/review-queue'],
      ['post', '/api/v1/assignments/{id}/accept'],
      ['post', '/api/v1/assignments/{id}/decline'],
      ['put', '/api/v1/assignments/{id}/review'],
      ['post', '/api/v1/assignments/{id}/review/submit'],
      ['put', '/api/v1/proposals/{id}/rapporteur'],
      ['put', '/api/v1/proposals/{id}/consensus'],
      ['get', '/api/v1/calls/{id}/ranking'],
      ['post', '/api/v1/calls/{id}/funding-decision'],
      ['post', '/api/v1/calls/{id}/funding-decision/what-if'],
      ['post', '/api/v1/calls/{id}/funding-decision/approve'],
      ['post', '/api/v1/calls/{id}/funding-decision/object'],
      ['get', '/api/v1/calls/{id}/budget'],
      ['get', '/api/v1/projects/{id}'],
      ['get', '/api/v1/calls/{id}/projects'],
      ['post', '/api/v1/projects/{id}/milestones/{idx}/report'],
      ['post', '/api/v1/projects/{id}/milestones/{idx}/accept'],
      ['post', '/api/v1/projects/{id}/milestones/{idx}/request-changes'],
      ['post', '/api/v1/instalments/{id}/confirm-payment'],
      ['get', '/api/v1/calls/{id}/dashboard'],
    ];
    expect(core.filter(([method, path]) => !paths[path]?.[method])).toEqual([]);
  });
});

describe('health when Temporal is unreachable', () => {
  it('answers 503 naming Temporal as down while the database is up', async () => {
    const closedPort = await freePort();
    const app = await createApiApp(testAppConfig({ TEMPORAL_ADDRESS: `127.0.0.1:${closedPort}` }));
    try {
      const res = await request(app.getHttpServer()).get('/api/v1/health');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'unavailable',
        checks: { database: { status: 'up' }, temporal: { status: 'down' } },
      });
    } finally {
      await app.close();
    }
  }, 30_000);
});
