import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignalDefinition } from '@temporalio/common';

interface WorkflowTarget {
  /** Business id of the signal (`proposal-version:<id>:<n>`): writing it twice stores one. */
  dedupeKey: string;
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  startArgs: unknown[];
}

/** A signal to send: its definition from `@app/contracts` types its arguments. */
export interface WorkflowSignalMessage<Args extends unknown[] = unknown[]> extends WorkflowTarget {
  signal: SignalDefinition<Args>;
  signalArgs: Args;
}

/** A stored signal, claimed for delivery: the definition's name and its arguments as written. */
export interface ClaimedSignal extends WorkflowTarget {
  id: string;
  attempts: number;
  signalName: string;
  signalArgs: unknown[];
}

/**
 * The outbox for workflows: a business transaction (a submission) writes the signal its workflow must
 * receive; the worker's relay delivers it with signal-with-start, at least once, in id order.
 */
@Injectable()
export class WorkflowSignalOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async enqueue<Args extends unknown[]>(manager: EntityManager, message: WorkflowSignalMessage<Args>): Promise<void> {
    await manager.query(
      `INSERT INTO workflow_signal_outbox (dedupe_key, workflow_id, workflow_type, task_queue, start_args,
                                           signal_name, signal_args)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING`,
      [
        message.dedupeKey,
        message.workflowId,
        message.workflowType,
        message.taskQueue,
        JSON.stringify(message.startArgs),
        message.signal.name,
        JSON.stringify(message.signalArgs),
      ],
    );
  }

  /** Claims due signals for `leaseMs` (another relay takes them over if this one dies). */
  async claim(limit: number, leaseMs: number): Promise<ClaimedSignal[]> {
    return this.dataSource
      .query(
        `UPDATE workflow_signal_outbox o
            SET locked_until = clock_timestamp() + ($2 || ' milliseconds')::interval, attempts = attempts + 1
        WHERE o.id IN (
          SELECT id FROM workflow_signal_outbox
           WHERE sent_at IS NULL AND (locked_until IS NULL OR locked_until < clock_timestamp())
           ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING o.id::text, o.dedupe_key AS "dedupeKey", o.workflow_id AS "workflowId",
                  o.workflow_type AS "workflowType", o.task_queue AS "taskQueue", o.start_args AS "startArgs",
                  o.signal_name AS "signalName", o.signal_args AS "signalArgs", o.attempts`,
        [limit, String(leaseMs)],
      )
      .then((result: [ClaimedSignal[], number]) => result[0].sort((a, b) => Number(a.id) - Number(b.id)));
  }

  /**
   * How the relay will start `workflowId` when it has a signal for it still unsent (the oldest one's type, queue
   * and arguments), or null when none is waiting: the workflow is being started by the outbox.
   */
  async pendingStart(
    workflowId: string,
  ): Promise<Pick<WorkflowTarget, 'workflowType' | 'taskQueue' | 'startArgs'> | null> {
    const rows: Array<Pick<WorkflowTarget, 'workflowType' | 'taskQueue' | 'startArgs'>> = await this.dataSource.query(
      `SELECT workflow_type AS "workflowType", task_queue AS "taskQueue", start_args AS "startArgs"
         FROM workflow_signal_outbox WHERE workflow_id = $1 AND sent_at IS NULL ORDER BY id LIMIT 1`,
      [workflowId],
    );
    return rows[0] ?? null;
  }

  async markSent(id: string): Promise<void> {
    await this.dataSource.query(
      'UPDATE workflow_signal_outbox SET sent_at = clock_timestamp(), locked_until = NULL WHERE id = $1',
      [id],
    );
  }

  async markFailed(id: string, error: string, retryInMs: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE workflow_signal_outbox
          SET last_error = $2, locked_until = clock_timestamp() + ($3 || ' milliseconds')::interval
        WHERE id = $1`,
      [id, error.slice(0, 2000), String(retryInMs)],
    );
  }
}
