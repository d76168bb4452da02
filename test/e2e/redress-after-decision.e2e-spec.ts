import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * SPEC V9 after the decision: a proposal below threshold files a redress request, the programme manager
 * upholds it (re-opening the evaluation), it is re-evaluated by a fresh panel in the DECIDED call, its new
 * consensus puts it on the reserve list at its place, and the reserve-promotion path (F5) funds it once
 * budget is freed — with the regions' approval.
 */
describe('an upheld redress after the decision enters through reserve promotion', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`re-evaluates the proposal in the decided call, puts it on the reserve list, \
and promotes it when budget is freed`, async () => {
    const { callId, pmId, agencies, proposals, workflowInput } = await rankedCallFixture(url(), ['ONE', 'TWO']);
    const pm = tokenFor(pmId);
    const officers = agencies.map((a) => tokenFor(a.officers[0].id));
    // LOW: evaluated below threshold before the ranking was finalised (Quality 2 < 3).
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const low = await eligibleProposal(url(), callId, {
      acronym: 'LOW',
      topic: 'robotics',
      keywords: ['ai'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    await queryRows(url(), "UPDATE proposal SET state = 'BELOW_THRESHOLD' WHERE id = $1", [low]);
    const lowConsensus = [
      { criterion: 'Excellence', score: 4, comment: 'Fine.' },
      { criterion: 'Impact', score: 4, comment: 'Fine.' },
      {
        criterion: 'Quality and efficiency of implementation',
        score: 2,
        comment: 'The reviewers misread the work plan.',
      },
    ];
    await queryRows(
      url(),
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, consensus, consensus_by, consensus_at, outcome,
          weighted_total, unweighted_sum, reasons, flagged_for_discussion)
       VALUES ($1, 1, $2, $3, now(), 'BELOW_THRESHOLD', 10, 10, '[]', false)`,
      [low, JSON.stringify(lowConsensus), pmId],
    );
    await queryRows(
      url(),
      "UPDATE ranking_snapshot SET entries = entries || jsonb_build_array(jsonb_build_object('proposalId', " +
        "$2::text, 'rank', null)) WHERE call_id = $1",
      [callId, low],
    );
    const evaluators = [];
    for (const country of ['FR', 'DE', 'SI'])
      evaluators.push(await createPoolEvaluator(url(), callId, pmId, { expertise: ['robotics', 'ai'], country }));
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [workflowInput],
    });

    // The decision: ONE and TWO selected, LOW not funded (below threshold).
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
    const stateOf = async (id: string) =>
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [id]))[0].state;
    expect(await stateOf(low)).toBe('BELOW_THRESHOLD');

    // LOW's coordinator files redress; the programme manager upholds it, re-opening the evaluation.
    const filed = await http()
      .post(`/api/v1/proposals/${low}/redress`)
      .auth(tokenFor(coordinator.userId), { type: 'bearer' })
      .send({ grounds: 'The panel assessed an outdated work plan.' });
    expect(filed.status).toBe(201);
    const upheld = await http()
      .post(`/api/v1/redress/${filed.body.id}/outcome`)
      .auth(pm, { type: 'bearer' })
      .send({ outcome: 'UPHELD_REOPEN_EVALUATION', reason: 'Procedural error confirmed.' });
    expect(upheld.status).toBe(200);
    expect(
      await queryRows(
        url(),
        "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'proposal.redress-enters-reserve-path'",
        [low],
      ),
    ).toHaveLength(1);

    // A fresh panel is offered LOW at once, in the DECIDED call; they review it.
    await expectEventually(async () =>
      expect(
        await queryRows(url(), "SELECT 1 FROM review_assignment WHERE proposal_id = $1 AND state = 'OFFERED'", [low]),
      ).toHaveLength(3),
    );
    for (const evaluator of evaluators) {
      const token = tokenFor(evaluator.id);
      const item = (
        (await http().get('/api/v1/me/review-queue').auth(token, { type: 'bearer' })).body.items as Array<{
          id: string;
          proposalId: string;
        }>
      ).find((i) => i.proposalId === low)!;
      await expectEventually(async () =>
        expect(
          (await http().post(`/api/v1/assignments/${item.id}/accept`).auth(token, { type: 'bearer' }).send({})).status,
        ).toBe(200),
      );
      const scores = ['Excellence', 'Impact', 'Quality and efficiency of implementation'].map((criterion) => ({
        criterion,
        score: 4,
        comment: 'Re-assessed.',
      }));
      expect(
        (await http().put(`/api/v1/assignments/${item.id}/review`).auth(token, { type: 'bearer' }).send({ scores }))
          .status,
      ).toBe(200);
      expect(
        (await http().post(`/api/v1/assignments/${item.id}/review/submit`).auth(token, { type: 'bearer' })).status,
      ).toBe(200);
    }
    await expectEventually(async () => expect(await stateOf(low)).toBe('REVIEWED'));

    // The new consensus is above the thresholds: in the decided call LOW goes on the reserve list.
    const consensus = await http()
      .put(`/api/v1/proposals/${low}/consensus`)
      .auth(pm, { type: 'bearer' })
      .send({ scores: lowConsensus.map((c) => ({ ...c, score: 4, comment: 'Re-assessed by the new panel.' })) });
    expect(consensus.status).toBe(200);
    expect(await stateOf(low)).toBe('RESERVE');

    // Nothing is free yet; when TWO withdraws, LOW is promoted through F5 with the regions' approval.
    expect((await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' })).body.code).toBe(
      'NOTHING_TO_PROMOTE',
    );
    const withdrawn = await http()
      .post(`/api/v1/proposals/${proposals[1].id}/withdraw`)
      .auth(tokenFor(proposals[1].coordinator.userId), { type: 'bearer' })
      .send({ reason: 'Consortium dissolved.' });
    expect(withdrawn.status).toBe(200);
    const promotion = await http().post(`/api/v1/calls/${callId}/funding-decision`).auth(pm, { type: 'bearer' });
    expect(promotion.status).toBe(200);
    expect(
      promotion.body.entries.map((e: { proposalId: string; outcome: string }) => [e.proposalId, e.outcome]),
    ).toEqual([[low, 'SELECTED']]);
    for (const officer of officers)
      expect(
        (
          await http()
            .post(`/api/v1/calls/${callId}/funding-decision/approve`)
            .auth(officer, { type: 'bearer' })
            .send({})
        ).status,
      ).toBe(200);
    expect(await stateOf(low)).toBe('SELECTED');
    expect(
      await queryRows(url(), "SELECT 1 FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED'", [low]),
    ).toHaveLength(2);
  }, 180_000);
});
