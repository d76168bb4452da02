import type { INestApplication } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { PUBLIC_ROUTE, REQUIRED_ROLES } from '@app/common';
import type { Role } from '@app/domain';
import { buildOpenApiDocument } from '../../apps/api/src/configure-app';
import { routesByOperationId } from '../../apps/api/src/openapi/problem-responses';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number | boolean;
  pattern?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
  nullable?: boolean;
  example?: unknown;
};

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: `/api/v1/calls/{id}/commitments/{agencyId}`. */
  path: string;
  params: string[];
  /** Values a path parameter is restricted to (an enum in the document), by name. */
  paramValues: Record<string, unknown[]>;
  public: boolean;
  /** Roles the guard requires (empty: any signed-in user). */
  roles: Role[];
  /** Whether the handler takes a `@Body()` at all, and its JSON schema when the document gives one. */
  takesBody: boolean;
  jsonBody?: Schema;
  /** The request body is a raw upload (not JSON). */
  rawBody: boolean;
  label: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/api/v1/x/:id` (Express) → `/api/v1/x/{id}` (OpenAPI). */
const toOpenApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');

/**
 * The running application's route table: the routes Express actually dispatches to (its router stack),
 * each joined to its Nest handler through the OpenAPI document (roles, public flag, request body). Also
 * returns the disagreements between the router and the document, which the caller asserts empty.
 */
export function routeTable(app: INestApplication): {
  routes: ApiRoute[];
  document: { components?: { schemas?: Record<string, Schema> } };
  onlyInRouter: string[];
  onlyInDocument: string[];
} {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  };
  const stack = express.router?.stack ?? [];
  const routed = new Set<string>();
  for (const layer of stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    if (!layer.route.path.startsWith('/api/v1/')) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') routed.add(`${method.toUpperCase()} ${toOpenApiPath(layer.route.path)}`);
    }
  }
  const document = buildOpenApiDocument(app) as unknown as {
    paths: Record<
      string,
      Partial<
        Record<
          (typeof METHODS)[number],
          {
            operationId?: string;
            parameters?: Array<{ name: string; in: string; schema?: Schema }>;
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >
    >;
    components?: { schemas?: Record<string, Schema> };
  };
  const handlers = routesByOperationId(app);
  const routes: ApiRoute[] = [];
  const documented = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const label = `${method.toUpperCase()} ${path}`;
      documented.add(label);
      const route = operation.operationId ? handlers.get(operation.operationId) : undefined;
      if (!route) throw new Error(`${label}: no handler for operation ${operation.operationId}`);
      const meta = (key: string): unknown =>
        Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller);
      const args =
        (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name) as
          Record<string, unknown> | undefined) ?? {};
      const takesBody = Object.keys(args).some((key) => key.startsWith(`${RouteParamtypes.BODY}:`));
      const content = operation.requestBody?.content ?? {};
      routes.push({
        method: method.toUpperCase() as ApiRoute['method'],
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        paramValues: Object.fromEntries(
          (operation.parameters ?? [])
            .filter((p) => p.in === 'path' && p.schema?.enum?.length)
            .map((p) => [p.name, p.schema!.enum!]),
        ),
        public: Boolean(meta(PUBLIC_ROUTE)),
        roles: (meta(REQUIRED_ROLES) as Role[] | undefined) ?? [],
        takesBody,
        jsonBody: content['application/json']?.schema,
        rawBody: Object.keys(content).some((type) => type !== 'application/json'),
        label,
      });
    }
  }
  return {
    routes,
    document,
    onlyInRouter: [...routed].filter((r) => !documented.has(r)).sort(),
    onlyInDocument: [...documented].filter((r) => !routed.has(r)).sort(),
  };
}

/** Resolves `$ref`s and merges `allOf` (what @nestjs/swagger emits for DTOs). */
export function resolveSchema(schema: Schema | undefined, schemas: Record<string, Schema>): Schema {
  if (!schema) return {};
  if (schema.$ref) return resolveSchema(schemas[schema.$ref.replace('#/components/schemas/', '')], schemas);
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => resolveSchema(s, schemas));
    return {
      ...schema,
      allOf: undefined,
      type: 'object',
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties ?? {}),
      required: [...new Set(parts.flatMap((p) => p.required ?? []).concat(schema.required ?? []))],
    };
  }
  return schema;
}

/** The top-level property names a JSON body schema declares. */
export function declaredFields(schema: Schema | undefined, schemas: Record<string, Schema>): Set<string> {
  return new Set(Object.keys(resolveSchema(schema, schemas).properties ?? {}));
}

/**
 * A small value that satisfies the schema's declared constraints (required properties only), so that a
 * request passes validation and reaches the handler's boundary check. `hint` supplies values by property
 * name where a shape alone cannot (an organisation id, a region code).
 */
export function exampleOf(
  schema: Schema | undefined,
  schemas: Record<string, Schema>,
  hint: (name: string) => unknown = () => undefined,
  name = '',
  depth = 0,
): unknown {
  const s = resolveSchema(schema, schemas);
  const hinted = name ? hint(name) : undefined;
  if (hinted !== undefined) return hinted;
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (s.oneOf?.length) return exampleOf(s.oneOf[0], schemas, hint, name, depth + 1);
  if (s.anyOf?.length) return exampleOf(s.anyOf[0], schemas, hint, name, depth + 1);
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'object': {
      if (depth > 6) return {};
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = exampleOf(s.properties?.[key], schemas, hint, key, depth + 1);
      return out;
    }
    case 'array': {
      const n = s.minItems ?? 0;
      return Array.from({ length: n }, () => exampleOf(s.items, schemas, hint, name, depth + 1));
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number'
        ? Math.max(s.minimum, 0) === s.minimum
          ? Math.max(s.minimum, 1)
          : s.minimum
        : 1;
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (s.format === 'date') return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      if (s.format === 'email') return 'nobody@acie.test';
      if (s.format === 'uri' || s.format === 'url') return 'https://example.org/x';
      const length = Math.max(s.minLength ?? 1, 12);
      return 'Lorem ipsum dolor sit amet, consectetur'.slice(0, Math.min(length, s.maxLength ?? length));
    }
    default:
      return 'x';
  }
}
