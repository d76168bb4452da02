import type { INestApplication, Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject, OperationObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PUBLIC_ROUTE, REQUIRED_ROLES } from '@app/common';
import { problemCodesOf } from './api-problems.decorator';
import { PROBLEM_CODE_STATUS, type ProblemCode } from './error-codes';

/**
 * `@SkipThrottle({ caller: true })` (health) stores this key (@nestjs/throttler does not export it); such a route is
 * never answered 429.
 */
const SKIP_CALLER_LIMIT = 'THROTTLER:SKIPcaller';

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request',
  401: 'No valid bearer access token',
  403: 'Forbidden',
  404: 'Not found (or outside the caller’s reach)',
  409: 'State conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'A business rule is broken',
  429: 'Rate limit (per caller across routes, and overall per API process); Retry-After gives the seconds to wait',
  500: 'Unexpected error; quote the errorId',
  503: 'A dependency is unavailable',
};

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The shared problem+json schemas (RFC 9457 with the API's `code`, `errors`, `requestId`, `errorId`). */
export const PROBLEM_SCHEMAS: Record<string, SchemaObject> = {
  ProblemParams: {
    type: 'object',
    description:
      'The values a refusal names, for wording it in any language by its code (docs/problem-codes.md): money as ' +
      'integer minor units with `currency` beside it, instants as ISO-8601 with offset, lists as string arrays.',
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'array', items: { type: 'string' } },
      ],
    },
  },
  ProblemFieldError: {
    type: 'object',
    description: 'One offending field (dotted path) or broken rule (rule id), with its stable code.',
    properties: {
      field: {
        type: 'string',
        description: 'Dotted path of the offending field (`timeline.opensAt`, `partners[1].requestedGrant`).',
      },
      rule: {
        type: 'string',
        description: 'Rule id when the error is a business rule rather than a field (`E1`, `A2`).',
      },
      code: { type: 'string', description: 'Stable machine-readable code (`isInt`, `TOO_FEW_PARTNERS`).' },
      message: {
        type: 'string',
        description: "English; a client words it in its reader's language from `code` and `params`.",
      },
      params: { $ref: '#/components/schemas/ProblemParams' },
    },
    required: ['code', 'message'],
  },
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details (`application/problem+json`), the body of every error.',
    properties: {
      type: { type: 'string', description: '`urn:acie:problem:<code in kebab case>`' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: {
        type: 'string',
        description: 'Stable code of the problem; the operation lists the ones it can answer with.',
      },
      params: { $ref: '#/components/schemas/ProblemParams' },
      errors: {
        type: 'array',
        items: { $ref: '#/components/schemas/ProblemFieldError' },
        description: 'Every offending field or broken rule, all at once.',
      },
      requestId: {
        type: 'string',
        description: 'Also in the `X-Request-Id` response header and in every log line of the request.',
      },
      errorId: { type: 'string', description: 'On a 500 only: quote it to the operator, it is in the error log line.' },
    },
    required: ['type', 'title', 'status', 'code'],
  },
};

export interface Route {
  controller: Type;
  /** The handler's name on the controller's prototype. */
  name: string;
  handler: object;
}

/** Route handlers by swagger's default operation id (`<Controller>_<method>`). */
export function routesByOperationId(app: INestApplication): Map<string, Route> {
  const routes = new Map<string, Route>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as unknown;
        if (name !== 'constructor' && typeof handler === 'function')
          routes.set(`${controller.name}_${name}`, { controller, name, handler });
      }
    }
  }
  return routes;
}

const metadataOf = (key: string, route: Route): unknown =>
  Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller);

/**
 * Nest's own parse pipes (`ParseIntPipe` on `:idx`, …) answer a plain 400 `BAD_REQUEST`; `uuidParam` answers
 * `VALIDATION_FAILED`.
 */
function hasPlainParsePipe(route: Route): boolean {
  const args =
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.name) as
      Record<string, { pipes?: unknown[] }> | undefined) ?? {};
  return Object.values(args).some((arg) =>
    (arg.pipes ?? []).some((pipe) => {
      const pipeName = typeof pipe === 'function' ? pipe.name : (pipe as object).constructor.name;
      return /^Parse\w+Pipe$/.test(pipeName) && pipeName !== 'ParseUUIDPipe';
    }),
  );
}

/** The problem codes an operation can answer with: declared ones plus those its guards and inputs imply. */
export function problemCodesOfOperation(operation: OperationObject, route: Route | undefined): ProblemCode[] {
  const codes = new Set<ProblemCode>(
    route ? [...problemCodesOf(route.controller), ...problemCodesOf(route.handler)] : [],
  );
  if (!route || !metadataOf(PUBLIC_ROUTE, route)) codes.add('UNAUTHENTICATED');
  if (route && (metadataOf(REQUIRED_ROLES, route) as unknown[] | undefined)?.length) codes.add('FORBIDDEN');
  if (operation.parameters?.length || operation.requestBody) codes.add('VALIDATION_FAILED');
  const body = operation.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : undefined;
  if (body?.['application/json'] || (route && hasPlainParsePipe(route))) codes.add('BAD_REQUEST');
  // The JSON body parser refuses a body past its size limit before any handler runs.
  if (body?.['application/json']) codes.add('PAYLOAD_TOO_LARGE');
  if (!route || !metadataOf(SKIP_CALLER_LIMIT, route)) codes.add('TOO_MANY_REQUESTS');
  codes.add('INTERNAL_ERROR');
  return [...codes];
}

function problemResponse(status: number, codes: ProblemCode[], existing: ResponseObject | undefined): ResponseObject {
  const sorted = [...codes].sort();
  const lead = existing?.description?.trim() || STATUS_TEXT[status] || 'Error';
  return {
    description: `${lead.replace(/\.$/, '')}. Problem codes: ${sorted.map((c) => `\`${c}\``).join(', ')}.`,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/ProblemDetails' },
            { type: 'object', properties: { code: { type: 'string', enum: sorted } }, required: ['code'] },
          ],
        },
      },
    },
  };
}

/**
 * Gives every operation of the document its error responses: one problem+json response per status it
 * can answer with, its schema `ProblemDetails` with `code` narrowed to the codes listed (and named in the
 * description). Operations match their handlers by swagger's default operation id.
 */
const pascal = (code: string): string =>
  code.toLowerCase().replace(/(^|_)([a-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());

/** The shared response's name for a set of codes: `Unauthenticated`, `BadRequestOrValidationFailed`, … */
export const problemResponseName = (codes: readonly string[]): string => [...codes].sort().map(pascal).join('Or');

/**
 * Gives every operation of the document its error responses: one problem+json response per status it
 * can answer with, its schema `ProblemDetails` with `code` narrowed to the codes listed (and named in the
 * description). Operations match their handlers by swagger's default operation id. A response that
 * several operations share word for word (401 `UNAUTHENTICATED`, 429, 500, …) is one entry of
 * `components.responses`, referenced.
 */
export function addProblemResponses(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const routes = routesByOperationId(app);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...PROBLEM_SCHEMAS } };
  const planned: Array<{
    operation: OperationObject;
    problems: Array<{ status: number; codes: ProblemCode[]; existing?: ResponseObject }>;
  }> = [];
  const uses = new Map<string, number>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const route = operation.operationId ? routes.get(operation.operationId) : undefined;
      // A public route of a controller documented with bearer auth needs no token (a cookie it may take stays).
      if (route && metadataOf(PUBLIC_ROUTE, route)) {
        operation.security = (operation.security ?? []).filter((requirement) => !Object.hasOwn(requirement, 'bearer'));
      }
      const byStatus = new Map<number, ProblemCode[]>();
      for (const code of problemCodesOfOperation(operation, route)) {
        const status = PROBLEM_CODE_STATUS[code];
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      const problems = [...byStatus].map(([status, codes]) => {
        const existing = operation.responses[String(status)] as ResponseObject | undefined;
        if (!existing?.description)
          uses.set(problemResponseName(codes), (uses.get(problemResponseName(codes)) ?? 0) + 1);
        return { status, codes, existing };
      });
      planned.push({ operation, problems });
    }
  }
  const shared: Record<string, ResponseObject> = {};
  for (const { operation, problems } of planned) {
    const responses: OperationObject['responses'] = { ...operation.responses };
    for (const { status, codes, existing } of problems) {
      const name = problemResponseName(codes);
      if (!existing?.description && (uses.get(name) ?? 0) > 1) {
        shared[name] ??= problemResponse(status, codes, undefined);
        responses[String(status)] = { $ref: `#/components/responses/${name}` };
      } else {
        responses[String(status)] = problemResponse(status, codes, existing);
      }
    }
    operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  }
  const sortedShared = Object.fromEntries(Object.entries(shared).sort(([a], [b]) => a.localeCompare(b)));
  document.components.responses = { ...document.components.responses, ...sortedShared };
  return document;
}
