import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef } from './call-lifecycle.contract';

/**
 * One workflow per funded project (`project-<id>`, SPEC §4 Project, M2–M3), started through the workflow
 * outbox in the transaction that makes the decision. It owns the milestones' time — reminders 14 and 3
 * days before each due date to the responsible partner and the coordinator, OVERDUE and the escalation
 * after the grace period — reloading the milestones from PostgreSQL after each change (an amendment moves
 * a date: its reminders move with it). SUSPENDED pauses reminders; COMPLETED or TERMINATED ends it.
 */
export const PROJECT_LIFECYCLE_WORKFLOW_TYPE = 'projectLifecycleWorkflow';

export interface ProjectLifecycleInput {
  projectId: string;
  /** Keys of the timed actions already taken, carried over continue-as-new. */
  done?: string[];
  /** Epoch ms of the first run's start: reminders due before it are skipped, never sent late. */
  since?: number;
}

export interface ScheduledProjectMilestone {
  idx: number;
  state: string;
  dueAt: string;
  overdueAt: string;
  reminders: Array<{ daysBefore: number; at: string }>;
}

/** A periodic or final report the consortium owes (SPEC M6), with its reminders and overdue instant. */
export interface ScheduledProjectReport {
  /** `P<sequence>` or `FINAL`. */
  subject: string;
  dueAt: string;
  overdueAt: string;
  reminders: Array<{ daysBefore: number; at: string }>;
  /** A report was submitted for it (whatever its decision): no more reminders or escalation. */
  submitted: boolean;
}

export interface ProjectSchedule {
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
  milestones: ScheduledProjectMilestone[];
  /** The periodic and final reports (absent in histories recorded before they were timed). */
  reports?: ScheduledProjectReport[];
  /** The final report is accepted and every live instalment is PAID: the workflow completes the project. */
  completable: boolean;
}

/** Every project action answers with the project's state and what it released (minor units per instalment). */
export interface ProjectActionResult {
  projectState: ProjectSchedule['state'];
  /** The subject's state after the action (the agreement, the report, the amendment). */
  state: string;
  released: Array<{ instalmentId: string; grantId: string; regionCode: string; currency: string; amount: number }>;
}

/** The programme manager accepts the consortium agreement (releasing the advance instalments, F4) or returns it. */
export interface DecideConsortiumAgreementRequest {
  accept: boolean;
  comment?: string;
  actor: ActorRef;
}

/** The programme manager accepts a joint report (releasing its linked instalments, M4) or requests changes. */
export interface DecideReportRequest {
  reportId: string;
  accept: boolean;
  comment?: string;
  actor: ActorRef;
}

/** An affected agency approves or rejects an amendment (M6); the last approval applies it. */
export interface AnswerAmendmentRequest {
  amendmentId: string;
  agencyId: string;
  approve: boolean;
  reason?: string;
  actor: ActorRef;
}

/** The programme manager suspends, resumes or terminates the project (SPEC §4 Project). */
export interface ChangeProjectStateRequest {
  event: 'SUSPEND' | 'RESUME' | 'TERMINATE';
  reason?: string;
  actor: ActorRef;
}

export const decideConsortiumAgreementUpdate = defineUpdate<ProjectActionResult, [DecideConsortiumAgreementRequest]>(
  'decideConsortiumAgreement',
);
export const decideReportUpdate = defineUpdate<ProjectActionResult, [DecideReportRequest]>('decideReport');
export const answerAmendmentUpdate = defineUpdate<ProjectActionResult, [AnswerAmendmentRequest]>('answerAmendment');
export const changeProjectStateUpdate = defineUpdate<ProjectActionResult, [ChangeProjectStateRequest]>(
  'changeProjectState',
);

/** Each action runs in one locked transaction, idempotent under the update id, at the workflow's time. */
interface ProjectActionInput<Request> {
  projectId: string;
  request: Request;
  updateId: string;
  at: string;
}

/** Something about the project changed (a report, an amendment, a suspension): reload. */
export const projectChangedSignal = defineSignal<[{ reason: string }]>('projectChanged');

export interface ProjectActivities {
  loadProjectSchedule(input: { projectId: string }): Promise<ProjectSchedule>;
  remindMilestone(input: { projectId: string; idx: number; daysBefore: number }): Promise<void>;
  markMilestoneOverdue(input: { projectId: string; idx: number }): Promise<void>;
  remindReport(input: { projectId: string; subject: string; daysBefore: number }): Promise<void>;
  alertReportOverdue(input: { projectId: string; subject: string }): Promise<void>;
  decideConsortiumAgreement(input: ProjectActionInput<DecideConsortiumAgreementRequest>): Promise<ProjectActionResult>;
  decideReport(input: ProjectActionInput<DecideReportRequest>): Promise<ProjectActionResult>;
  answerAmendment(input: ProjectActionInput<AnswerAmendmentRequest>): Promise<ProjectActionResult>;
  changeProjectState(input: ProjectActionInput<ChangeProjectStateRequest>): Promise<ProjectActionResult>;
  completeProject(input: { projectId: string; at: string }): Promise<void>;
}
