/**
 * A refusal by a domain rule. `code` is stable (clients and tests match on it); `violations` lists
 * every broken rule or field at once, never only the first. The HTTP edge maps it to problem+json:
 * `kind` chooses the status (409 for a state conflict, 422 for a rule, 404 for an invisible id, 503 for a part of
 * the engine that cannot answer now; its `params.retryAfterSeconds` becomes the `Retry-After` header).
 */
export type DomainErrorKind = 'conflict' | 'rule' | 'not-found' | 'forbidden' | 'unavailable';

/**
 * The values a message names, as data, so that a client can word the refusal in its own language by
 * `code`: money as integer minor units with `currency` beside it, instants as ISO-8601 strings with an
 * offset, lists as string arrays. Names are shared across codes (`min`, `max`, `actual`, `limit`,
 * `amount`, `currency`, `organisationId`, `regionCode`, `state`, `allowed`, `field` …).
 */
export type ProblemParams = Record<string, string | number | boolean | string[]>;

export interface Violation {
  /** The field path (`timeline.opensAt`) or the rule id (`E1`). */
  field?: string;
  rule?: string;
  code: string;
  message: string;
  /** The values `message` names (absent when it names none). */
  params?: ProblemParams;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly violations: readonly Violation[] = [],
    /** The values `message` names, e.g. `{ state: 'OPEN' }` for a conflict naming the current state. */
    readonly params?: ProblemParams,
  ) {
    super(message);
  }
}
