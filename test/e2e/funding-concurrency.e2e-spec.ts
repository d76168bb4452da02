import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { terms } from '../utils/call-fixtures';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

type RegionHolding = {
  region_code: string;
  amount: string;
  flexibility: string;
  flexibility_usable: boolean;
  proposed_total: string;
  allocated_total: string;
  live: string;
};

/**
 * SPEC F2 through the real entry points: approvals, a promotion, grant withdrawals and commitment
 * changes (cuts and raises) fired at once against the same regions never overdraw one — every answer is
 * 200, 409 or 422, never 500 — and afterwards each region's totals equal its live ledger entries and stay
 * within its commitment (plus usable flexibility).
 */
describe('the funding decision under concurrent requests', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  const holdings = () =>
    queryRows<RegionHolding>(
      url(),
      `SELECT c.region_code, c.amount, c.flexibility, c.flexibility_usable, c.proposed_total, c.allocated_total,
              (SELECT COALESCE(sum(e.amount), 0) FROM budget_ledger_entry e WHERE e.commitment_id = c.id
                AND e.superseded_at IS NULL AND e.kind IN ('PROPOSED','ALLOCATED')) AS live
         FROM fund_commitment c JOIN joint_call j ON j.id = c.call_id WHERE j.id = $1 ORDER BY c.region_code`,
      [callId],
    );
  let callId = '';

  it('never overdraws a region while approvals, promotions, withdrawals and commitment changes race', async () => {
    const fixture = await rankedCallFixture(url(), ['A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    callId = fixture.callId;
    const pm = tokenFor(fixture.pmId);
    const [trento, upperAustria] = fixture.agencies;
    const officers = [tokenFor(trento.officers[0].id), tokenFor(upperAustria.officers[0].id)];
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [fixture.workflowInput],
    });

    // Round 1: the decision's proposal races cuts of both commitments.
    const cut = (i: number, amount: number) =>
      http()
        .put(`/api/v1/calls/${callId}/commitments/${fixture.agencies[i].id}`)
        .auth(officers[i], { type: 'bearer' })
        .send(terms(amount));
    const round1 = await Promise.all([
      http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' }),
      cut(0, 60_000),
      cut(1, 90_000),
      cut(0, 40_000),
      cut(1, 120_000),
    ]);
    const statuses = (responses: request.Response[]) => responses.map((r) => r.status);
    expect(statuses(round1).every((s) => [200, 409, 422].includes(s))).toBe(true);

    // Round 2: both approvals race more cuts and raises.
    const round2 = await Promise.all([
      http().post(`/api/v1/calls/${callId}/funding-decision/approve`).auth(officers[0], { type: 'bearer' }).send({}),
      http().post(`/api/v1/calls/${callId}/funding-decision/approve`).auth(officers[1], { type: 'bearer' }).send({}),
      cut(0, 10_000),
      cut(1, 10_000),
      cut(0, 150_000),
      cut(1, 150_000),
    ]);
    expect(statuses(round2).every((s) => [200, 409, 422].includes(s))).toBe(true);

    // Round 3 (after the decision): withdrawals of every grant race a promotion and more cuts.
    const grants = await queryRows<{ id: string; agency_id: string }>(
      url(),
      "SELECT id, agency_id FROM funding_grant WHERE call_id = $1 AND status = 'AWARDED'",
      [callId],
    );
    const round3 = await Promise.all([
      ...grants.map((g) =>
        http()
          .post(`/api/v1/grants/${g.id}/withdraw`)
          .auth(pm, { type: 'bearer' })
          .send({ reason: 'Concurrency check.' }),
      ),
      http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' }),
      cut(0, 20_000),
      cut(1, 200_000),
    ]);
    expect(statuses(round3).every((s) => [200, 409, 422].includes(s))).toBe(true);

    // The invariant (F2), whatever interleaving happened: totals equal the live entries and stay within the ceiling.
    for (const h of await holdings()) {
      const held = Number(h.proposed_total) + Number(h.allocated_total);
      expect(held).toBe(Number(h.live));
      expect(held).toBeLessThanOrEqual(Number(h.amount) + (h.flexibility_usable ? Number(h.flexibility) : 0));
    }
    // Cuts below what was held were refused with the A1 rule, never accepted.
    const refusedCuts = [...round1.slice(1), ...round2.slice(2), ...round3.slice(grants.length + 1)].filter(
      (r) => r.status === 422,
    );
    expect(
      refusedCuts.every((r) => (r.body.errors as Array<{ code: string }>).some((e) => e.code === 'BELOW_ALLOCATED')),
    ).toBe(true);
  }, 180_000);
});
