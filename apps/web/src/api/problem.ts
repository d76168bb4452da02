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

export async function problemOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.clone().json();
  } catch {
    body = undefined;
  }
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<ProblemDetails>;
  return new ApiError({ ...problem, status: response.status });
}
