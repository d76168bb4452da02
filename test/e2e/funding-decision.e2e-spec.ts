import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { terms } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * From a ranked call to DECIDED over HTTP with the real worker (SPEC F1–F4): the programme manager
 * proposes the decision (the ledger holds the amounts as proposed), one agency objects, the decision is
 * revised and every agency approves — one with conditions — and then grants and instalments exist per
 * funded partner, the ledger is allocated and the applicants have their outcome with the evaluation
 * summary. Agencies answer only for their own region; applicants see none of it.
 */
describe('the funding decision over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`proposes, takes an objection, is revised, approved by every region, \
and creates grants and instalments`, async () => {
    const { callId, pmId, agencies, proposals, workflowInput } = await rankedCallFixture(url());
    const pm = tokenFor(pmId);
    const [trento, upperAustria] = agencies;
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [workflowInput],
    });

    const trentoOfficer = tokenFor(trento.officers[0].id);
    const austriaOfficer = tokenFor(upperAustria.officers[0].id);
    const applicant = tokenFor(proposals[0].coordinator.userId);

    // F1: ONE and TWO fit both regions; THREE is a gap (RESERVE with its shortfalls). The amounts are held as proposed.
    const proposed = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(proposed.status).toBe(200);
    expect(proposed.body).toMatchObject({ revision: 1, status: 'PROPOSED' });
    expect(proposed.body.entries.map((e: { acronym: string; outcome: string }) => [e.acronym, e.outcome])).toEqual([
      ['ONE', 'SELECTED'],
      ['TWO', 'SELECTED'],
      ['THREE', 'RESERVE'],
    ]);
    expect(proposed.body.entries[2].reasons.shortfalls).toEqual([
      expect.objectContaining({ regionCode: 'AT31', shortfall: 50_000 }),
      expect.objectContaining({ regionCode: 'ITH2', shortfall: 50_000 }),
    ]);
    const budget = async () =>
      (await http().get(`/api/v1/calls/${callId}/budget`).auth(pm, { type: 'bearer' })).body.regions as Array<{
        regionCode: string;
        proposed: number;
        allocated: number;
      }>;
    expect((await budget()).map((r) => [r.regionCode, r.proposed, r.allocated])).toEqual([
      ['AT31', 100_000, 0],
      ['ITH2', 100_000, 0],
    ]);

    // Agencies see each proposal's request per region, never partner-level amounts (SPEC §2); the PM sees them.
    expect(proposed.body.entries[0].amounts[0].partners).toHaveLength(1);
    const officerView = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(trentoOfficer, { type: 'bearer' });
    expect(officerView.status).toBe(200);
    expect(
      officerView.body.entries[0].amounts.map((a: { regionCode: string; amount: number; partners?: unknown }) => [
        a.regionCode,
        a.amount,
        a.partners,
      ]),
    ).toEqual([
      ['AT31', 50_000, undefined],
      ['ITH2', 50_000, undefined],
    ]);
    expect(officerView.body.summary).toBeUndefined();

    // Applicants see none of it; an officer answers only for its own agency.
    expect(
      (await http().get(`/api/v1/calls/${callId}/funding-decision`).auth(applicant, { type: 'bearer' })).status,
    ).toBe(404);
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(applicant, { type: 'bearer' })
          .send({})
      ).status,
    ).toBe(403);
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(trentoOfficer, { type: 'bearer' })
          .send({ agencyId: upperAustria.id })
      ).status,
    ).toBe(404);

    // Upper Austria objects: the decision goes back to the programme manager; approvals wait for the revision.
    const noReason = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/object`)
      .auth(austriaOfficer, { type: 'bearer' })
      .send({});
    expect(noReason.status).toBe(400);
    const objected = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/object`)
      .auth(austriaOfficer, { type: 'bearer' })
      .send({ reason: 'Our board caps one partner per project.' });
    expect(objected.status).toBe(200);
    expect(objected.body).toMatchObject({ agencyId: upperAustria.id, answer: 'OBJECTED', decisionStatus: 'RETURNED' });
    expect(
      await queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'FUNDING_DECISION_OBJECTED' AND recipient_user_id = $1",
        [pmId],
      ),
    ).toHaveLength(1);
    const tooEarly = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/approve`)
      .auth(trentoOfficer, { type: 'bearer' })
      .send({});
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('DECISION_RETURNED');

    // The revision replaces the proposed entries (nothing is held twice) and the agencies answer again.
    const revised = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ revision: 2, status: 'PROPOSED', approvals: [] });
    expect((await budget()).map((r) => [r.regionCode, r.proposed])).toEqual([
      ['AT31', 100_000],
      ['ITH2', 100_000],
    ]);
    const conditional = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/approve`)
      .auth(trentoOfficer, { type: 'bearer' })
      .send({ conditions: 'Signature of the regional grant agreement within 60 days.' });
    expect(conditional.body).toMatchObject({ answer: 'APPROVED', decisionStatus: 'PROPOSED' });
    const last = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/approve`)
      .auth(austriaOfficer, { type: 'bearer' })
      .send({});
    expect(last.body).toMatchObject({ answer: 'APPROVED', decisionStatus: 'DECIDED' });

    // DECIDED: allocated, not proposed; proposals marked; a grant per funded partner with 30/40/30 instalments.
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
    ).toBe('DECIDED');
    expect((await budget()).map((r) => [r.regionCode, r.proposed, r.allocated])).toEqual([
      ['AT31', 0, 100_000],
      ['ITH2', 0, 100_000],
    ]);
    const states = await queryRows<{ acronym: string; state: string }>(
      url(),
      'SELECT acronym, state FROM proposal WHERE call_id = $1 ORDER BY acronym',
      [callId],
    );
    expect(states).toEqual([
      { acronym: 'ONE', state: 'SELECTED' },
      { acronym: 'THREE', state: 'RESERVE' },
      { acronym: 'TWO', state: 'SELECTED' },
    ]);
    const grants = await queryRows<{
      id: string;
      proposal_id: string;
      agency_id: string;
      amount: string;
      conditions: string | null;
      project_start: Date;
    }>(
      url(),
      'SELECT id, proposal_id, agency_id, amount, conditions, project_start FROM funding_grant ' +
        'WHERE call_id = $1 ORDER BY proposal_id, region_code',
      [callId],
    );
    expect(grants).toHaveLength(4);
    expect(grants.every((g) => Number(g.amount) === 50_000)).toBe(true);
    expect(
      grants
        .filter((g) => g.agency_id === trento.id)
        .every((g) => g.conditions === 'Signature of the regional grant agreement within 60 days.'),
    ).toBe(true);
    for (const grant of grants) {
      const instalments = await queryRows<{ trigger: string; share_bps: number; amount: string; status: string }>(
        url(),
        'SELECT trigger, share_bps, amount, status FROM instalment WHERE grant_id = $1 ORDER BY seq',
        [grant.id],
      );
      expect(instalments.map((i) => [i.trigger, i.share_bps, Number(i.amount), i.status])).toEqual([
        ['CONSORTIUM_AGREEMENT_ACCEPTED', 3000, 15_000, 'SCHEDULED'],
        ['MILESTONE', 4000, 20_000, 'SCHEDULED'],
        ['FINAL_REPORT', 3000, 15_000, 'SCHEDULED'],
      ]);
    }
    // Applicants are told, with the evaluation summary (consensus per criterion, no identities).
    const told = await queryRows<{ body_text: string }>(
      url(),
      "SELECT body_text FROM outbox_message WHERE kind = 'FUNDING_DECISION_RESULT' AND recipient_user_id = $1",
      [proposals[0].coordinator.userId],
    );
    expect(told).toHaveLength(1);
    expect(told[0].body_text).toContain(
      'approved with conditions: Signature of the regional grant agreement within 60 days.',
    );
    expect(told[0].body_text).toContain('Excellence: 4 / 5 — Excellence is convincing.');
    const reserveTold = await queryRows<{ body_text: string }>(
      url(),
      "SELECT body_text FROM outbox_message WHERE kind = 'FUNDING_DECISION_RESULT' AND recipient_user_id = $1",
      [proposals[2].coordinator.userId],
    );
    expect(reserveTold[0].body_text).toContain('reserve list');
    // The result sent opens each proposal's redress window (V9): every told proposal's workflow reads its facts.
    const woken = await queryRows<{ workflow_id: string }>(
      url(),
      "SELECT workflow_id FROM workflow_signal_outbox WHERE dedupe_key LIKE 'proposal-changed:%:result-sent:%' " +
        'AND workflow_id = ANY($1) ORDER BY workflow_id',
      [proposals.map((p) => WorkflowIds.proposal(p.id))],
    );
    expect(woken.map((w) => w.workflow_id)).toEqual(proposals.map((p) => WorkflowIds.proposal(p.id)).sort());

    // F3 what-if: 500.00 more in each region funds THREE.
    const whatIf = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/what-if`)
      .auth(trentoOfficer, { type: 'bearer' })
      .send({ changes: [] });
    expect(whatIf.status).toBe(200);
    expect(whatIf.body.topUps).toEqual([expect.objectContaining({ proposalId: proposals[2].id })]);
    expect(whatIf.body.topUps[0].topUps).toEqual([
      expect.objectContaining({ regionCode: 'AT31', amount: 50_000 }),
      expect.objectContaining({ regionCode: 'ITH2', amount: 50_000 }),
    ]);

    // A1: a commitment cut below what is allocated is refused (the ledger's CHECK backs the rule).
    const cut = await http()
      .put(`/api/v1/calls/${callId}/commitments/${trento.id}`)
      .auth(trentoOfficer, { type: 'bearer' })
      .send({ ...terms(90_000), currency: 'EUR' });
    expect(cut.status).toBe(422);
    expect(cut.body.errors).toEqual([expect.objectContaining({ code: 'BELOW_ALLOCATED' })]);
    await expectEventually(async () =>
      expect(
        (
          await queryRows(
            url(),
            "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'funding-decision.decided'",
            [callId],
          )
        ).length,
      ).toBe(1),
    );
  }, 180_000);
});
