/** One offending field or rule of an RFC 9457 problem answered by the API. */
export interface FieldError {
  field?: string;
  code?: string;
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

/** A refused or failed API call: the problem+json the server answered, typed for the pages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly errors: FieldError[];

  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.status = problem.status;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
  }

  /** The messages the server gave for one form field (`organisation.legalName`, `preferences[0].mode`…). */
  fieldErrors(field: string): string[] {
    return this.errors.filter((e) => e.field === field).map((e) => e.message);
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
