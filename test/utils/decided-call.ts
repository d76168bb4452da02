import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { rankedCallFixture, type RankedCallFixture } from './funding-fixtures';
import { tokenFor } from './proposal-fixtures';
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
