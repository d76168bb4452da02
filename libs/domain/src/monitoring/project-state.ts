import { DomainError } from '../domain-error';
import type { Violation } from '../domain-error';

/**
 * SPEC §4 Project: `ACTIVE → COMPLETED | TERMINATED`, `SUSPENDED ↔ ACTIVE` on the programme manager's
 * decision.
 *
 * - COMPLETE needs the final report accepted and every instalment PAID; otherwise
 *   PROJECT_NOT_COMPLETE (rule) lists what is missing.
 * - TERMINATE (from ACTIVE or SUSPENDED) needs a reason; a terminated project releases nothing more
 *   (see instalment-release) — already released instalments may still be confirmed as paid.
 * - SUSPEND needs a reason; a suspended project sends no reminders and releases nothing until RESUME.
 * - COMPLETED and TERMINATED are final. Illegal transitions: ILLEGAL_PROJECT_TRANSITION (409 conflict,
 *   naming the current state).
 */
export const PROJECT_STATES = ['ACTIVE', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];

export type ProjectEvent =
  | { kind: 'SUSPEND'; reason: string }
  | { kind: 'RESUME' }
  | { kind: 'TERMINATE'; reason: string }
  | {
      kind: 'COMPLETE';
      finalReportAccepted: boolean;
      instalments: ReadonlyArray<{ id: string; state: 'SCHEDULED' | 'RELEASED' | 'PAID' }>;
    };

const ALLOWED: Record<ProjectEvent['kind'], readonly ProjectState[]> = {
  SUSPEND: ['ACTIVE'],
  RESUME: ['SUSPENDED'],
  TERMINATE: ['ACTIVE', 'SUSPENDED'],
  COMPLETE: ['ACTIVE'],
};

const TARGET: Record<ProjectEvent['kind'], ProjectState> = {
  SUSPEND: 'SUSPENDED',
  RESUME: 'ACTIVE',
  TERMINATE: 'TERMINATED',
  COMPLETE: 'COMPLETED',
};

export interface ProjectTransition {
  state: ProjectState;
  /** The reason of a suspension or termination. */
  reason?: string;
}

function requireReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new DomainError('REASON_REQUIRED', 'A suspension or termination states its reason.', 'rule', [
      { field: 'reason', code: 'REASON_REQUIRED', message: 'Give the reason.' },
    ]);
  }
  return reason;
}

/** Whether `kind` is legal in `state` (the workflow's update validators ask before the activity runs). */
export function canApplyProjectEvent(state: ProjectState, kind: ProjectEvent['kind']): boolean {
  return ALLOWED[kind].includes(state);
}

/** Applies a programme manager's decision (or the completion check) to the project's state. */
export function applyProjectEvent(state: ProjectState, event: ProjectEvent): ProjectTransition {
  if (!ALLOWED[event.kind].includes(state)) {
    throw new DomainError(
      'ILLEGAL_PROJECT_TRANSITION',
      `The project is ${state}: ${event.kind} needs ${ALLOWED[event.kind].join(' or ')}.`,
      'conflict',
      [{ field: 'state', code: 'ILLEGAL_PROJECT_TRANSITION', message: `The project is ${state}.`, params: { state } }],
      { state, event: event.kind, allowed: [...ALLOWED[event.kind]] },
    );
  }
  switch (event.kind) {
    case 'SUSPEND':
    case 'TERMINATE':
      return { state: TARGET[event.kind], reason: requireReason(event.reason) };
    case 'RESUME':
      return { state: 'ACTIVE' };
    case 'COMPLETE': {
      const violations: Violation[] = [];
      if (!event.finalReportAccepted)
        violations.push({
          field: 'finalReport',
          code: 'FINAL_REPORT_NOT_ACCEPTED',
          message: 'The final report is not accepted yet.',
        });
      event.instalments.forEach((x, i) => {
        if (x.state !== 'PAID')
          violations.push({
            field: `instalments[${i}]`,
            code: 'INSTALMENT_NOT_PAID',
            message: `Instalment ${x.id} is ${x.state}.`,
            params: { instalmentId: x.id, state: x.state },
          });
      });
      if (violations.length)
        throw new DomainError(
          'PROJECT_NOT_COMPLETE',
          `The project cannot complete: ${violations.length} thing(s) outstanding.`,
          'rule',
          violations,
          {
            count: violations.length,
          },
        );
      return { state: 'COMPLETED' };
    }
  }
}

/** Whether milestone reminders and overdue escalations run (only while ACTIVE). */
export function remindersActive(state: ProjectState): boolean {
  return state === 'ACTIVE';
}

/** Whether the project may still release instalments (only while ACTIVE). */
export function releasesAllowed(state: ProjectState): boolean {
  return state === 'ACTIVE';
}
