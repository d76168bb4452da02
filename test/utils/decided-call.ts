import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { rankedCallFixture, type RankedCallFixture } from './funding-fixtures';
import { tokenFor } from './proposal-fixtures';
import { queryRows } from './reset-database';
import type { WorkerAndApi } from './worker-and-api';

/**
 * A ranked call decided over HTTP (SPEC F4): its workflow started in RANKED, the decision proposed by the
 * programme manager and approved by every agency — each step asserted 200 — so its funded proposals have
 * projects, grants and instalments. `prepare` runs on the database before the workflow starts.
 */
export async function decidedCallOverHttp(
  env: WorkerAndApi,
  url: string,
  acronyms?: string[],
  prepare?: (fixture: RankedCallFixture) => Promise<void>,
): Promise<RankedCallFixture> {
  const fixture = await rankedCallFixture(url, acronyms);
  await prepare?.(fixture);
  const http = request(env.app.getHttpServer());
  const bearer = (userId: string) => ({ Authorization: `Bearer ${tokenFor(userId)}` });
  await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
    workflowId: WorkflowIds.call(fixture.callId),
    taskQueue: TaskQueues.main,
    args: [fixture.workflowInput],
  });
  const proposed = await http.post(`/api/v1/calls/${fixture.callId}/funding-decision`).set(bearer(fixture.pmId));
  if (proposed.status !== 200)
    throw new Error(`proposing the decision answered ${proposed.status}: ${JSON.stringify(proposed.body)}`);
  for (const agency of fixture.agencies) {
    const approved = await http
      .post(`/api/v1/calls/${fixture.callId}/funding-decision/approve`)
      .set(bearer(agency.officers[0].id))
      .send({});
    if (approved.status !== 200)
      throw new Error(
        `agency ${agency.regionCode} approving answered ${approved.status}: ${JSON.stringify(approved.body)}`,
      );
  }
  return fixture;
}

/**
 * The 30 days of V9 have passed for every result of the call: its decisions and consensuses are moved 31 days back
 * (a test on the real clock cannot wait for the redress windows that hold a decided call in DECIDED).
 */
export async function passRedressWindows(url: string, callId: string): Promise<void> {
  await queryRows(
    url,
    "UPDATE funding_decision SET decided_at = decided_at - interval '31 days' WHERE call_id = $1 AND decided_at IS NOT NULL",
    [callId],
  );
  await queryRows(
    url,
    `UPDATE proposal_evaluation SET consensus_at = consensus_at - interval '31 days'
      WHERE consensus_at IS NOT NULL AND proposal_id IN (SELECT id FROM proposal WHERE call_id = $1)`,
    [callId],
  );
}
