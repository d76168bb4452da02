import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TaskKind, TaskRecord, TaskScope, TaskWorkspace } from './task-kind';
import { TASK_KINDS } from './task-kinds';

/** Where a task sorts: soonest due first, undated tasks last, then by id (stable across pages). */
export interface TaskPosition {
  dueAtMs: number | null;
  id: string;
}

const positionOf = (task: TaskRecord): TaskPosition => ({
  dueAtMs: task.dueAt ? new Date(task.dueAt).getTime() : null,
  id: task.id,
});

export function compareTaskPositions(a: TaskPosition, b: TaskPosition): number {
  if (a.dueAtMs !== b.dueAtMs) {
    if (a.dueAtMs === null) return 1;
    if (b.dueAtMs === null) return -1;
    return a.dueAtMs - b.dueAtMs;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function encodeTaskPosition(task: TaskRecord): string {
  const p = positionOf(task);
  return `${p.dueAtMs ?? '-'}|${p.id}`;
}

/** `null` when the key is not one this model made (the caller answers 400). */
export function decodeTaskPosition(key: string): TaskPosition | null {
  const bar = key.indexOf('|');
  if (bar < 1) return null;
  const due = key.slice(0, bar);
  const id = key.slice(bar + 1);
  if (!id || (due !== '-' && !/^-?\d+$/.test(due))) return null;
  return { dueAtMs: due === '-' ? null : Number(due), id };
}

/**
 * The inbox (SPEC §10 "each workspace shows its open tasks first"): the tasks of every kind that applies
 * to the caller, from PostgreSQL only, merged and sorted soonest due first. Each kind is a small read
 * model of its own (`TASK_KINDS`); this one only runs them and pages the merged list.
 */
@Injectable()
export class TaskInboxReadModel {
  kindsFor(scope: TaskScope, workspace?: TaskWorkspace): TaskKind[] {
    return TASK_KINDS.filter((k) => (!workspace || k.workspace === workspace) && k.appliesTo(scope));
  }

  async page(
    manager: EntityManager,
    scope: TaskScope,
    options: { workspace?: TaskWorkspace; after?: TaskPosition; limit: number },
  ): Promise<{ items: TaskRecord[]; hasMore: boolean }> {
    const found = await Promise.all(this.kindsFor(scope, options.workspace).map((k) => k.find(manager, scope)));
    const all = found.flat().sort((a, b) => compareTaskPositions(positionOf(a), positionOf(b)));
    const rest = options.after ? all.filter((t) => compareTaskPositions(positionOf(t), options.after!) > 0) : all;
    return { items: rest.slice(0, options.limit), hasMore: rest.length > options.limit };
  }
}
