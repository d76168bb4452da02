import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { apiTypesDrift, generateApiTypes, readCommittedApiTypes } from '../../scripts/api-types/generate-api-types';
import { createApiApp } from '../utils/create-api-app';
import { testAppConfig } from '../utils/test-environment';

describe('the web app’s generated API types match the served OpenAPI document', () => {
  let app: INestApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig());
    document = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body as OpenAPIObject;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('apps/web/src/api/schema.gen.ts is what `npm run api:types` generates (run it when this fails)', async () => {
    const drift = apiTypesDrift(await generateApiTypes(document), readCommittedApiTypes());
    if (drift) throw new Error(drift);
  });

  it('generates the same text twice (no dates, a stable order)', async () => {
    expect(await generateApiTypes(document)).toBe(
      await generateApiTypes(JSON.parse(JSON.stringify(document)) as OpenAPIObject),
    );
  });

  it('fails on a planted difference in the document, naming the command', async () => {
    const committed = await generateApiTypes(document);
    const changed = JSON.parse(JSON.stringify(document)) as OpenAPIObject;
    const schemas = changed.components!.schemas! as Record<string, { properties?: Record<string, object> }>;
    schemas.ProblemDetails.properties!.plantedField = { type: 'string' };
    const drift = apiTypesDrift(await generateApiTypes(changed), committed);
    expect(drift).toMatch(/stale.*run `npm run api:types`/s);
    expect(drift).toContain('plantedField');
  });

  it('fails on a planted edit of the committed file, and on a missing file', async () => {
    const generated = await generateApiTypes(document);
    const edited = generated.replace(
      'export interface paths {',
      'export interface paths {\n    "/hand-edited": never;',
    );
    expect(apiTypesDrift(generated, edited)).toMatch(/line \d+[\s\S]*hand-edited/);
    expect(apiTypesDrift(generated, undefined)).toMatch(/missing: run `npm run api:types`/);
    expect(apiTypesDrift(generated, generated)).toBeUndefined();
  });
});
