import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  getSchemaPath,
  type ApiResponseNoStatusOptions,
} from '@nestjs/swagger';
import type { ProblemCode } from './error-codes';

/** Metadata key of the problem codes a route (or every route of a controller) can answer with. */
export const API_PROBLEM_CODES = 'acie:openapi:problem-codes';

/**
 * The problem codes a route can answer with besides the ones the document derives from the route itself
 * (401 without `@Public()`, 403 with `@Roles`, 400 with parameters or a body, 429 unless the rate limit
 * skips it, 500 always). Each code's status comes from `PROBLEM_CODE_STATUS`, so a code is listed once and
 * lands under the right status; on a controller it applies to every route of it.
 */
export function ApiErrorCodes(...codes: ProblemCode[]): MethodDecorator & ClassDecorator {
  return (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    const holder = (descriptor?.value ?? target) as object;
    const existing = (Reflect.getMetadata(API_PROBLEM_CODES, holder) as ProblemCode[] | undefined) ?? [];
    Reflect.defineMetadata(API_PROBLEM_CODES, [...new Set([...existing, ...codes])], holder);
  };
}

export function problemCodesOf(holder: object): ProblemCode[] {
  return (Reflect.getMetadata(API_PROBLEM_CODES, holder) as ProblemCode[] | undefined) ?? [];
}

const BINARY = { type: 'string', format: 'binary' } as const;

/**
 * A raw upload: the file is the request body in one of `mediaTypes`, its name in `X-File-Name`
 * (`uploads/uploaded-file.ts` reads both). Answers 413 past the size limit; another media type, a missing name or
 * an empty body is a 400 naming each.
 */
export function ApiRawUpload(mediaTypes: readonly string[], description: string): MethodDecorator {
  return applyDecorators(
    ApiConsumes(...mediaTypes),
    ApiBody({ description, required: true, schema: BINARY }),
    ApiHeader({
      name: 'X-File-Name',
      required: true,
      description: 'The file name shown to readers (at most 255 characters, no path).',
    }),
    ApiErrorCodes('PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'),
  );
}

/** A download: the body is the file itself in one of `mediaTypes` (binary, CSV, XLSX, PDF …). */
export function ApiFileResponse(
  mediaTypes: readonly string[],
  description: string,
  options: Omit<ApiResponseNoStatusOptions, 'description'> = {},
): MethodDecorator {
  return ApiOkResponse({
    ...options,
    description,
    content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: BINARY }])),
  } as ApiResponseNoStatusOptions);
}

/**
 * A read answered as JSON (`type`) or, by `Accept`, as a file in one of `fileTypes` (CSV, XLSX, PDF …); 406 for any
 * other `Accept`.
 */
export function ApiJsonOrFileResponse(type: Type, fileTypes: readonly string[], description: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiErrorCodes('NOT_ACCEPTABLE'),
    ApiOkResponse({
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        ...Object.fromEntries(fileTypes.filter((t) => t !== 'application/json').map((t) => [t, { schema: BINARY }])),
      },
    } as ApiResponseNoStatusOptions),
  );
}
