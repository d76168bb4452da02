/**
 * A refusal by a domain rule. `code` is stable (clients and tests match on it); `violations` lists
 * every broken rule or field at once, never only the first. The HTTP edge maps it to problem+json:
 * `kind` chooses the status (409 for a state conflict, 422 for a rule, 404 for an invisible id).
 */
export type DomainErrorKind = 'conflict' | 'rule' | 'not-found' | 'forbidden';

export interface Violation {
  /** The field path (`timeline.opensAt`) or the rule id (`E1`). */
  field?: string;
  rule?: string;
  code: string;
  message: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly violations: readonly Violation[] = [],
  ) {
    super(message);
  }
}
