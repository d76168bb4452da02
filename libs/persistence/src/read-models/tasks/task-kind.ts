import type { EntityManager } from 'typeorm';
import { toZonedIso, type Role } from '@app/domain';

export const TASK_WORKSPACES = ['APPLICANT', 'EVALUATOR', 'AGENCY_OFFICER', 'PROGRAMME_MANAGER', 'ADMIN'] as const;
export type TaskWorkspace = (typeof TASK_WORKSPACES)[number];

/** Who asks: the boundaries every kind filters by (the same ones the detail endpoints enforce). */
export interface TaskScope {
  userId: string;
  roles: Role[];
  /** Organisations the caller is an approved member of (APPLICANT grants). */
  organisationIds: string[];
  /** Agencies the caller is an officer of. */
  agencyIds: string[];
  /** "Now" from the API's clock: deadlines ahead or passed are judged against it. */
  now: Date;
}

export type TaskParams = Record<string, string | number | boolean | null>;

/** One open task of the inbox. `id` is stable for the same task (kind and the ids it is about). */
export interface TaskRecord {
  id: string;
  kind: string;
  workspace: TaskWorkspace;
  dueAt: Date | null;
  /** The call's legal time zone, where the task belongs to a call: due dates are shown in it. */
  timeZone: string | null;
  /** A route of the web app (`webLinks`). */
  link: string;
  params: TaskParams;
}

/**
 * One kind of task: a small query over PostgreSQL for the tasks of that kind the caller has now. New kinds
 * are new modules added to `TASK_KINDS`; nothing else changes.
 */
export interface TaskKind {
  kind: string;
  workspace: TaskWorkspace;
  /** Whether the caller can have tasks of this kind at all (its roles and boundaries). */
  appliesTo(scope: TaskScope): boolean;
  find(manager: EntityManager, scope: TaskScope): Promise<TaskRecord[]>;
}

/** Each kind reads at most this many rows: an inbox is a to-do list, not an export. */
export const TASK_KIND_ROW_LIMIT = 500;

export const isApplicant = (scope: TaskScope): boolean => scope.organisationIds.length > 0;
export const isOfficer = (scope: TaskScope): boolean => scope.agencyIds.length > 0;
export const holds =
  (role: Role) =>
  (scope: TaskScope): boolean =>
    scope.roles.includes(role);

/** An instant as the call's legal time zone shows it (null stays null). */
export function zoned(instant: Date | null | undefined, timeZone: string): string | null {
  return instant ? toZonedIso(new Date(instant).toISOString(), timeZone) : null;
}
