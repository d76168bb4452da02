import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * Holds back the worker's relay for the project workflows (their outbox rows are written leased for an hour), so that
 * a test can take their start away. The returned function lets go.
 */
async function holdProjectStarts(url: string): Promise<() => Promise<void>> {
  await queryRows(
    url,
    `CREATE OR REPLACE FUNCTION test_hold_missing_project() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW.locked_until := clock_timestamp() + interval '1 hour'; RETURN NEW; END $$`,
  );
  await queryRows(
    url,
    `CREATE TRIGGER test_hold_missing_project BEFORE INSERT ON workflow_signal_outbox FOR EACH ROW
       WHEN (NEW.workflow_id LIKE 'project-%') EXECUTE FUNCTION test_hold_missing_project()`,
  );
  return async () => {
    await queryRows(url, 'DROP TRIGGER IF EXISTS test_hold_missing_project ON workflow_signal_outbox');
    await queryRows(url, 'DROP FUNCTION IF EXISTS test_hold_missing_project()');
    await queryRows(url, 'UPDATE workflow_signal_outbox SET locked_until = NULL WHERE sent_at IS NULL');
  };
}

/**
 * A client that sends again an answer whose response it lost learns that its answer counted; an update to a project
 * whose workflow is missing is an engine fault the client is told to retry (503), never a bare 500.
 */
describe('retried answers and missing workflows', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`an agency approving again a decision it approved — after the last approval made the call DECIDED — is told \
ALREADY_ANSWERED with the decision and its answer; a project whose workflow is missing answers 503 \
WORKFLOW_UNAVAILABLE with Retry-After`, async () => {
    let release: (() => Promise<void>) | undefined;
    try {
      const fixture = await decidedCallOverHttp(env(), url(), undefined, async () => {
        release = await holdProjectStarts(url());
      });
      const [first, last] = fixture.agencies;
      const [decision] = await queryRows<{ id: string; status: string }>(
        url(),
        'SELECT id, status FROM funding_decision WHERE call_id = $1 ORDER BY revision DESC LIMIT 1',
        [fixture.callId],
      );
      expect(decision.status).toBe('APPROVED');

      // Both approvals landed (the second moved the call to DECIDED); each agency's retry is told its answer counted.
      const retries = [];
      for (const agency of [first, last]) {
        const again = await http()
          .post(`/api/v1/calls/${fixture.callId}/funding-decision/approve`)
          .auth(tokenFor(agency.officers[0].id), { type: 'bearer' })
          .send({});
        retries.push({ status: again.status, code: again.body.code as unknown, params: again.body.params as unknown });
      }
      // An objection the agency never made is not "already answered": the call's state refuses it, as before.
      const objection = await http()
        .post(`/api/v1/calls/${fixture.callId}/funding-decision/object`)
        .auth(tokenFor(first.officers[0].id), { type: 'bearer' })
        .send({ reason: 'Too late to object.' });

      // A project whose start was lost (nothing in the outbox, no workflow) while it is ACTIVE.
      const pm = tokenFor(fixture.pmId);
      const projects = await http().get(`/api/v1/calls/${fixture.callId}/projects`).auth(pm, { type: 'bearer' });
      const projectId = (projects.body.items as Array<{ id: string }>)[0].id;
      await queryRows(url(), 'DELETE FROM workflow_signal_outbox WHERE workflow_id = $1 AND sent_at IS NULL', [
        WorkflowIds.project(projectId),
      ]);
      const suspended = await http()
        .post(`/api/v1/projects/${projectId}/suspend`)
        .auth(pm, { type: 'bearer' })
        .send({ reason: 'Checking the consortium.' });
      expect({
        retries,
        objection: [objection.status, objection.body.code],
        suspended: {
          status: suspended.status,
          code: suspended.body.code,
          params: suspended.body.params,
          retryAfter: suspended.headers['retry-after'],
          type: suspended.headers['content-type'],
        },
      }).toEqual({
        retries: [first, last].map((agency) => ({
          status: 409,
          code: 'ALREADY_ANSWERED',
          params: {
            decisionId: decision.id,
            agencyId: agency.id,
            answer: 'APPROVED',
            answeredAt: expect.any(String),
            decisionStatus: 'APPROVED',
          },
        })),
        objection: [409, 'CALL_STATE_CONFLICT'],
        suspended: {
          status: 503,
          code: 'WORKFLOW_UNAVAILABLE',
          params: { retryAfterSeconds: 30 },
          retryAfter: '30',
          type: expect.stringContaining('application/problem+json'),
        },
      });
      const [project] = await queryRows<{ state: string }>(url(), 'SELECT state FROM project WHERE id = $1', [
        projectId,
      ]);
      expect(project.state).toBe('ACTIVE');
    } finally {
      await release?.();
    }
  }, 180_000);
});
