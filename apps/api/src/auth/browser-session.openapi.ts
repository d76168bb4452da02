import type { ApiHeaderOptions, ApiResponseOptions } from '@nestjs/swagger';
import { CSRF_HEADER, CSRF_HEADER_REQUIRED, REFRESH_COOKIE } from './browser-session';

/** Name of the cookie security scheme in the OpenAPI document (`addCookieAuth` in configure-app). */
export const REFRESH_COOKIE_SCHEME = 'refreshCookie';

/** The CSRF header on routes that browsers call with the session cookie. */
export const CSRF_HEADER_WITH_COOKIE: ApiHeaderOptions = {
  name: CSRF_HEADER,
  required: false,
  enum: ['1'],
  description: `Required with the ${REFRESH_COOKIE} cookie`,
};

const CSRF_REFUSAL =
  `code ${CSRF_HEADER_REQUIRED}: the ${REFRESH_COOKIE} cookie came without ${CSRF_HEADER}: 1; nothing was done`;

/**
 * The 403 of a state-changing request that carries the session cookie without the CSRF header (every
 * route under /api/v1/auth receives the cookie), plus the route's own 403 codes when it has some.
 */
export function forbiddenResponse(
  own: { codes: string[]; description: string } = { codes: [], description: '' },
): ApiResponseOptions {
  return {
    description: `problem+json; ${own.description ? `${own.description}; ` : ''}${CSRF_REFUSAL}`,
    content: problemContent([...own.codes, CSRF_HEADER_REQUIRED]),
  };
}

function problemContent(codes: string[]): ApiResponseOptions['content'] {
  return {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string', example: 'urn:acie:problem:csrf-header-required' },
          title: { type: 'string', example: 'Forbidden' },
          status: { type: 'integer', example: 403 },
          detail: { type: 'string' },
          code: { type: 'string', enum: codes },
          instance: { type: 'string' },
          requestId: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'message'],
              properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
