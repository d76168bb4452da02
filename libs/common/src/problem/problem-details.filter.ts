import { randomUUID } from 'node:crypto';
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '@app/domain';
import {
  PROBLEM_CONTENT_TYPE,
  problemTypeUri,
  type ProblemDetails,
  type ProblemFieldError,
  type ProblemParams,
} from './problem-details';
import { ValidationProblemException } from './validation-problem';

interface HttpRequestLike {
  url?: string;
  originalUrl?: string;
  method?: string;
  id?: string | number;
}

interface HttpResponseLike {
  headersSent?: boolean;
  status(code: number): HttpResponseLike;
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

const KIND_STATUS: Record<DomainErrorKind, number> = {
  conflict: HttpStatus.CONFLICT,
  rule: HttpStatus.UNPROCESSABLE_ENTITY,
  'not-found': HttpStatus.NOT_FOUND,
  forbidden: HttpStatus.FORBIDDEN,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** The problem `code` of an HTTP error that carries no domain code (a guard's 401/403, an unknown route's 404, …). */
export const HTTP_PROBLEM_CODES = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
} as const;

const STATUS_CODES: Record<number, string> = HTTP_PROBLEM_CODES;

function titleFor(status: number): string {
  const text: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    413: 'Content Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
  };
  return text[status] ?? 'Error';
}

/** `{ params }` when there are any, else nothing: an empty `params` is left out of the body. */
function withParams(params: ProblemParams | undefined): { params?: ProblemParams } {
  return params && Object.keys(params).length > 0 ? { params } : {};
}

/** Errors raised by body-parser/express before a route runs carry an http status of their own. */
function middlewareStatus(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const candidate =
    (exception as { status?: unknown; statusCode?: unknown; expose?: unknown }).status ??
    (exception as { statusCode?: unknown }).statusCode;
  const expose = (exception as { expose?: unknown }).expose;
  if (typeof candidate === 'number' && candidate >= 400 && candidate < 500 && expose === true) return candidate;
  return undefined;
}

/**
 * The one exception filter (STYLE convention 10): every error leaves as RFC 9457 problem+json with
 * a stable `code` and every field or rule error listed; anything unexpected becomes a 500 with an
 * `errorId` that is logged together with the request id and the stack.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const response = http.getResponse<HttpResponseLike>();
    const problem = this.toProblem(exception, request);
    if (response.headersSent) return;
    response.status(problem.status);
    // A refusal that a retry may cure says when to retry (RFC 9110 Retry-After, in seconds).
    if (problem.status === 503 && typeof problem.params?.retryAfterSeconds === 'number')
      response.setHeader('Retry-After', String(problem.params.retryAfterSeconds));
    response.setHeader('Content-Type', `${PROBLEM_CONTENT_TYPE}; charset=utf-8`);
    response.send(JSON.stringify(problem));
  }

  toProblem(exception: unknown, request: HttpRequestLike): ProblemDetails {
    const instance = request.originalUrl ?? request.url;
    const requestId = request.id === undefined ? undefined : String(request.id);
    const base = { instance, requestId };

    if (exception instanceof ValidationProblemException) {
      return {
        type: problemTypeUri('VALIDATION_FAILED'),
        title: 'Invalid request',
        status: 400,
        detail: `${exception.fieldErrors.length} field(s) are invalid.`,
        code: 'VALIDATION_FAILED',
        params: { count: exception.fieldErrors.length },
        errors: exception.fieldErrors,
        ...base,
      };
    }
    if (exception instanceof DomainError) {
      const status = KIND_STATUS[exception.kind];
      const errors: ProblemFieldError[] = exception.violations.map(({ params, ...v }) => ({
        ...v,
        ...withParams(params),
      }));
      return {
        type: problemTypeUri(exception.code),
        title: titleFor(status),
        status,
        detail: exception.message,
        code: exception.code,
        ...withParams(exception.params),
        ...(errors.length ? { errors } : {}),
        ...base,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status >= 500) return this.unexpected(exception, request, base);
      const body = exception.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : typeof (body as { message?: unknown }).message === 'string'
            ? String((body as { message: string }).message)
            : exception.message;
      const code = STATUS_CODES[status] ?? `HTTP_${status}`;
      const detail =
        exception.cause instanceof SyntaxError ? `The request body is not valid JSON: ${message}` : message;
      // An HttpException thrown with `{ message, params }` (e.g. the rate limit) names its values too.
      const params = typeof body === 'object' && body !== null ? (body as { params?: unknown }).params : undefined;
      const named =
        typeof params === 'object' && params !== null && !Array.isArray(params)
          ? withParams(params as ProblemParams)
          : {};
      return { type: problemTypeUri(code), title: titleFor(status), status, detail, code, ...named, ...base };
    }
    const passthrough = middlewareStatus(exception);
    if (passthrough !== undefined) {
      const code = STATUS_CODES[passthrough] ?? `HTTP_${passthrough}`;
      const detail =
        passthrough === 400
          ? 'The request body is not valid JSON.'
          : (exception as Error).message || titleFor(passthrough);
      return { type: problemTypeUri(code), title: titleFor(passthrough), status: passthrough, detail, code, ...base };
    }
    return this.unexpected(exception, request, base);
  }

  private unexpected(
    exception: unknown,
    request: HttpRequestLike,
    base: { instance?: string; requestId?: string },
  ): ProblemDetails {
    const errorId = randomUUID();
    const err = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(
      { errorId, requestId: base.requestId, method: request.method, url: base.instance, err },
      `Unexpected error ${errorId} on ${request.method ?? '?'} ${base.instance ?? '?'}: ${err.message}`,
    );
    return {
      type: problemTypeUri('INTERNAL_ERROR'),
      title: titleFor(500),
      status: 500,
      detail: `An unexpected error occurred. Quote error id ${errorId} when reporting it.`,
      code: 'INTERNAL_ERROR',
      errorId,
      ...base,
    };
  }
}
