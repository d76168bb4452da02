import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, callStateQuery, TaskQueues, WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation, createUser, openCallFixture, openPhaseInput } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { buildProposal, tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const DAY = 86_400_000;

/**
 * A two-stage call over HTTP with the real worker (SPEC §4, V7): pre-proposals are reviewed on the
 * stage-1 criteria, the consensus ranks them, the finalised stage-1 ranking invites consortia down the
 * ranking until their requested funding would pass 3 × the committed budget, stage 2 opens, and the
 * invited consortia — only they, once each, with the same coordinator — submit full proposals whose
 * partner changes are flagged.
 */
describe('a two-stage call over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  /**
   * A two-stage call in ELIGIBILITY_CHECK of stage 1 (closed yesterday), stage 2 due in 30 days; 500.00 EUR committed
   * per region.
   */
  async function twoStageCall(pmId: string) {
    const now = Date.now();
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(now - DAY),
      overrides: { reviewersPerProposal: 1 },
    });
    const stage2 = {
      submissionDeadline: new Date(now + 30 * DAY).toISOString(),
      eligibilityDeadline: new Date(now + 40 * DAY).toISOString(),
      reviewDeadline: new Date(now + 60 * DAY).toISOString(),
    };
    await queryRows(
      url(),
      `UPDATE joint_call SET stages = 2, state = 'ELIGIBILITY_CHECK',
              configuration = jsonb_set(
                jsonb_set(
                  jsonb_set(jsonb_set(configuration, '{stages}', '2'), '{timeline,stages,1}', $2::jsonb),
                  '{stage1Criteria}',
                  '[{"name":"Excellence","weight":1,"threshold":4},{"name":"Impact","weight":1,"threshold":4}]'),
                '{stage1OverallThreshold}', '8'),
              decision_deadline = $3
        WHERE id = $1`,
      [callId, JSON.stringify(stage2), new Date(now + 90 * DAY).toISOString()],
    );
    await queryRows(
      url(),
      "UPDATE joint_call SET configuration = jsonb_set(configuration, '{timeline,decisionDeadline}', " +
        'to_jsonb($2::text)) WHERE id = $1',
      [callId, new Date(now + 90 * DAY).toISOString()],
    );
    await queryRows(
      url(),
      'INSERT INTO call_stage (call_id, stage_no, submission_deadline, eligibility_deadline, review_deadline) ' +
        'VALUES ($1, 2, $2, $3, $4)',
      [callId, stage2.submissionDeadline, stage2.eligibilityDeadline, stage2.reviewDeadline],
    );
    await queryRows(url(), "UPDATE fund_commitment SET amount = 50000, currency = 'EUR' WHERE call_id = $1", [callId]);
    const input = await openPhaseInput(url(), callId, agencies);
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [{ ...input, phase: 'ELIGIBILITY' }],
    });
    return callId;
  }

  it(`ranks pre-proposals, invites down the ranking up to 3 × the budget, \
opens stage 2 for the invited consortia only`, async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const pm = tokenFor(pmId);
    const callId = await twoStageCall(pmId);

    // Five pre-proposals, each requesting 500.00 + 500.00 EUR (two funded partners).
    const pre: Array<{ id: string; coordinator: { organisationId: string; userId: string } }> = [];
    for (const acronym of ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO']) {
      const coordinator = await createApplicantOrganisation(url(), 'ITH2');
      const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
      const id = await eligibleProposal(url(), callId, {
        acronym,
        topic: 'robotics',
        keywords: ['ai'],
        partners: [
          { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
          { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
        ],
      });
      pre.push({ id, coordinator });
    }
    const evaluators = [];
    for (let i = 0; i < 3; i += 1)
      evaluators.push(
        await createPoolEvaluator(url(), callId, pmId, {
          expertise: ['robotics', 'ai'],
          country: ['FR', 'DE', 'SI'][i],
          maxLoad: 2,
        }),
      );

    const job = await http()
      .post(`/api/v1/calls/${callId}/assignments/auto`)
      .auth(pm, { type: 'bearer' })
      .send({ stageNo: 1 });
    expect(job.status).toBe(202);
    await expectEventually(
      async () =>
        expect((await http().get(`/api/v1/jobs/${job.body.id}`).auth(pm, { type: 'bearer' })).body.status).toBe(
          'SUCCEEDED',
        ),
      60_000,
    );

    // Each evaluator accepts and reviews on the stage-1 criteria only (Excellence, Impact).
    for (const evaluator of evaluators) {
      const token = tokenFor(evaluator.id);
      const items = (await http().get('/api/v1/me/review-queue').auth(token, { type: 'bearer' })).body.items as Array<{
        id: string;
      }>;
      for (const item of items) {
        await expectEventually(async () =>
          expect(
            (await http().post(`/api/v1/assignments/${item.id}/accept`).auth(token, { type: 'bearer' })).status,
          ).toBe(200),
        );
        const wrongStage = await http()
          .put(`/api/v1/assignments/${item.id}/review`)
          .auth(token, { type: 'bearer' })
          .send({
            scores: [
              { criterion: 'Quality and efficiency of implementation', score: 3, comment: 'Not a stage-1 criterion.' },
            ],
          });
        expect(wrongStage.status).toBe(422);
        const scores = [
          { criterion: 'Excellence', score: 4.5, comment: 'Good idea.' },
          { criterion: 'Impact', score: 4.5, comment: 'Good reach.' },
        ];
        expect(
          (await http().put(`/api/v1/assignments/${item.id}/review`).auth(token, { type: 'bearer' }).send({ scores }))
            .status,
        ).toBe(200);
        expect(
          (await http().post(`/api/v1/assignments/${item.id}/review/submit`).auth(token, { type: 'bearer' })).status,
        ).toBe(200);
      }
    }
    await expectEventually(async () => {
      const states = await queryRows<{ state: string }>(
        url(),
        'SELECT state FROM proposal WHERE call_id = $1 AND stage_no = 1',
        [callId],
      );
      expect(states.map((s) => s.state)).toEqual(['REVIEWED', 'REVIEWED', 'REVIEWED', 'REVIEWED', 'REVIEWED']);
    });

    // Finalising before every consensus is recorded is refused, naming the proposals.
    const early = await http().post(`/api/v1/calls/${callId}/ranking/finalise`).auth(pm, { type: 'bearer' });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('RANKING_INCOMPLETE');
    expect(early.body.errors).toHaveLength(5);

    // Consensus: ALPHA > BRAVO > CHARLIE > DELTA above threshold (4 each), ECHO below (Impact 3.5 < 4).
    const consensus: Array<[number, number, number]> = [
      [0, 5, 5],
      [1, 5, 4.5],
      [2, 4.5, 4.5],
      [3, 4, 4.5],
      [4, 5, 3.5],
    ];
    for (const [i, excellence, impact] of consensus) {
      const res = await http()
        .put(`/api/v1/proposals/${pre[i].id}/consensus`)
        .auth(pm, { type: 'bearer' })
        .send({
          stageNo: 1,
          scores: [
            { criterion: 'Excellence', score: excellence, comment: 'Consensus.' },
            { criterion: 'Impact', score: impact, comment: 'Consensus.' },
          ],
        });
      expect(res.status).toBe(200);
    }
    const ranking = await http().get(`/api/v1/calls/${callId}/ranking?stageNo=1`).auth(pm, { type: 'bearer' });
    expect(ranking.status).toBe(200);
    const ranked = (ranking.body.entries ?? ranking.body.items) as Array<{ proposalId: string; rank: number | null }>;
    expect(ranked.map((e) => [e.proposalId, e.rank])).toEqual([
      [pre[0].id, 1],
      [pre[1].id, 2],
      [pre[2].id, 3],
      [pre[3].id, 4],
      [pre[4].id, null],
    ]);

    // Committed 1 000.00 EUR × 3 = 3 000.00: ALPHA, BRAVO, CHARLIE (1 000.00 each) fit; DELTA would pass the cap.
    const finalised = await http().post(`/api/v1/calls/${callId}/ranking/finalise`).auth(pm, { type: 'bearer' });
    expect(finalised.status).toBe(200);
    expect(finalised.body).toEqual({ stageNo: 1, ranked: 4, belowThreshold: 1, invited: 3, state: 'OPEN' });
    const invitations = await http().get(`/api/v1/calls/${callId}/stage-two-invitations`).auth(pm, { type: 'bearer' });
    expect(
      invitations.body.map((i: { preProposalId: string; rank: number; requestedFundingEur: number }) => [
        i.preProposalId,
        i.rank,
        i.requestedFundingEur,
      ]),
    ).toEqual([
      [pre[0].id, 1, 100_000],
      [pre[1].id, 2, 100_000],
      [pre[2].id, 3, 100_000],
    ]);
    const call = await queryRows<{ state: string; current_stage: number }>(
      url(),
      'SELECT state, current_stage FROM joint_call WHERE id = $1',
      [callId],
    );
    expect(call[0]).toEqual({ state: 'OPEN', current_stage: 2 });
    const snapshot = await queryRows<{ entries: Array<{ proposalId: string; reviewerScores?: unknown }> }>(
      url(),
      'SELECT entries FROM ranking_snapshot WHERE call_id = $1 AND stage_no = 1',
      [callId],
    );
    expect(snapshot[0].entries).toHaveLength(5);
    expect(snapshot[0].entries.every((e) => e.reviewerScores === undefined)).toBe(true);
    // Every consortium hears its stage-1 result; the workflow runs stage 2's submission phase.
    for (const p of pre) {
      const mail = await queryRows<{ body: string }>(
        url(),
        "SELECT body_text AS body FROM outbox_message WHERE kind = 'STAGE_ONE_RESULT' AND recipient_user_id = $1",
        [p.coordinator.userId],
      );
      expect(mail).toHaveLength(1);
    }
    expect(
      (
        await queryRows<{ body: string }>(
          url(),
          "SELECT body_text AS body FROM outbox_message WHERE kind = 'STAGE_ONE_RESULT' AND recipient_user_id = $1",
          [pre[3].coordinator.userId],
        )
      )[0].body,
    ).toMatch(/not invited/);
    await expectEventually(async () => {
      const view = await env().client.workflow.getHandle(WorkflowIds.call(callId)).query(callStateQuery);
      expect(view.phase).toBe('OPEN');
      expect(view.state?.stageNo).toBe(2);
    });
    // A second finalisation is refused: the call is no longer in evaluation.
    expect((await http().post(`/api/v1/calls/${callId}/ranking/finalise`).auth(pm, { type: 'bearer' })).status).toBe(
      409,
    );

    // Stage 2: only invited consortia, once, with their coordinator.
    const notInvited = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(tokenFor(pre[3].coordinator.userId), { type: 'bearer' })
      .send({ acronym: 'DELTA2', title: 'Full', preProposalId: pre[3].id });
    expect(notInvited.status).toBe(422);
    expect(notInvited.body.code).toBe('NOT_INVITED');
    const noPre = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(tokenFor(pre[0].coordinator.userId), { type: 'bearer' })
      .send({ acronym: 'ALPHA2', title: 'Full' });
    expect(noPre.body.code).toBe('PRE_PROPOSAL_REQUIRED');
    const othersPre = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(tokenFor(pre[1].coordinator.userId), { type: 'bearer' })
      .send({ acronym: 'X', title: 'Full', preProposalId: pre[0].id });
    expect(othersPre.body.code).toBe('NOT_INVITED');

    const full = await buildProposal(env().app, callId, 'ITH2', 'AT31', 'UNIVERSITY', {
      coordinator: pre[0].coordinator,
      preProposalId: pre[0].id,
    });
    const again = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(full.coord, { type: 'bearer' })
      .send({ acronym: 'ALPHA3', title: 'Full', preProposalId: pre[0].id });
    expect(again.status).toBe(409);
    const submitted = await http()
      .post(`/api/v1/proposals/${full.id}/submit`)
      .auth(full.coord, { type: 'bearer' })
      .send({ draftRevision: full.revision });
    expect(submitted.status).toBe(201);
    const view = await http().get(`/api/v1/proposals/${full.id}`).auth(full.coord, { type: 'bearer' });
    expect(view.body).toMatchObject({ stage: 2, preProposalId: pre[0].id, state: 'SUBMITTED' });
    // The pre-proposal's partner left, two organisations joined: flagged, not refused.
    const [preAt31] = await queryRows<{ organisation_id: string }>(
      url(),
      "SELECT v.content->'partners'->1->>'organisationId' AS organisation_id FROM proposal_version v " +
        'WHERE v.proposal_id = $1',
      [pre[0].id],
    );
    expect(view.body.consortiumChanges).toEqual(
      expect.arrayContaining([
        { code: 'PARTNER_REMOVED', organisationId: preAt31.organisation_id },
        { code: 'PARTNER_ADDED', organisationId: full.partnerA.organisationId },
        { code: 'PARTNER_ADDED', organisationId: full.partnerB.organisationId },
      ]),
    );
    const listed = await http().get(`/api/v1/calls/${callId}/stage-two-invitations`).auth(pm, { type: 'bearer' });
    expect(listed.body[0].fullProposalId).toBe(full.id);
  }, 180_000);
});
