import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAgency, createApplicantOrganisation, createUser } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { exampleOf, resolveSchema, routeTable, type ApiRoute } from '../utils/route-table';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

type Schema = Parameters<typeof resolveSchema>[0] & object;

/** Body values that a schema alone does not pin down (patterns the document does not carry), by property name. */
const hint = (name: string): unknown =>
  ({
    email: `invitee-${randomUUID().slice(0, 8)}@acie.test`,
    declarationHash: '0'.repeat(64),
  })[name];

/** Path parameters that are not ids (parsed as integers by their routes). */
const NUMERIC_PARAMS = new Set(['idx', 'sequence', 'stageNo', 'index', 'no']);

/**
 * The optional properties of an object schema whose value may not be `null` (the schema does not say `nullable`),
 * as the field paths the validation pipe names — top level, and one level down in a nested object or in the first
 * item of an array of objects (`partners.0.x` or `partners[0].x`).
 */
function optionalNonNullable(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
): { body: Record<string, unknown>; fields: string[] } {
  const s = resolveSchema(schema, schemas);
  const body = { ...(exampleOf(s, schemas, hint) as Record<string, unknown>) };
  const fields: string[] = [];
  const required = new Set(s.required ?? []);
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const resolved = resolveSchema(property, schemas);
    if (!required.has(name)) {
      if (property.nullable || resolved.nullable) continue;
      body[name] = null;
      fields.push(name);
      continue;
    }
    const item = resolved.type === 'array' ? resolveSchema(resolved.items, schemas) : resolved;
    if (!item.properties || item.additionalProperties) continue;
    const itemRequired = new Set(item.required ?? []);
    const value = { ...(exampleOf(item, schemas, hint) as Record<string, unknown>) };
    let nested = 0;
    for (const [inner, innerProperty] of Object.entries(item.properties)) {
      if (itemRequired.has(inner) || innerProperty.nullable || resolveSchema(innerProperty, schemas).nullable) continue;
      value[inner] = null;
      nested += 1;
      fields.push(resolved.type === 'array' ? `${name}.0.${inner}|${name}[0].${inner}` : `${name}.${inner}`);
    }
    if (nested) body[name] = resolved.type === 'array' ? [value] : value;
  }
  return { body, fields };
}

/**
 * `@IsOptional()` lets `null` through to the handlers (`POST /auth/refresh {"refreshToken": null}` was a 500). From
 * the running application's route table: every JSON write is sent `null` in every optional field whose schema is
 * not `nullable` and must answer 400 naming each one — never 500, never a field passed over. A new DTO is covered
 * without being listed here.
 */
describe('null in an optional field that is not nullable', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  let actors: Record<string, string>;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    const agency = await createAgency(url(), 'ITH2');
    actors = {
      PROGRAMME_MANAGER: (await createUser(url(), 'PROGRAMME_MANAGER')).id,
      ADMIN: (await createUser(url(), 'ADMIN')).id,
      EVALUATOR: (await createUser(url(), 'EVALUATOR')).id,
      APPLICANT: (await createApplicantOrganisation(url(), 'AT31')).userId,
      AGENCY_OFFICER: agency.officers[0].id,
    };
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  const actorFor = (route: ApiRoute): string | undefined => {
    if (route.public) return undefined;
    return actors[route.roles[0] ?? 'PROGRAMME_MANAGER'];
  };

  const pathOf = (route: ApiRoute): string =>
    route.path.replace(/\{(\w+)\}/g, (_m, param: string) =>
      String(route.paramValues[param]?.[0] ?? (NUMERIC_PARAMS.has(param) ? 1 : randomUUID())),
    );

  it('answers 400 naming every optional non-nullable field sent as null, on every JSON write', async () => {
    const { routes, document } = routeTable(app);
    const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
    const problems: string[] = [];
    let fieldsChecked = 0;
    let routesChecked = 0;
    for (const route of routes.filter((r) => r.method !== 'GET' && r.jsonBody)) {
      const { body, fields } = optionalNonNullable(route.jsonBody as Schema, schemas);
      if (!fields.length) continue;
      let req = request(app.getHttpServer())
        [route.method.toLowerCase() as 'post'](pathOf(route))
        .set('Idempotency-Key', randomUUID());
      const actor = actorFor(route);
      if (actor) req = req.set('Authorization', `Bearer ${tokenFor(actor)}`);
      const res = await req.send(body);
      routesChecked += 1;
      fieldsChecked += fields.length;
      const named = new Set(((res.body?.errors ?? []) as Array<{ field?: string }>).map((e) => e.field));
      const passed = fields.filter((alternatives) => !alternatives.split('|').some((f) => named.has(f)));
      if (res.status !== 400 || passed.length)
        problems.push(`${route.label}: ${res.status} ${res.body?.code ?? ''}, null not refused: ${passed.join(', ')}`);
    }
    expect(problems).toEqual([]);
    expect(routesChecked).toBeGreaterThan(20);
    expect(fieldsChecked).toBeGreaterThan(60);
  }, 120_000);

  it('refuses {"refreshToken": null} on POST /auth/refresh with 400 naming refreshToken', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/auth/refresh').send({ refreshToken: null });
    expect({
      status: res.status,
      code: res.body.code,
      fields: res.body.errors?.map((e: { field: string }) => e.field),
    }).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: expect.arrayContaining(['refreshToken']) });
  });
});
