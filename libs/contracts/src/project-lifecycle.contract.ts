import { defineSignal } from '@temporalio/workflow';

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

export interface ProjectSchedule {
  state: 'ACTIVE' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
  milestones: ScheduledProjectMilestone[];
}

/** Something about the project changed (a report, an amendment, a suspension): reload. */
export const projectChangedSignal = defineSignal<[{ reason: string }]>('projectChanged');

export interface ProjectActivities {
  loadProjectSchedule(input: { projectId: string }): Promise<ProjectSchedule>;
  remindMilestone(input: { projectId: string; idx: number; daysBefore: number }): Promise<void>;
  markMilestoneOverdue(input: { projectId: string; idx: number }): Promise<void>;
}
