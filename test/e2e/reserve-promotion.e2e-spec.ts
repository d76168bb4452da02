import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * SPEC F5 over HTTP with the real worker: after DECIDED a partner's grant is withdrawn before signature
 * (its agency, with a reason) and the freed budget goes to the next reserve proposal that now fits; the
 * agencies concerned approve the promotion; then the programme manager closes the reserve list.
 */
describe('reserve promotion and the reserve list over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`frees budget by withdrawing grants, promotes the next reserve proposal with the agencies’ \
approval, and closes the reserve list`, async () => {
    const { callId, pmId, agencies, proposals, workflowInput } = await rankedCallFixture(url(), [
      'ONE',
      'TWO',
      'THREE',
      'FOUR',
      'FIVE',
    ]);
    const pm = tokenFor(pmId);
    const [trento, upperAustria] = agencies;
    const officers = [tokenFor(trento.officers[0].id), tokenFor(upperAustria.officers[0].id)];
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [workflowInput],
    });
    expect((await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' })).status).toBe(
      200,
    );
    for (const officer of officers)
      expect(
        (
          await http()
            .post(`/api/v1/calls/${callId}/funding-decision/approve`)
            .auth(officer, { type: 'bearer' })
            .send({})
        ).status,
      ).toBe(200);
    const states = async () =>
      (
        await queryRows<{ acronym: string; state: string }>(
          url(),
          'SELECT acronym, state FROM proposal WHERE call_id = $1 ORDER BY acronym',
          [callId],
        )
      ).map((r) => `${r.acronym}:${r.state}`);
    expect(await states()).toEqual(['FIVE:RESERVE', 'FOUR:RESERVE', 'ONE:SELECTED', 'THREE:RESERVE', 'TWO:SELECTED']);

    // Nothing is free yet: a promotion has nothing to promote; the reserve list stays open meanwhile.
    const nothing = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(nothing.status).toBe(422);
    expect(nothing.body.code).toBe('NOTHING_TO_PROMOTE');

    // TWO's grants fail before signature: each agency withdraws its own (another agency's grant is invisible).
    const grantsOfTwo = await queryRows<{ id: string; agency_id: string }>(
      url(),
      'SELECT id, agency_id FROM funding_grant WHERE proposal_id = $1 ORDER BY region_code',
      [proposals[1].id],
    );
    const byAgency = (agencyId: string) => grantsOfTwo.find((g) => g.agency_id === agencyId)!.id;
    expect(
      (
        await http()
          .post(`/api/v1/grants/${byAgency(upperAustria.id)}/withdraw`)
          .auth(officers[0], { type: 'bearer' })
          .send({ reason: 'x' })
      ).status,
    ).toBe(404);
    for (const [i, agency] of [trento, upperAustria].entries()) {
      const withdrawn = await http()
        .post(`/api/v1/grants/${byAgency(agency.id)}/withdraw`)
        .auth(officers[i], { type: 'bearer' })
        .send({ reason: 'The partner declined the grant agreement.' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toEqual({ grantId: byAgency(agency.id), status: 'FAILED', freed: 50_000 });
    }
    expect(
      (
        await http()
          .post(`/api/v1/grants/${byAgency(trento.id)}/withdraw`)
          .auth(officers[0], { type: 'bearer' })
          .send({ reason: 'again' })
      ).status,
    ).toBe(409);
    const budget = async () =>
      (
        (await http().get(`/api/v1/calls/${callId}/budget`).auth(pm, { type: 'bearer' })).body.regions as Array<{
          regionCode: string;
          proposed: number;
          allocated: number;
        }>
      ).map((r) => [r.regionCode, r.proposed, r.allocated]);
    expect(await budget()).toEqual([
      ['AT31', 0, 50_000],
      ['ITH2', 0, 50_000],
    ]);
    expect(
      await queryRows(url(), "SELECT 1 FROM outbox_message WHERE kind = 'GRANT_WITHDRAWN' AND recipient_user_id = $1", [
        pmId,
      ]),
    ).toHaveLength(2);

    // The promotion: THREE (next in the ranking) now fits; FOUR does not. Both regions' agencies approve it.
    const promotion = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(promotion.status).toBe(200);
    expect(promotion.body.entries.map((e: { acronym: string; outcome: string }) => [e.acronym, e.outcome])).toEqual([
      ['THREE', 'SELECTED'],
    ]);
    expect(await budget()).toEqual([
      ['AT31', 50_000, 50_000],
      ['ITH2', 50_000, 50_000],
    ]);
    expect(
      (await http().post(`/api/v1/calls/${callId}/funding-decision/close-reserve`).auth(pm, { type: 'bearer' })).status,
    ).toBe(409);
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(officers[0], { type: 'bearer' })
          .send({})
      ).body,
    ).toMatchObject({ decisionStatus: 'PROPOSED' });
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/approve`)
          .auth(officers[1], { type: 'bearer' })
          .send({})
      ).body,
    ).toMatchObject({ decisionStatus: 'DECIDED' });
    expect(await states()).toEqual(['FIVE:RESERVE', 'FOUR:RESERVE', 'ONE:SELECTED', 'THREE:SELECTED', 'TWO:SELECTED']);
    expect(await budget()).toEqual([
      ['AT31', 0, 100_000],
      ['ITH2', 0, 100_000],
    ]);
    expect(
      await queryRows(url(), "SELECT 1 FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED'", [
        proposals[2].id,
      ]),
    ).toHaveLength(2);
    const promoted = await queryRows<{ body_text: string }>(
      url(),
      "SELECT body_text FROM outbox_message WHERE kind = 'FUNDING_DECISION_RESULT' AND recipient_user_id = $1 " +
        'ORDER BY created_at',
      [proposals[2].coordinator.userId],
    );
    expect(promoted.map((m) => m.body_text.includes('promoted from the reserve list'))).toEqual([false, true]);

    // ONE, funded, withdraws before any money moved: its grants fail, the budget goes to FOUR.
    const withdrawn = await http()
      .post(`/api/v1/proposals/${proposals[0].id}/withdraw`)
      .auth(tokenFor(proposals[0].coordinator.userId), { type: 'bearer' })
      .send({ reason: 'The coordinator was acquired.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ state: 'WITHDRAWN', freed: 100_000 });
    expect(
      await queryRows(url(), "SELECT 1 FROM funding_grant WHERE proposal_id = $1 AND status = 'FAILED'", [
        proposals[0].id,
      ]),
    ).toHaveLength(2);
    const second = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(second.body.entries.map((e: { acronym: string }) => e.acronym)).toEqual(['FOUR']);
    for (const officer of officers)
      expect(
        (
          await http()
            .post(`/api/v1/calls/${callId}/funding-decision/approve`)
            .auth(officer, { type: 'bearer' })
            .send({})
        ).status,
      ).toBe(200);
    expect(await states()).toEqual([
      'FIVE:RESERVE',
      'FOUR:SELECTED',
      'ONE:WITHDRAWN',
      'THREE:SELECTED',
      'TWO:SELECTED',
    ]);

    // The programme manager closes the reserve list: FIVE is NOT_FUNDED and told.
    const closed = await http()
      .post(`/api/v1/calls/${callId}/funding-decision/close-reserve`)
      .auth(pm, { type: 'bearer' });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual({ closed: 1 });
    expect(await states()).toEqual([
      'FIVE:NOT_FUNDED',
      'FOUR:SELECTED',
      'ONE:WITHDRAWN',
      'THREE:SELECTED',
      'TWO:SELECTED',
    ]);
    expect(
      (
        await queryRows<{ body_text: string }>(
          url(),
          'SELECT body_text FROM outbox_message ' +
            "WHERE kind = 'FUNDING_DECISION_RESULT' AND recipient_user_id = $1 ORDER BY created_at DESC LIMIT 1",
          [proposals[4].coordinator.userId],
        )
      )[0].body_text,
    ).toContain('reserve list is closed');
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/funding-decision/close-reserve`)
          .auth(officers[0], { type: 'bearer' })
      ).status,
    ).toBe(403);
  }, 180_000);
});
