import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import type { AppProcess } from '../utils/app-process';
import { createApplicantOrganisation, createUser, openCallFixture, openPhaseInput } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { expectEventually } from '../utils/expect-eventually';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { eligibleProposal } from '../utils/review-fixtures';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment } from '../utils/test-environment';
import { startWorkerProcess, stopWorkerProcess } from '../utils/worker-process';

const DAY = 86_400_000;

/**
 * From eligible proposals to submitted reviews over HTTP with the real worker and Temporal: evaluators
 * build their profiles and sign the call's declaration, the programme manager starts the exact
 * assignment as a job, evaluators answer offers from their queues (a decline goes to the next best
 * evaluator), read only what they accepted, and submit complete reviews; the proposal is REVIEWED.
 */
describe('reviewer assignment and reviews over HTTP', () => {
  let app: INestApplication;
  let smtp: SmtpTestServer;
  let worker: AppProcess;
  let connection: Connection;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    worker = await startWorkerProcess(smtp.url);
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    connection = await Connection.connect({ address: testEnvironment().temporalAddress });
  }, 180_000);

  afterAll(async () => {
    await connection?.close();
    await app?.close();
    await stopWorkerProcess(worker);
    await smtp?.close();
  });

  async function evaluator(callId: string, pm: string, expertise: string[], country: string, maxLoad: number): Promise<{ id: string; token: string }> {
    const user = await createUser(url(), 'EVALUATOR');
    const token = tokenFor(user.id);
    const profile = await http().put('/api/v1/me/evaluator-profile').auth(token, { type: 'bearer' }).send({ expertise, country, maxLoad });
    expect([200, 201]).toContain(profile.status);
    expect((await http().put(`/api/v1/calls/${callId}/evaluators/${user.id}`).auth(pm, { type: 'bearer' })).status).toBe(201);
    const declaration = await http().get(`/api/v1/calls/${callId}/declaration`).auth(token, { type: 'bearer' });
    expect(declaration.status).toBe(200);
    const signed = await http().post(`/api/v1/calls/${callId}/declaration/sign`).auth(token, { type: 'bearer' }).send({ declarationHash: declaration.body.declarationHash });
    expect(signed.status).toBe(200);
    return { id: user.id, token };
  }

  it('assigns eligible proposals as a job, runs offers, declines and reviews through the queues, and marks the proposal REVIEWED', async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const pm = tokenFor(pmId);
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() - DAY),
      overrides: { reviewersPerProposal: 2 },
    });
    await queryRows(url(), "UPDATE joint_call SET state = 'ELIGIBILITY_CHECK' WHERE id = $1", [callId]);
    const input = await openPhaseInput(url(), callId, agencies);
    await new Client({ connection }).workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, { workflowId: WorkflowIds.call(callId), taskQueue: TaskQueues.main, args: [{ ...input, phase: 'ELIGIBILITY' }] });

    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const partners = [
      { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
      { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
    ];
    const robotics = await eligibleProposal(url(), callId, { acronym: 'ROBO', topic: 'robotics', keywords: ['ai', 'energy'], partners });
    const water = await eligibleProposal(url(), callId, { acronym: 'AQUA', topic: 'water', keywords: ['health', 'soil'], partners });

    const [roboExpert, roboSecond, waterExpert, waterSecond, generalist] = [
      await evaluator(callId, pm, ['robotics', 'AI', 'energy'], 'FR', 2),
      await evaluator(callId, pm, ['robotics', 'ai'], 'DE', 2),
      await evaluator(callId, pm, ['water', 'health', 'soil'], 'SI', 2),
      await evaluator(callId, pm, ['water', 'soil'], 'CH', 2),
      await evaluator(callId, pm, ['robotics', 'water'], 'AT', 2),
    ];

    // Before any offer the evaluator's queue is empty and the proposal invisible.
    expect((await http().get('/api/v1/me/review-queue').auth(roboExpert.token, { type: 'bearer' })).body.items).toEqual([]);
    expect((await http().get(`/api/v1/proposals/${robotics}`).auth(roboExpert.token, { type: 'bearer' })).status).toBe(404);

    const started = await http().post(`/api/v1/calls/${callId}/assignments/auto`).auth(pm, { type: 'bearer' }).send({});
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/api/v1/jobs/${started.body.id}`);
    // Only its starter sees the job; a second job while it runs is refused or it already finished.
    const otherPm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    expect((await http().get(`/api/v1/jobs/${started.body.id}`).auth(otherPm, { type: 'bearer' })).status).toBe(404);
    let job: { status: string; result: { assigned: number; uncoveredCount: number; totalAffinity: number; sameCountryPairs: number } } | undefined;
    await expectEventually(async () => {
      job = (await http().get(`/api/v1/jobs/${started.body.id}`).auth(pm, { type: 'bearer' })).body;
      expect(job!.status).toBe('SUCCEEDED');
    }, 60_000);
    expect(job!.result).toMatchObject({ assigned: 4, uncoveredCount: 0, sameCountryPairs: 0 });
    expect((await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state).toBe('IN_EVALUATION');
    const pairs = await queryRows<{ proposal_id: string; evaluator_id: string }>(url(), "SELECT proposal_id, evaluator_id FROM review_assignment WHERE call_id = $1 AND state = 'OFFERED'", [callId]);
    const offered = (proposalId: string) => pairs.filter((p) => p.proposal_id === proposalId).map((p) => p.evaluator_id).sort();
    // Optimal: each proposal gets its two specialists (affinity 100 and 66), not the generalist.
    expect(offered(robotics)).toEqual([roboExpert.id, roboSecond.id].sort());
    expect(offered(water)).toEqual([waterExpert.id, waterSecond.id].sort());

    // The expert sees the offer in its queue; it cannot open the proposal before accepting.
    const queue = (await http().get('/api/v1/me/review-queue').auth(roboExpert.token, { type: 'bearer' })).body.items as Array<{ id: string; proposalId: string; acronym: string; nextAction: string; reason: string }>;
    expect(queue).toEqual([expect.objectContaining({ proposalId: robotics, acronym: 'ROBO', nextAction: 'ANSWER_OFFER', reason: "affinity 100: shares 'robotics', 'ai', 'energy'" })]);
    const offerId = queue[0].id;
    // Someone else's assignment is invisible.
    expect((await http().post(`/api/v1/assignments/${offerId}/accept`).auth(waterExpert.token, { type: 'bearer' })).status).toBe(404);
    // An applicant has no review queue.
    expect((await http().get('/api/v1/me/review-queue').auth(tokenFor(coordinator.userId), { type: 'bearer' })).status).toBe(403);

    await expectEventually(async () => {
      const accepted = await http().post(`/api/v1/assignments/${offerId}/accept`).auth(roboExpert.token, { type: 'bearer' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.state).toBe('ACCEPTED');
    });
    expect((await http().post(`/api/v1/assignments/${offerId}/accept`).auth(roboExpert.token, { type: 'bearer' })).body.state).toBe('ACCEPTED');
    const read = await http().get(`/api/v1/proposals/${robotics}`).auth(roboExpert.token, { type: 'bearer' });
    expect(read.status).toBe(200);
    // Still nothing of the other proposal.
    expect((await http().get(`/api/v1/proposals/${water}`).auth(roboExpert.token, { type: 'bearer' })).status).toBe(404);

    // The second robotics evaluator declines (a reason is required): the generalist is offered it next.
    const secondOffer = (await http().get('/api/v1/me/review-queue').auth(roboSecond.token, { type: 'bearer' })).body.items[0] as { id: string };
    const noReason = await http().post(`/api/v1/assignments/${secondOffer.id}/decline`).auth(roboSecond.token, { type: 'bearer' }).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/);
    const declined = await http().post(`/api/v1/assignments/${secondOffer.id}/decline`).auth(roboSecond.token, { type: 'bearer' }).send({ reason: 'I co-authored with the coordinator last year' });
    expect(declined.status).toBe(200);
    expect(declined.body.state).toBe('DECLINED');
    let replacement: { id: string; origin: string } | undefined;
    await expectEventually(async () => {
      const items = (await http().get('/api/v1/me/review-queue').auth(generalist.token, { type: 'bearer' })).body.items as Array<{ id: string; proposalId: string; origin: string }>;
      replacement = items.find((i) => i.proposalId === robotics);
      expect(replacement).toBeDefined();
    });
    expect(replacement!.origin).toBe('REPLACEMENT');
    await expectEventually(async () => expect((await http().post(`/api/v1/assignments/${replacement!.id}/accept`).auth(generalist.token, { type: 'bearer' })).status).toBe(200));

    // Reviews: invalid scores are refused naming each field; an incomplete review cannot be submitted.
    const bad = await http()
      .put(`/api/v1/assignments/${offerId}/review`)
      .auth(roboExpert.token, { type: 'bearer' })
      .send({ scores: [{ criterion: 'Excellence', score: 4.3, comment: 'x' }, { criterion: 'Novelty', score: 3, comment: 'y' }] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['scores[0].score', 'SCORE_NOT_HALF_STEP'],
        ['scores[1].criterion', 'UNKNOWN_CRITERION'],
      ]),
    );
    const draft = await http().put(`/api/v1/assignments/${offerId}/review`).auth(roboExpert.token, { type: 'bearer' }).send({ scores: [{ criterion: 'Excellence', score: 4.5, comment: 'Strong.' }] });
    expect(draft.status).toBe(200);
    expect(draft.body.state).toBe('DRAFT');
    const incomplete = await http().post(`/api/v1/assignments/${offerId}/review/submit`).auth(roboExpert.token, { type: 'bearer' });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.code).toBe('REVIEW_INCOMPLETE');
    expect(incomplete.body.errors.length).toBeGreaterThanOrEqual(2);

    const complete = (excellence: number) => ({
      scores: [
        { criterion: 'Excellence', score: excellence, comment: 'Clear objectives.' },
        { criterion: 'Impact', score: 4, comment: 'Regional uptake planned.' },
        { criterion: 'Quality and efficiency of implementation', score: 3.5, comment: 'Work plan is tight.' },
      ],
    });
    for (const [who, assignmentId, excellence] of [
      [roboExpert, offerId, 4.5],
      [generalist, replacement!.id, 2],
    ] as const) {
      expect((await http().put(`/api/v1/assignments/${assignmentId}/review`).auth(who.token, { type: 'bearer' }).send(complete(excellence))).status).toBe(200);
      const submitted = await http().post(`/api/v1/assignments/${assignmentId}/review/submit`).auth(who.token, { type: 'bearer' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.state).toBe('SUBMITTED');
    }
    expect((await http().get(`/api/v1/assignments/${offerId}/review`).auth(roboExpert.token, { type: 'bearer' })).body.weightedTotal).toBe('12');
    // A submitted review is final.
    expect((await http().put(`/api/v1/assignments/${offerId}/review`).auth(roboExpert.token, { type: 'bearer' }).send(complete(5))).status).toBe(409);
    await expectEventually(async () => expect((await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [robotics]))[0].state).toBe('REVIEWED'));

    // The programme manager's view of the call's assignments, filtered.
    const list = await http().get(`/api/v1/calls/${callId}/assignments?proposalId=${robotics}`).auth(pm, { type: 'bearer' });
    expect(list.body.items.map((a: { state: string }) => a.state).sort()).toEqual(['DECLINED', 'REVIEW_SUBMITTED', 'REVIEW_SUBMITTED']);
    expect((await http().get(`/api/v1/calls/${callId}/assignments`).auth(roboExpert.token, { type: 'bearer' })).status).toBe(403);
    // Every step is audited.
    const actions = (await queryRows<{ action: string }>(url(), "SELECT action FROM audit_event WHERE entity_type = 'assignment' AND entity_id = $1 ORDER BY id", [offerId])).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['assignment.offered', 'assignment.accepted', 'review.draft-saved', 'assignment.review-submitted']));
  }, 180_000);
});
