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
 * within its commitment (plus usable flexibility). The work raced is also done: the decision is proposed and
 * approved, every grant withdrawn, every raise taken, and each accepted change recorded once.
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
    // Whatever the order, the decision is proposed and a raise is never refused.
    expect(round1[0].status).toBe(200);
    expect(round1[4].status).toBe(200);

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
    expect([round2[0].status, round2[1].status, round2[4].status, round2[5].status]).toEqual([200, 200, 200, 200]);
    expect([round2[0].body.decisionStatus, round2[1].body.decisionStatus]).toContain('DECIDED');

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
    // Two proposals fit both regions: four grants, each withdrawn once; the last raise is taken.
    expect(grants).toHaveLength(4);
    expect(statuses(round3.slice(0, grants.length))).toEqual(grants.map(() => 200));
    expect(round3[grants.length + 2].status).toBe(200);
    expect(
      await queryRows(url(), "SELECT 1 FROM funding_grant WHERE id = ANY($1) AND status = 'AWARDED'", [
        grants.map((g) => g.id),
      ]),
    ).toEqual([]);
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
    ).toBe('DECIDED');

    // The invariant (F2), whatever interleaving happened: totals equal the live entries and stay within the ceiling.
    for (const h of await holdings()) {
      const held = Number(h.proposed_total) + Number(h.allocated_total);
      expect(held).toBe(Number(h.live));
      expect(held).toBeLessThanOrEqual(Number(h.amount) + (h.flexibility_usable ? Number(h.flexibility) : 0));
    }
    // Each accepted change is in force once: the amount is the one accepted last, and each has one audit event.
    // Each round's cuts alternate Trento (0) and Upper Austria (1), with these amounts.
    const cutsOf = (responses: request.Response[], amounts: number[]) =>
      responses.map((r, i) => ({ status: r.status, amount: amounts[i], agency: i % 2 }));
    const rounds = [
      cutsOf(round1.slice(1), [60_000, 90_000, 40_000, 120_000]),
      cutsOf(round2.slice(2), [10_000, 10_000, 150_000, 150_000]),
      cutsOf(round3.slice(grants.length + 1), [20_000, 200_000]),
    ];
    const accepted = rounds.flat().filter((c) => c.status === 200);
    const changed = await queryRows<{ n: string }>(
      url(),
      "SELECT count(*) AS n FROM audit_event WHERE action = 'commitment.changed-after-alignment' AND entity_id LIKE $1",
      [`${callId}:%`],
    );
    expect(Number(changed[0].n)).toBe(accepted.length);
    const amounts = Object.fromEntries((await holdings()).map((h) => [h.region_code, Number(h.amount)]));
    expect(amounts.AT31).toBe(200_000);
    const lastRoundOfTrento = rounds.findLast((r) => r.some((c) => c.agency === 0 && c.status === 200));
    expect(
      lastRoundOfTrento?.filter((c) => c.agency === 0 && c.status === 200).map((c) => c.amount) ?? [100_000],
    ).toContain(amounts.ITH2);
    // Cuts below what was held were refused with the A1 rule, never accepted.
    const refusedCuts = [...round1.slice(1), ...round2.slice(2), ...round3.slice(grants.length + 1)].filter(
      (r) => r.status === 422,
    );
    expect(
      refusedCuts.every((r) => (r.body.errors as Array<{ code: string }>).some((e) => e.code === 'BELOW_ALLOCATED')),
    ).toBe(true);
  }, 180_000);
});
