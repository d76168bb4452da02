/**
 * The values a problem's or field error's message names, as data (docs/problem-codes.md): money in minor units with
 * `currency`, instants ISO-8601, lists as string arrays.
 */
export type ProblemParams = Record<string, string | number | boolean | string[]>;

/** One offending field or rule of an RFC 9457 problem answered by the API. */
export interface FieldError {
  field?: string;
  rule?: string;
  code?: string;
  message: string;
  params?: ProblemParams;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  params?: ProblemParams;
  errors?: FieldError[];
}

/** A refused or failed API call: the problem+json the server answered, typed for the pages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly params?: ProblemParams;
  readonly errors: FieldError[];

  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.code = problem.code;
    this.params = problem.params;
    this.errors = problem.errors ?? [];
  }

  /** The messages the server gave for one form field (`organisation.legalName`, `preferences[0].mode`…). */
  fieldErrors(field: string): string[] {
    return this.errors.filter((e) => e.field === field).map((e) => e.message);
  }

  /** The problem itself as one error (code, params and the server's English message), for pages that word it. */
  asFieldError(): FieldError {
    return { code: this.code, message: this.message, params: this.params };
  }

  /** Errors that name no field the form shows: shown above the form. */
  otherErrors(knownFields: readonly string[]): FieldError[] {
    return this.errors.filter((e) => !e.field || !knownFields.includes(e.field));
  }
}

/** The error for an answer's status and its already parsed body (problem+json, or anything else). */
export function apiErrorFrom(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<ProblemDetails>;
  return new ApiError({ ...problem, status });
}
