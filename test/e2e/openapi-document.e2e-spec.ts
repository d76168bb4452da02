import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { PROBLEM_CODE_STATUS } from '../../apps/api/src/openapi/error-codes';
import { routesByOperationId } from '../../apps/api/src/openapi/problem-responses';
import { routeModelRoots, schemaNameCollisions } from '../../apps/api/src/openapi/schema-names';
import { createAgency, createApplicantOrganisation, createUser } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

interface MediaType {
  schema?: {
    $ref?: string;
    type?: string;
    format?: string;
    allOf?: Array<{ $ref?: string; properties?: { code?: { enum?: string[] } } }>;
  };
}
interface Response {
  $ref?: string;
  description?: string;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  security?: Array<Record<string, unknown>>;
  parameters?: unknown[];
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, Response>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; responses?: Record<string, Response> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

function operations(document: Document): Array<{ name: string; operation: Operation }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
}

/** What an operation's document lacks: a described success body, and problem+json errors with their codes. */
export function gapsOf(referenced: Operation, shared: Record<string, Response> = {}): string[] {
  const gaps: string[] = [];
  const responses = Object.fromEntries(
    Object.entries(referenced.responses).map(([status, response]) => {
      const name = response.$ref?.replace('#/components/responses/', '');
      if (name !== undefined && !shared[name]) gaps.push(`${status} refers to a missing response ${name}`);
      return [status, name !== undefined ? (shared[name] ?? {}) : response];
    }),
  );
  const operation: Operation = { ...referenced, responses };
  const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
  if (successes.length === 0) gaps.push('no success response');
  for (const [status, response] of successes) {
    if (status === '204') {
      if (response.content) gaps.push('204 with a body');
      continue;
    }
    const media = Object.entries(response.content ?? {});
    if (media.length === 0) gaps.push(`${status} without a body schema`);
    for (const [type, { schema }] of media) {
      if (!schema || (!schema.$ref && !schema.type && !schema.allOf)) gaps.push(`${status} ${type} without a schema`);
      if (
        type !== 'application/json' &&
        !(schema?.type === 'string' && (schema.format === 'binary' || type === 'text/csv'))
      )
        gaps.push(`${status} ${type} not described as a file`);
    }
  }
  // 503 is health's own answer (its checks), not a problem.
  const problems = Object.entries(operation.responses).filter(([status]) => /^4\d\d$|^500$/.test(status));
  const takesInput = Boolean(operation.parameters?.length || operation.requestBody);
  if ((operation.security?.length || takesInput) && !problems.some(([status]) => status.startsWith('4')))
    gaps.push('no 4xx problem response');
  if (!problems.some(([status]) => status === '500')) gaps.push('no 500 problem response');
  for (const [status, response] of problems) {
    const schema = response.content?.['application/problem+json']?.schema;
    const codes = schema?.allOf?.find((part) => part.properties?.code)?.properties?.code?.enum ?? [];
    if (!schema?.allOf?.some((part) => part.$ref === '#/components/schemas/ProblemDetails'))
      gaps.push(`${status} is not problem+json ProblemDetails`);
    if (codes.length === 0) gaps.push(`${status} lists no problem code`);
    for (const code of codes) {
      const expected = (PROBLEM_CODE_STATUS as Record<string, number>)[code];
      if (expected !== Number(status)) gaps.push(`${status} lists ${code}, which is ${expected ?? 'not a known code'}`);
      if (!response.description?.includes(code)) gaps.push(`${status} does not name ${code} in its description`);
    }
  }
  // A bearer token can be refused; the browser session's cookie is optional on the routes that take it.
  if (operation.security?.some((requirement) => 'bearer' in requirement) && !operation.responses['401'])
    gaps.push('authenticated but no 401');
  if (takesInput && !operation.responses['400']) gaps.push('takes input but no 400');
  return gaps;
}

describe('the OpenAPI document describes every operation completely', () => {
  let app: INestApplication;
  let document: Document;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig());
    document = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body as Document;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`gives every operation a success body (or a documented 204 or file) \
and its problem+json errors with their codes`, () => {
    const all = operations(document);
    expect(all.length).toBeGreaterThan(100);
    const incomplete = all
      .map(({ name, operation }) => ({ name, gaps: gapsOf(operation, document.components.responses) }))
      .filter(({ gaps }) => gaps.length > 0);
    expect(incomplete.map(({ name, gaps }) => `${name}: ${gaps.join('; ')}`)).toEqual([]);
  });

  it('documents each success under the status its handler answers with', () => {
    const routes = routesByOperationId(app);
    const mismatched = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.has(method))
        .flatMap(([method, operation]) => {
          const route = routes.get(operation.operationId ?? '');
          if (!route) return [`${method.toUpperCase()} ${path}: no handler for ${operation.operationId}`];
          const status =
            (Reflect.getMetadata('__httpCode__', route.handler) as number | undefined) ??
            (method === 'post' ? 201 : 200);
          return operation.responses[String(status)]
            ? []
            : [
                `${method.toUpperCase()} ${path}: answers ${status}, ` +
                  `documents ${Object.keys(operation.responses).filter((s) => s.startsWith('2'))}`,
              ];
        }),
    );
    expect(mismatched).toEqual([]);
  });

  /**
   * Sends every operation a request it cannot act on — no token, or a token and an id that names nothing
   * (and no body) — and returns each answer whose status or problem code the document does not list.
   * Nothing exists under the id, so nothing changes.
   */
  async function undocumentedAnswers(token?: string): Promise<string[]> {
    const shared = document.components.responses ?? {};
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item).filter(([m]) => METHODS.has(m))) {
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const agent = request(app.getHttpServer()) as unknown as Record<string, (url: string) => request.Test>;
        const res = token ? await agent[method](url).set('Authorization', `Bearer ${token}`) : await agent[method](url);
        const documented = operation.responses[String(res.status)];
        const response = documented?.$ref ? shared[documented.$ref.replace('#/components/responses/', '')] : documented;
        const codes = response?.content?.['application/problem+json']?.schema?.allOf?.find(
          (part) => part.properties?.code,
        )?.properties?.code?.enum;
        if (!response)
          undocumented.push(`${method.toUpperCase()} ${path}: ${res.status} ${res.body?.code ?? ''} is not documented`);
        else if (res.status >= 400 && !codes?.includes(res.body.code))
          undocumented.push(`${method.toUpperCase()} ${path}: ${res.status} ${res.body.code} is not among ${codes}`);
      }
    }
    return undocumented;
  }

  it('every operation answers an anonymous request with a status and code it documents', async () => {
    expect(await undocumentedAnswers()).toEqual([]);
  });

  it.each(['PROGRAMME_MANAGER', 'ADMIN', 'EVALUATOR', 'AGENCY_OFFICER', 'APPLICANT'] as const)(
    'every operation answers a %s asking about nothing with a status and code it documents',
    async (role) => {
      const url = testEnvironment().databaseUrl;
      const userId =
        role === 'AGENCY_OFFICER'
          ? (await createAgency(url, 'ITH2')).officers[0].id
          : role === 'APPLICANT'
            ? (await createApplicantOrganisation(url, 'ITH2')).userId
            : (await createUser(url, role)).id;
      expect(await undocumentedAnswers(tokenFor(userId))).toEqual([]);
    },
  );

  it('the completeness check names what an operation lacks', () => {
    const bare: Operation = { security: [{ bearer: [] }], parameters: [{}], responses: { '200': { description: '' } } };
    expect(gapsOf(bare)).toEqual([
      '200 without a body schema',
      'no 4xx problem response',
      'no 500 problem response',
      'authenticated but no 401',
      'takes input but no 400',
    ]);
    const wrongStatus: Operation = {
      responses: {
        '204': { description: '' },
        '404': {
          description: 'Problem codes: `CALL_STATE_CONFLICT`.',
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/ProblemDetails' },
                  { properties: { code: { enum: ['CALL_STATE_CONFLICT'] } } },
                ],
              },
            },
          },
        },
      },
    };
    expect(gapsOf(wrongStatus)).toEqual(['no 500 problem response', '404 lists CALL_STATE_CONFLICT, which is 409']);
  });

  it('shares one ProblemDetails schema', () => {
    expect(document.components.schemas.ProblemDetails).toMatchObject({
      required: expect.arrayContaining(['type', 'title', 'status', 'code']),
      properties: expect.objectContaining({
        errors: expect.anything(),
        requestId: expect.anything(),
        errorId: expect.anything(),
      }),
    });
  });

  it('documents the raw uploads with their media types, a binary body and X-File-Name', () => {
    for (const [path, method] of [
      ['/api/v1/proposals/{id}/attachments', 'post'],
      ['/api/v1/projects/{id}/consortium-agreement', 'put'],
    ] as const) {
      const operation = document.paths[path][method] as Operation & {
        parameters: Array<{ name: string; in: string; required?: boolean }>;
      };
      const content = operation.requestBody?.content ?? {};
      expect(Object.keys(content)).toEqual(expect.arrayContaining(['application/pdf', 'image/png']));
      for (const media of Object.values(content))
        expect(media.schema).toMatchObject({ type: 'string', format: 'binary' });
      expect(operation.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'X-File-Name', in: 'header', required: true })]),
      );
      expect(operation.responses['413']).toBeDefined();
    }
  });

  it('maps no two model classes to one schema name', () => {
    const roots = routeModelRoots(app);
    expect(roots.length).toBeGreaterThan(100);
    expect(schemaNameCollisions(roots)).toEqual([]);
  });
});
