import type { ProblemParams } from '@app/domain';

export type { ProblemParams };

/**
 * RFC 9457 problem details, the body of every error the API returns
 * (`Content-Type: application/problem+json`). `errors` lists every offending field or rule.
 */
export interface ProblemFieldError {
  /** Dotted path of the offending field (`timeline.opensAt`, `partners[1].requestedGrant`). */
  field?: string;
  /** Rule id when the error is a business rule rather than a field (`E1`, `A2`). */
  rule?: string;
  /** Stable machine-readable code (`isInt`, `CONSORTIUM_TOO_SMALL`). */
  code: string;
  message: string;
  /**
   * The values `message` names, so that a client can word it in its own language by `code` (`{ min: 2,
   * actual: 1 }`); money as integer minor units with `currency`, instants as ISO-8601 with offset.
   */
  params?: ProblemParams;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable code of the problem (`VALIDATION_FAILED`, `NOT_FOUND`, `INTERNAL_ERROR`, a domain code). */
  code: string;
  /** The values `detail` names (`{ state: 'OPEN' }` for a conflict); absent when it names none. */
  params?: ProblemParams;
  errors?: ProblemFieldError[];
  /** The request id (also in the `X-Request-Id` response header and in every log line of the request). */
  requestId?: string;
  /** Present on 500s only: quote it to the operator, it is in the error log line. */
  errorId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemTypeUri(code: string): string {
  return `urn:acie:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}
