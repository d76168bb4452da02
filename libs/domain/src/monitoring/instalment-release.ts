import { DomainError, type ProblemParams } from '../domain-error';
import type { InstalmentTrigger } from '../funding/instalments';
import type { LedgerEntry } from './ledger';
import { releasesAllowed, type ProjectState } from './project-state';

/**
 * SPEC F4, M4: which instalments a project event releases. §4 Instalment: `SCHEDULED → RELEASED → PAID`.
 *
 * - Consortium agreement accepted → the CONSORTIUM_AGREEMENT_ACCEPTED (advance) instalments.
 * - A milestone report accepted → the MILESTONE instalments linked to that milestone (by work-plan index).
 * - The final report accepted → the FINAL_REPORT instalments.
 * - The gate (F4): nothing is released before the consortium agreement is accepted. A milestone or
 *   final report accepted before it is refused for release (CONSORTIUM_AGREEMENT_NOT_ACCEPTED); the
 *   money it earned is not lost — the agreement's acceptance then releases the advance AND every
 *   instalment already earned.
 * - Only an ACTIVE project releases: TERMINATED, COMPLETED and SUSPENDED refuse (a suspended
 *   project's earned instalments go out with its next event after it resumes, by the same catch-up).
 * - Never twice: only SCHEDULED instalments are ever returned, so a replayed event releases nothing.
 */
export const INSTALMENT_STATES = ['SCHEDULED', 'RELEASED', 'PAID'] as const;
export type InstalmentState = (typeof INSTALMENT_STATES)[number];

export interface MonitoredInstalment {
  id: string;
  regionCode: string;
  currency: string;
  /** Minor units. */
  amount: number;
  trigger: InstalmentTrigger;
  state: InstalmentState;
}

/** What has happened in the project, as far as releases are concerned. */
export interface ReleaseFacts {
  projectState: ProjectState;
  consortiumAgreementAccepted: boolean;
  /** Work-plan indexes of the milestones whose report was accepted. */
  acceptedMilestoneIndexes: readonly number[];
  finalReportAccepted: boolean;
}

export type ReleaseEvent =
  | { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }
  | { kind: 'MILESTONE_REPORT_ACCEPTED'; milestoneIndex: number }
  | { kind: 'FINAL_REPORT_ACCEPTED' };

export type ReleaseDecision =
  | { outcome: 'RELEASE'; /** In input order; possibly empty. */ instalmentIds: string[]; facts: ReleaseFacts }
  | {
      outcome: 'REFUSED';
      code: 'CONSORTIUM_AGREEMENT_NOT_ACCEPTED' | 'PROJECT_NOT_ACTIVE';
      message: string;
      params?: ProblemParams;
      facts: ReleaseFacts;
    };

function earned(trigger: InstalmentTrigger, facts: ReleaseFacts): boolean {
  switch (trigger.kind) {
    case 'CONSORTIUM_AGREEMENT_ACCEPTED':
      return facts.consortiumAgreementAccepted;
    case 'MILESTONE':
      return facts.acceptedMilestoneIndexes.includes(trigger.milestoneIndex);
    case 'FINAL_REPORT':
      return facts.finalReportAccepted;
  }
}

/** Ids of the SCHEDULED instalments whose trigger has happened — none unless ACTIVE and past the gate. */
export function releasableInstalments(facts: ReleaseFacts, instalments: readonly MonitoredInstalment[]): string[] {
  if (!releasesAllowed(facts.projectState) || !facts.consortiumAgreementAccepted) return [];
  return instalments.filter((x) => x.state === 'SCHEDULED' && earned(x.trigger, facts)).map((x) => x.id);
}

/** The facts after `event` (whether or not anything can be released). */
export function recordReleaseEvent(facts: ReleaseFacts, event: ReleaseEvent): ReleaseFacts {
  switch (event.kind) {
    case 'CONSORTIUM_AGREEMENT_ACCEPTED':
      return { ...facts, consortiumAgreementAccepted: true };
    case 'MILESTONE_REPORT_ACCEPTED':
      return facts.acceptedMilestoneIndexes.includes(event.milestoneIndex)
        ? facts
        : {
            ...facts,
            acceptedMilestoneIndexes: [...facts.acceptedMilestoneIndexes, event.milestoneIndex].sort((a, b) => a - b),
          };
    case 'FINAL_REPORT_ACCEPTED':
      return { ...facts, finalReportAccepted: true };
  }
}

/** What `event` releases, with the facts it leaves behind (record them even when refused). */
export function instalmentsReleasedBy(
  facts: ReleaseFacts,
  event: ReleaseEvent,
  instalments: readonly MonitoredInstalment[],
): ReleaseDecision {
  const next = recordReleaseEvent(facts, event);
  if (!releasesAllowed(facts.projectState)) {
    return {
      outcome: 'REFUSED',
      code: 'PROJECT_NOT_ACTIVE',
      message: `The project is ${facts.projectState}: no instalment is released.`,
      params: { state: facts.projectState },
      facts: next,
    };
  }
  if (!next.consortiumAgreementAccepted) {
    return {
      outcome: 'REFUSED',
      code: 'CONSORTIUM_AGREEMENT_NOT_ACCEPTED',
      message: 'No instalment is released before the consortium agreement is accepted (F4).',
      facts: next,
    };
  }
  return { outcome: 'RELEASE', instalmentIds: releasableInstalments(next, instalments), facts: next };
}

/** Marks the given instalments RELEASED (only SCHEDULED ones change) and returns their ledger entries. */
export function applyRelease(
  instalments: readonly MonitoredInstalment[],
  ids: readonly string[],
): { instalments: MonitoredInstalment[]; entries: LedgerEntry[] } {
  const wanted = new Set(ids);
  const entries: LedgerEntry[] = [];
  const next = instalments.map((x) => {
    if (!wanted.has(x.id) || x.state !== 'SCHEDULED') return x;
    entries.push({ regionCode: x.regionCode, currency: x.currency, kind: 'RELEASED', amount: x.amount });
    return { ...x, state: 'RELEASED' as const };
  });
  return { instalments: next, entries };
}

/**
 * The agency confirms payment (M4): RELEASED → PAID, with its ledger entry. Refuses any other state with
 * ILLEGAL_INSTALMENT_TRANSITION (409 conflict, naming the current state).
 */
export function confirmInstalmentPayment(instalment: MonitoredInstalment): {
  instalment: MonitoredInstalment;
  entry: LedgerEntry;
} {
  if (instalment.state !== 'RELEASED') {
    throw new DomainError(
      'ILLEGAL_INSTALMENT_TRANSITION',
      `Instalment ${instalment.id} is ${instalment.state}: only a RELEASED instalment can be confirmed as paid.`,
      'conflict',
      [
        {
          field: 'state',
          code: 'ILLEGAL_INSTALMENT_TRANSITION',
          message: `The instalment is ${instalment.state}.`,
          params: { state: instalment.state },
        },
      ],
      { instalmentId: instalment.id, state: instalment.state, allowed: ['RELEASED'] },
    );
  }
  return {
    instalment: { ...instalment, state: 'PAID' },
    entry: {
      regionCode: instalment.regionCode,
      currency: instalment.currency,
      kind: 'PAID',
      amount: instalment.amount,
    },
  };
}
