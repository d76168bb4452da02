import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { assertTransitions, assignmentJobStateMachine, type AssignmentJobStatus } from '@app/domain';
import type { Tx } from '../unit-of-work';

export type JobStatus = AssignmentJobStatus;

/** A row of `job`, as PostgreSQL returns it. */
export interface JobRow {
  id: string;
  kind: 'AUTO_ASSIGNMENT';
  call_id: string | null;
  parameters: Record<string, unknown>;
  started_by: string;
  status: JobStatus;
  progress: Record<string, unknown>;
  result: Record<string, unknown> | null;
  error: { message: string } | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

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

export function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    callId: row.call_id,
    parameters: row.parameters,
    startedBy: row.started_by,
    status: row.status,
    progress: row.progress,
    result: row.result,
    error: row.error,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

const COLUMNS = `id, kind, call_id, parameters, started_by, status, progress, result, error, created_at, started_at,
  finished_at`;

/** Unfinished jobs: what may still start running or fail. */
const UNFINISHED: readonly JobStatus[] = ['QUEUED', 'RUNNING'];

/** Long jobs (`GET /jobs/{id}`): status, progress and result, written by the worker that runs them. */
@Injectable()
export class JobRepository {
  /** Creates a queued job; returns null when the call already has an auto-assignment queued or running. */
  async create(
    manager: Tx,
    input: { kind: JobRecord['kind']; callId: string; parameters: Record<string, unknown>; startedBy: string },
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await manager.query(
      `INSERT INTO job (id, kind, call_id, parameters, started_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (call_id) WHERE kind = 'AUTO_ASSIGNMENT' AND status IN ('QUEUED','RUNNING') DO NOTHING RETURNING id`,
      [randomUUID(), input.kind, input.callId, JSON.stringify(input.parameters), input.startedBy],
    );
    return rows[0]?.id ?? null;
  }

  async find(manager: Tx, id: string, lock = false): Promise<JobRecord | null> {
    const rows: JobRow[] = await manager.query(`SELECT ${COLUMNS} FROM job WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async activeForCall(manager: Tx, callId: string): Promise<JobRecord | null> {
    const rows: JobRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM job WHERE call_id = $1 AND status IN ('QUEUED','RUNNING') LIMIT 1`,
      [callId],
    );
    return rows[0] ? toJob(rows[0]) : null;
  }

  /** Marks an unfinished job running (again, on a retry); a finished one is left as it is. */
  async transitionToRunning(manager: Tx, id: string): Promise<void> {
    assertTransitions(assignmentJobStateMachine, UNFINISHED, 'RUNNING');
    await manager.query(
      `UPDATE job SET status = 'RUNNING', started_at = COALESCE(started_at, clock_timestamp())
        WHERE id = $1 AND status = ANY($2)`,
      [id, UNFINISHED],
    );
  }

  async saveProgress(manager: Tx, id: string, progress: Record<string, unknown>): Promise<void> {
    await manager.query("UPDATE job SET progress = $2 WHERE id = $1 AND status = 'RUNNING'", [
      id,
      JSON.stringify(progress),
    ]);
  }

  /** Finishes the job read under its lock with its result. */
  async transitionToSucceeded(
    manager: Tx,
    job: Pick<JobRecord, 'id' | 'status'>,
    result: Record<string, unknown>,
  ): Promise<void> {
    assignmentJobStateMachine.assert(job.status, 'SUCCEEDED');
    await manager.query(
      `UPDATE job
          SET status = 'SUCCEEDED', result = $2, progress = jsonb_build_object('phase', 'done', 'done', 1, 'total', 1),
              finished_at = clock_timestamp()
        WHERE id = $1`,
      [job.id, JSON.stringify(result)],
    );
  }

  /** Fails an unfinished job with the reason (a finished one is left as it is). */
  async transitionToFailed(manager: Tx, id: string, message: string): Promise<void> {
    assertTransitions(assignmentJobStateMachine, UNFINISHED, 'FAILED');
    await manager.query(
      `UPDATE job SET status = 'FAILED', error = $2, finished_at = clock_timestamp()
        WHERE id = $1 AND status = ANY($3)`,
      [id, JSON.stringify({ message: message.slice(0, 2000) }), UNFINISHED],
    );
  }
}
