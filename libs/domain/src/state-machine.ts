import { DomainError } from './domain-error';

/**
 * A state column's allowed moves. Every write of a `state`, `status` or `current_stage` column goes
 * through a repository's `transition…` method, which asks its machine before it writes; the grep in
 * `test/lint/state-writes.spec.ts` keeps it so.
 */
export interface StateMachine<S extends string | number> {
  /** What the states belong to, in words a problem detail can name (`funding decision`). */
  readonly subject: string;
  can(from: S, to: S): boolean;
  /** Throws the machine's 409 refusal when `from → to` is not a move it allows. */
  assert(from: S, to: S): void;
}

/**
 * A machine from its table of moves. The refusal is `ILLEGAL_TRANSITION` (409) naming the subject, the
 * current state and the target, unless the machine brings its own (`refuse`).
 */
export function defineStateMachine<S extends string | number>(
  subject: string,
  moves: Readonly<Record<S, readonly S[]>>,
  refuse?: (from: S, to: S) => DomainError,
): StateMachine<S> {
  const can = (from: S, to: S): boolean => (moves[from] ?? []).includes(to);
  return {
    subject,
    can,
    assert(from, to) {
      if (can(from, to)) return;
      throw refuse ? refuse(from, to) : illegalTransition(subject, from, to);
    },
  };
}

/** A machine whose moves a function decides (the call's chain, say), with its own refusal. */
export function stateMachineOf<S extends string | number>(
  subject: string,
  can: (from: S, to: S) => boolean,
  refuse?: (from: S, to: S) => DomainError,
): StateMachine<S> {
  return {
    subject,
    can,
    assert(from, to) {
      if (can(from, to)) return;
      throw refuse ? refuse(from, to) : illegalTransition(subject, from, to);
    },
  };
}

/** Asserts every `from → to` of a bulk move before a single statement performs them all. */
export function assertTransitions<S extends string | number>(
  machine: StateMachine<S>,
  from: readonly S[],
  to: S,
): void {
  for (const state of from) machine.assert(state, to);
}

export function illegalTransition(subject: string, from: string | number, to: string | number): DomainError {
  return new DomainError('ILLEGAL_TRANSITION', `The ${subject} is ${from}: it cannot go to ${to}.`, 'conflict', [], {
    subject,
    state: String(from),
    target: String(to),
  });
}
