import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type JobStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface JobRecord {
  id: string;
  kind: 'AUTO_ASSIGNMENT';
  callId: string | null;
  parameters: Record<string, unknown>;
  startedBy: string;
  status: JobStatus;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const COLUMNS = `id, kind, call_id AS "callId", parameters, started_by AS "startedBy", status, progress, result, error,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/** Long jobs (`GET /jobs/{id}`): status, progress and result, written by the worker that runs them. */
@Injectable()
export class JobRepository {
  /** Creates a queued job; returns null when the call already has an auto-assignment queued or running. */
  async create(
    manager: EntityManager,
    input: { kind: JobRecord['kind']; callId: string; parameters: Record<string, unknown>; startedBy: string },
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO job (id, kind, call_id, parameters, started_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (call_id) WHERE kind = 'AUTO_ASSIGNMENT' AND status IN ('QUEUED','RUNNING') DO NOTHING RETURNING id`,
      [randomUUID(), input.kind, input.callId, JSON.stringify(input.parameters), input.startedBy],
    );
    return rows[0]?.id ?? null;
  }

  async find(manager: EntityManager, id: string, lock = false): Promise<JobRecord | null> {
    const rows: JobRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM job WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async activeForCall(manager: EntityManager, callId: string): Promise<JobRecord | null> {
    const rows: JobRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM job WHERE call_id = $1 AND status IN ('QUEUED','RUNNING') LIMIT 1`,
      [callId],
    );
    return rows[0] ?? null;
  }

  async markRunning(manager: EntityManager, id: string): Promise<void> {
    await manager.query(
      "UPDATE job SET status = 'RUNNING', started_at = COALESCE(started_at, clock_timestamp()) WHERE id = $1 AND status IN ('QUEUED','RUNNING')",
      [id],
    );
  }

  async saveProgress(manager: EntityManager, id: string, progress: Record<string, unknown>): Promise<void> {
    await manager.query("UPDATE job SET progress = $2 WHERE id = $1 AND status = 'RUNNING'", [
      id,
      JSON.stringify(progress),
    ]);
  }

  async succeed(manager: EntityManager, id: string, result: Record<string, unknown>): Promise<void> {
    await manager.query(
      `UPDATE job SET status = 'SUCCEEDED', result = $2, progress = jsonb_build_object('phase', 'done', 'done', 1, 'total', 1), finished_at = clock_timestamp() WHERE id = $1`,
      [id, JSON.stringify(result)],
    );
  }

  async fail(manager: EntityManager, id: string, message: string): Promise<void> {
    await manager.query(
      "UPDATE job SET status = 'FAILED', error = $2, finished_at = clock_timestamp() WHERE id = $1 AND status IN ('QUEUED','RUNNING')",
      [id, JSON.stringify({ message: message.slice(0, 2000) })],
    );
  }
}
