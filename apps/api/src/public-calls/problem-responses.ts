import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** RFC 9457 problem details as the exception filter writes them (inline, so no schema name is claimed). */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string', example: 'urn:acie:problem:validation-failed' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'message'],
        properties: { field: { type: 'string' }, rule: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
    requestId: { type: 'string' },
    errorId: { type: 'string' },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid query or path: every offending field is listed in `errors`',
  401: 'No valid bearer access token',
  403: 'The caller lacks the role',
  404: 'Unknown, or outside what the caller may see',
};

/** Documents the problem+json answers a route can give, by status code. */
export function ApiProblems(...statuses: Array<400 | 401 | 403 | 404>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } } })),
  );
}
