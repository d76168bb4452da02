import type { Client } from '@temporalio/client';
import { queryRows } from './reset-database';

/**
 * What the worker's signal relay does, for one workflow and on the time-skipping harness's task queue (the
 * harness runs no relay): each unsent signal of `workflowId` in the outbox goes out with signal-with-start, in
 * order, and is marked sent. Returns how many went out.
 */
export async function relayWorkflowSignals(
  url: string,
  client: Client,
  taskQueue: string,
  workflowId: string,
): Promise<number> {
  const rows = await queryRows<{
    id: string;
    workflow_type: string;
    start_args: unknown[];
    signal_name: string;
    signal_args: unknown[];
  }>(
    url,
    `SELECT id::text, workflow_type, start_args, signal_name, signal_args FROM workflow_signal_outbox
      WHERE workflow_id = $1 AND sent_at IS NULL ORDER BY id`,
    [workflowId],
  );
  for (const row of rows) {
    await client.workflow.signalWithStart(row.workflow_type, {
      workflowId,
      taskQueue,
      args: row.start_args,
      signal: row.signal_name,
      signalArgs: row.signal_args,
    });
    await queryRows(url, 'UPDATE workflow_signal_outbox SET sent_at = clock_timestamp() WHERE id = $1::bigint', [
      row.id,
    ]);
  }
  return rows.length;
}
