import { DomainError } from '../domain-error';
import { defineStateMachine, stateMachineOf, type StateMachine } from '../state-machine';
import { canApplyMilestoneEvent, type MilestoneEvent, type MilestoneState } from './milestone-state';
import { canApplyProjectEvent, type ProjectEvent, type ProjectState } from './project-state';
import type { InstalmentState } from './instalment-release';

/**
 * The state columns of a funded project and what hangs from it, as the repositories' last gate before a
 * write. The use cases refuse first with their own messages; a machine refusing means a path skipped them.
 * Each refusal keeps the code its lifecycle already answers with (409, naming the current state).
 */
function conflict(code: string, subject: string) {
  return (from: string | number, to: string | number) =>
    new DomainError(code, `The ${subject} is ${from}: it cannot go to ${to}.`, 'conflict', [], {
      state: String(from),
      target: String(to),
    });
}

const PROJECT_TARGETS: Record<ProjectEvent['kind'], ProjectState> = {
  SUSPEND: 'SUSPENDED',
  RESUME: 'ACTIVE',
  TERMINATE: 'TERMINATED',
  COMPLETE: 'COMPLETED',
};

/** SPEC §4 Project, from its events (`applyProjectEvent`): a move is legal when some event makes it. */
export const projectStateMachine: StateMachine<ProjectState> = stateMachineOf<ProjectState>(
  'project',
  (from, to) =>
    (Object.keys(PROJECT_TARGETS) as Array<ProjectEvent['kind']>).some(
      (kind) => PROJECT_TARGETS[kind] === to && canApplyProjectEvent(from, kind),
    ),
  conflict('ILLEGAL_PROJECT_TRANSITION', 'project'),
);

const MILESTONE_TARGETS: Record<MilestoneEvent['kind'], MilestoneState> = {
  REMINDER_SENT: 'DUE_SOON',
  GRACE_EXPIRED: 'OVERDUE',
  REPORT_SUBMITTED: 'REPORTED',
  REPORT_ACCEPTED: 'ACCEPTED',
  CHANGES_REQUESTED: 'CHANGES_REQUESTED',
  RESCHEDULED: 'PLANNED',
};

/**
 * SPEC §4 Milestone, from its events (`applyMilestoneEvent`). A second reminder keeps DUE_SOON and a
 * rescheduled PLANNED milestone stays PLANNED: both are moves of their event.
 */
export const milestoneStateMachine: StateMachine<MilestoneState> = stateMachineOf<MilestoneState>(
  'milestone',
  (from, to) =>
    (Object.keys(MILESTONE_TARGETS) as Array<MilestoneEvent['kind']>).some(
      (kind) => MILESTONE_TARGETS[kind] === to && canApplyMilestoneEvent(from, kind),
    ),
  conflict('ILLEGAL_MILESTONE_TRANSITION', 'milestone'),
);

export type ConsortiumAgreementState = 'NONE' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';

/** SPEC F4: uploaded (again) until accepted; the programme manager accepts or returns a submitted one. */
export const consortiumAgreementMachine = defineStateMachine<ConsortiumAgreementState>(
  'consortium agreement',
  { NONE: ['SUBMITTED'], SUBMITTED: ['SUBMITTED', 'ACCEPTED', 'RETURNED'], RETURNED: ['SUBMITTED'], ACCEPTED: [] },
  conflict('ILLEGAL_AGREEMENT_TRANSITION', 'consortium agreement'),
);

export type ProjectReportState = 'SUBMITTED' | 'ACCEPTED' | 'CHANGES_REQUESTED';

/** A joint report (SPEC M4): decided once; changes come as a new revision, not a move back. */
export const projectReportMachine = defineStateMachine<ProjectReportState>(
  'report',
  { SUBMITTED: ['ACCEPTED', 'CHANGES_REQUESTED'], ACCEPTED: [], CHANGES_REQUESTED: [] },
  conflict('ILLEGAL_REPORT_TRANSITION', 'report'),
);

export type AmendmentState = 'PENDING' | 'APPROVED' | 'REJECTED';

/** An amendment (SPEC M6): the last approval applies it, the first rejection ends it. */
export const amendmentStateMachine = defineStateMachine<AmendmentState>(
  'amendment',
  { PENDING: ['APPROVED', 'REJECTED'], APPROVED: [], REJECTED: [] },
  conflict('ILLEGAL_AMENDMENT_TRANSITION', 'amendment'),
);

/** SPEC §4 Instalment: `SCHEDULED → RELEASED → PAID`. */
export const instalmentStateMachine = defineStateMachine<InstalmentState>(
  'instalment',
  { SCHEDULED: ['RELEASED'], RELEASED: ['PAID'], PAID: [] },
  conflict('ILLEGAL_INSTALMENT_TRANSITION', 'instalment'),
);
