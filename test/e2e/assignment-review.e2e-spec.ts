import { Workbook } from 'exceljs';
import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import { createApplicantOrganisation, createUser, openCallFixture, openPhaseInput } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const DAY = 86_400_000;

/**
 * From eligible proposals to submitted reviews over HTTP with the real worker and Temporal: evaluators
 * build their profiles and sign the call's declaration, the programme manager starts the exact
 * assignment as a job, evaluators answer offers from their queues (a decline goes to the next best
 * evaluator), read only what they accepted, and submit complete reviews; the proposal is REVIEWED.
 */
describe('reviewer assignment and reviews over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  async function evaluator(
    callId: string,
    pm: string,
    expertise: string[],
    country: string,
    maxLoad: number,
  ): Promise<{ id: string; token: string }> {
    const user = await createUser(url(), 'EVALUATOR');
    const token = tokenFor(user.id);
    const profile = await http()
      .put('/api/v1/me/evaluator-profile')
      .auth(token, { type: 'bearer' })
      .send({ expertise, country, maxLoad });
    expect([200, 201]).toContain(profile.status);
    expect(
      (await http().put(`/api/v1/calls/${callId}/evaluators/${user.id}`).auth(pm, { type: 'bearer' })).status,
    ).toBe(201);
    const declaration = await http().get(`/api/v1/calls/${callId}/declaration`).auth(token, { type: 'bearer' });
    expect(declaration.status).toBe(200);
    const signed = await http()
      .post(`/api/v1/calls/${callId}/declaration/sign`)
      .auth(token, { type: 'bearer' })
      .send({ declarationHash: declaration.body.declarationHash });
    expect(signed.status).toBe(200);
    return { id: user.id, token };
  }

  it(`assigns eligible proposals as a job, runs offers, declines and reviews through the queues; \
a rapporteur records consensus; the ranking and its exports follow V7–V8`, async () => {
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
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [{ ...input, phase: 'ELIGIBILITY' }],
    });

    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const partners = [
      { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
      { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
    ];
    const robotics = await eligibleProposal(url(), callId, {
      acronym: 'ROBO',
      topic: 'robotics',
      keywords: ['ai', 'energy'],
      partners,
    });
    const water = await eligibleProposal(url(), callId, {
      acronym: 'AQUA',
      topic: 'water',
      keywords: ['health', 'soil'],
      partners,
    });
    const grid = await eligibleProposal(url(), callId, {
      acronym: 'GRID',
      topic: 'hydrogen',
      keywords: ['storage'],
      partners,
    });

    const [roboExpert, roboSecond, waterExpert, waterSecond, generalist] = [
      await evaluator(callId, pm, ['robotics', 'AI', 'energy'], 'FR', 2),
      await evaluator(callId, pm, ['robotics', 'ai'], 'DE', 2),
      await evaluator(callId, pm, ['water', 'health', 'soil'], 'SI', 2),
      await evaluator(callId, pm, ['water', 'soil'], 'CH', 2),
      await evaluator(callId, pm, ['robotics', 'water'], 'AT', 2),
    ];
    const gridA = await evaluator(callId, pm, ['hydrogen', 'storage'], 'IT', 2);
    const gridB = await evaluator(callId, pm, ['Hydrogen', 'Storage', 'fuel cells'], 'FR', 2);

    // Before any offer the evaluator's queue is empty and the proposal invisible.
    expect((await http().get('/api/v1/me/review-queue').auth(roboExpert.token, { type: 'bearer' })).body.items).toEqual(
      [],
    );
    expect((await http().get(`/api/v1/proposals/${robotics}`).auth(roboExpert.token, { type: 'bearer' })).status).toBe(
      404,
    );

    const started = await http().post(`/api/v1/calls/${callId}/assignments/auto`).auth(pm, { type: 'bearer' }).send({});
    expect(started.status).toBe(202);
    expect(started.headers.location).toBe(`/api/v1/jobs/${started.body.id}`);
    // Only its starter sees the job; a second job while it runs is refused or it already finished.
    const otherPm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    expect((await http().get(`/api/v1/jobs/${started.body.id}`).auth(otherPm, { type: 'bearer' })).status).toBe(404);
    let job:
      | {
          status: string;
          result: { assigned: number; uncoveredCount: number; totalAffinity: number; sameCountryPairs: number };
        }
      | undefined;
    await expectEventually(async () => {
      job = (await http().get(`/api/v1/jobs/${started.body.id}`).auth(pm, { type: 'bearer' })).body;
      expect(job!.status).toBe('SUCCEEDED');
    }, 60_000);
    expect(job!.result).toMatchObject({ assigned: 6, uncoveredCount: 0, sameCountryPairs: 0 });
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
    ).toBe('IN_EVALUATION');
    const pairs = await queryRows<{ proposal_id: string; evaluator_id: string }>(
      url(),
      "SELECT proposal_id, evaluator_id FROM review_assignment WHERE call_id = $1 AND state = 'OFFERED'",
      [callId],
    );
    const offered = (proposalId: string) =>
      pairs
        .filter((p) => p.proposal_id === proposalId)
        .map((p) => p.evaluator_id)
        .sort();
    // Optimal: each proposal gets its two specialists (affinity 100 and 66), not the generalist.
    expect(offered(robotics)).toEqual([roboExpert.id, roboSecond.id].sort());
    expect(offered(water)).toEqual([waterExpert.id, waterSecond.id].sort());
    expect(offered(grid)).toEqual([gridA.id, gridB.id].sort());

    // A proposal found eligible after the review started is assigned at once to the next best evaluators.
    const late = await eligibleProposal(url(), callId, {
      acronym: 'LATE',
      topic: 'water',
      keywords: ['soil'],
      partners,
    });
    await queryRows(url(), "UPDATE proposal SET state = 'ELIGIBILITY_CHECK' WHERE id = $1", [late]);
    const lateDecisions = [
      [coordinator.organisationId, agencies[0]],
      [partner.organisationId, agencies[1]],
    ] as const;
    for (const [organisationId, agency] of lateDecisions) {
      await queryRows(
        url(),
        'INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at) ' +
          "VALUES ($1, $2, $3, $4, now() + interval '1 day')",
        [late, organisationId, agency.id, agency.regionCode],
      );
    }
    for (const [organisationId, agency] of lateDecisions) {
      const decided = await http()
        .post(`/api/v1/proposals/${late}/eligibility/${organisationId}`)
        .auth(tokenFor(agency.officers[0].id), { type: 'bearer' })
        .send({ decision: 'ELIGIBLE' });
      expect({ status: decided.status, detail: decided.body.detail as unknown }).toEqual({
        status: 200,
        detail: undefined,
      });
    }
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [late]))[0].state,
    ).toBe('ELIGIBLE');
    await expectEventually(async () => {
      const lateOffers = await queryRows<{ evaluator_id: string }>(
        url(),
        'SELECT evaluator_id FROM review_assignment WHERE proposal_id = $1',
        [late],
      );
      expect(lateOffers.map((r) => r.evaluator_id).sort()).toEqual([waterExpert.id, waterSecond.id].sort());
    });

    // The programme manager overrides a pair by hand: V2 and V3 still hold, a pair is never offered twice,
    // a full proposal needs the assignment it replaces; the affinity given up is reported.
    const [secondLate] = await queryRows<{ id: string }>(
      url(),
      'SELECT id FROM review_assignment WHERE proposal_id = $1 AND evaluator_id = $2',
      [late, waterSecond.id],
    );
    const conflicted = await createPoolEvaluator(url(), callId, pmId, {
      expertise: ['water', 'soil'],
      country: 'IT',
      organisationId: coordinator.organisationId,
    });
    const manual = (body: Record<string, unknown>) =>
      http()
        .post(`/api/v1/calls/${callId}/assignments`)
        .auth(pm, { type: 'bearer' })
        .send({ proposalId: late, reason: 'Specialist needed', ...body });
    const refusedManual = await manual({ evaluatorId: conflicted.id, replacesAssignmentId: secondLate.id });
    expect(refusedManual.status).toBe(422);
    expect(refusedManual.body.errors.map((e: { code: string }) => e.code)).toEqual(['OVERRIDE_CONFLICT']);
    // Every broken rule is named: waterExpert already has LATE and is at its load limit.
    expect(
      (await manual({ evaluatorId: waterExpert.id, replacesAssignmentId: secondLate.id })).body.errors.map(
        (e: { code: string }) => e.code,
      ),
    ).toEqual(['OVERRIDE_DUPLICATE', 'OVERRIDE_OVERLOAD']);
    expect((await manual({ evaluatorId: gridA.id })).body.errors.map((e: { code: string }) => e.code)).toEqual([
      'PROPOSAL_FULLY_ASSIGNED',
    ]);
    const overridden = await manual({ evaluatorId: gridA.id, replacesAssignmentId: secondLate.id });
    expect(overridden.status).toBe(201);
    expect(overridden.body).toMatchObject({
      proposalId: late,
      evaluatorId: gridA.id,
      origin: 'MANUAL',
      state: 'OFFERED',
      affinity: 0,
      affinityLoss: 100,
    });
    expect(
      (
        await queryRows<{ state: string }>(url(), 'SELECT state FROM review_assignment WHERE id = $1', [secondLate.id])
      )[0].state,
    ).toBe('WITHDRAWN');
    expect(
      (
        await http()
          .post(`/api/v1/calls/${callId}/assignments`)
          .auth(roboExpert.token, { type: 'bearer' })
          .send({ proposalId: late, evaluatorId: gridA.id, reason: 'x' })
      ).status,
    ).toBe(403);

    // The expert sees the offer in its queue; it cannot open the proposal before accepting.
    const queue = (await http().get('/api/v1/me/review-queue').auth(roboExpert.token, { type: 'bearer' })).body
      .items as Array<{ id: string; proposalId: string; acronym: string; nextAction: string; reason: string }>;
    expect(queue).toEqual([
      expect.objectContaining({
        proposalId: robotics,
        acronym: 'ROBO',
        nextAction: 'ANSWER_OFFER',
        reason: "affinity 100: shares 'robotics', 'ai', 'energy'",
      }),
    ]);
    const offerId = queue[0].id;
    // Someone else's assignment is invisible.
    expect(
      (await http().post(`/api/v1/assignments/${offerId}/accept`).auth(waterExpert.token, { type: 'bearer' })).status,
    ).toBe(404);
    // An applicant has no review queue.
    expect(
      (await http().get('/api/v1/me/review-queue').auth(tokenFor(coordinator.userId), { type: 'bearer' })).status,
    ).toBe(403);

    await expectEventually(async () => {
      const accepted = await http()
        .post(`/api/v1/assignments/${offerId}/accept`)
        .auth(roboExpert.token, { type: 'bearer' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.state).toBe('ACCEPTED');
    });
    expect(
      (await http().post(`/api/v1/assignments/${offerId}/accept`).auth(roboExpert.token, { type: 'bearer' })).body
        .state,
    ).toBe('ACCEPTED');
    const read = await http().get(`/api/v1/proposals/${robotics}`).auth(roboExpert.token, { type: 'bearer' });
    expect(read.status).toBe(200);
    // Still nothing of the other proposal.
    expect((await http().get(`/api/v1/proposals/${water}`).auth(roboExpert.token, { type: 'bearer' })).status).toBe(
      404,
    );

    // The second robotics evaluator declines (a reason is required): the generalist is offered it next.
    const secondOffer = (await http().get('/api/v1/me/review-queue').auth(roboSecond.token, { type: 'bearer' })).body
      .items[0] as { id: string };
    const noReason = await http()
      .post(`/api/v1/assignments/${secondOffer.id}/decline`)
      .auth(roboSecond.token, { type: 'bearer' })
      .send({});
    expect(noReason.status).toBe(400);
    expect(noReason.headers['content-type']).toMatch(/application\/problem\+json/);
    const declined = await http()
      .post(`/api/v1/assignments/${secondOffer.id}/decline`)
      .auth(roboSecond.token, { type: 'bearer' })
      .send({ reason: 'I co-authored with the coordinator last year' });
    expect(declined.status).toBe(200);
    expect(declined.body.state).toBe('DECLINED');
    let replacement: { id: string; origin: string } | undefined;
    await expectEventually(async () => {
      const items = (await http().get('/api/v1/me/review-queue').auth(generalist.token, { type: 'bearer' })).body
        .items as Array<{ id: string; proposalId: string; origin: string }>;
      replacement = items.find((i) => i.proposalId === robotics);
      expect(replacement).toBeDefined();
    });
    expect(replacement!.origin).toBe('REPLACEMENT');
    await expectEventually(async () =>
      expect(
        (await http().post(`/api/v1/assignments/${replacement!.id}/accept`).auth(generalist.token, { type: 'bearer' }))
          .status,
      ).toBe(200),
    );

    // Reviews: invalid scores are refused naming each field; an incomplete review cannot be submitted.
    const bad = await http()
      .put(`/api/v1/assignments/${offerId}/review`)
      .auth(roboExpert.token, { type: 'bearer' })
      .send({
        scores: [
          { criterion: 'Excellence', score: 4.3, comment: 'x' },
          { criterion: 'Novelty', score: 3, comment: 'y' },
        ],
      });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['scores[0].score', 'SCORE_NOT_HALF_STEP'],
        ['scores[1].criterion', 'UNKNOWN_CRITERION'],
      ]),
    );
    const draft = await http()
      .put(`/api/v1/assignments/${offerId}/review`)
      .auth(roboExpert.token, { type: 'bearer' })
      .send({ scores: [{ criterion: 'Excellence', score: 4.5, comment: 'Strong.' }] });
    expect(draft.status).toBe(200);
    expect(draft.body.state).toBe('DRAFT');
    const incomplete = await http()
      .post(`/api/v1/assignments/${offerId}/review/submit`)
      .auth(roboExpert.token, { type: 'bearer' });
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
      expect(
        (
          await http()
            .put(`/api/v1/assignments/${assignmentId}/review`)
            .auth(who.token, { type: 'bearer' })
            .send(complete(excellence))
        ).status,
      ).toBe(200);
      const submitted = await http()
        .post(`/api/v1/assignments/${assignmentId}/review/submit`)
        .auth(who.token, { type: 'bearer' });
      expect(submitted.status).toBe(200);
      expect(submitted.body.state).toBe('SUBMITTED');
    }
    expect(
      (await http().get(`/api/v1/assignments/${offerId}/review`).auth(roboExpert.token, { type: 'bearer' })).body
        .weightedTotal,
    ).toBe('12');
    // A submitted review is final.
    expect(
      (
        await http()
          .put(`/api/v1/assignments/${offerId}/review`)
          .auth(roboExpert.token, { type: 'bearer' })
          .send(complete(5))
      ).status,
    ).toBe(409);
    await expectEventually(async () =>
      expect(
        (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [robotics]))[0].state,
      ).toBe('REVIEWED'),
    );

    // The programme manager's view of the call's assignments, filtered.
    const list = await http()
      .get(`/api/v1/calls/${callId}/assignments?proposalId=${robotics}`)
      .auth(pm, { type: 'bearer' });
    expect(list.body.items.map((a: { state: string }) => a.state).sort()).toEqual([
      'DECLINED',
      'REVIEW_SUBMITTED',
      'REVIEW_SUBMITTED',
    ]);
    expect(
      (await http().get(`/api/v1/calls/${callId}/assignments`).auth(roboExpert.token, { type: 'bearer' })).status,
    ).toBe(403);
    // Every step is audited.
    const actions = (
      await queryRows<{ action: string }>(
        url(),
        "SELECT action FROM audit_event WHERE entity_type = 'assignment' AND entity_id = $1 ORDER BY id",
        [offerId],
      )
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'assignment.offered',
        'assignment.accepted',
        'review.draft-saved',
        'assignment.review-submitted',
      ]),
    );

    // The other proposals are reviewed through the queues too.
    const reviewFromQueue = async (
      who: { token: string },
      proposalId: string,
      scores: Array<[string, number]>,
    ): Promise<void> => {
      const items = (await http().get('/api/v1/me/review-queue').auth(who.token, { type: 'bearer' })).body
        .items as Array<{ id: string; proposalId: string }>;
      const item = items.find((i) => i.proposalId === proposalId)!;
      await expectEventually(async () =>
        expect(
          (await http().post(`/api/v1/assignments/${item.id}/accept`).auth(who.token, { type: 'bearer' })).status,
        ).toBe(200),
      );
      const body = {
        scores: scores.map(([criterion, score]) => ({ criterion, score, comment: `${criterion}: reasoned.` })),
      };
      expect(
        (await http().put(`/api/v1/assignments/${item.id}/review`).auth(who.token, { type: 'bearer' }).send(body))
          .status,
      ).toBe(200);
      expect(
        (await http().post(`/api/v1/assignments/${item.id}/review/submit`).auth(who.token, { type: 'bearer' })).status,
      ).toBe(200);
    };
    const criteria = ['Excellence', 'Impact', 'Quality and efficiency of implementation'];
    for (const who of [waterExpert, waterSecond])
      await reviewFromQueue(who, water, [
        [criteria[0], 4.5],
        [criteria[1], 3.5],
        [criteria[2], 3.5],
      ]);
    for (const who of [gridA, gridB])
      await reviewFromQueue(who, grid, [
        [criteria[0], 5],
        [criteria[1], 5],
        [criteria[2], 2.5],
      ]);
    await expectEventually(async () => {
      const states = await queryRows<{ id: string; state: string }>(
        url(),
        'SELECT id, state FROM proposal WHERE id = ANY($1)',
        [[water, grid]],
      );
      expect(states.map((r) => r.state)).toEqual(['REVIEWED', 'REVIEWED']);
    });

    // The programme manager designates the generalist (the replacement reviewer) rapporteur of ROBO.
    expect(
      (
        await http()
          .put(`/api/v1/proposals/${robotics}/rapporteur`)
          .auth(pm, { type: 'bearer' })
          .send({ evaluatorId: generalist.id })
      ).status,
    ).toBe(200);
    // Another evaluator of ROBO learns nothing of the other reviews or reviewers; the rapporteur sees them, with names.
    expect(
      (await http().get(`/api/v1/proposals/${robotics}/reviews`).auth(roboExpert.token, { type: 'bearer' })).status,
    ).toBe(404);
    const reviews = await http()
      .get(`/api/v1/proposals/${robotics}/reviews`)
      .auth(generalist.token, { type: 'bearer' });
    expect(reviews.status).toBe(200);
    expect(reviews.body.reviews.map((r: { evaluatorId: string }) => r.evaluatorId).sort()).toEqual(
      [roboExpert.id, generalist.id].sort(),
    );
    // Excellence 4.5 against 2: a spread above 2 points flags ROBO for discussion (V6).
    expect(reviews.body.spread.flaggedForDiscussion).toBe(true);
    // The rapporteur records ROBO's consensus, not another proposal's.
    const line = (excellence: number, impact: number, quality: number) => ({
      scores: [
        { criterion: criteria[0], score: excellence, comment: 'Agreed after discussion.' },
        { criterion: criteria[1], score: impact, comment: 'Agreed.' },
        { criterion: criteria[2], score: quality, comment: 'Agreed.' },
      ],
    });
    expect(
      (
        await http()
          .put(`/api/v1/proposals/${water}/consensus`)
          .auth(generalist.token, { type: 'bearer' })
          .send(line(4.5, 3.5, 3.5))
      ).status,
    ).toBe(404);
    const roboConsensus = await http()
      .put(`/api/v1/proposals/${robotics}/consensus`)
      .auth(generalist.token, { type: 'bearer' })
      .send(line(4, 4, 3.5));
    expect(roboConsensus.status).toBe(200);
    // The programme manager records the others: AQUA ties ROBO on the total (11.5) and wins on Excellence;
    // GRID has the highest total (12.5) but Quality 2.5 is under its threshold 3 (weights never lower a threshold).
    expect(
      (
        await http()
          .put(`/api/v1/proposals/${water}/consensus`)
          .auth(pm, { type: 'bearer' })
          .send(line(4.5, 3.5, 3.5))
      ).status,
    ).toBe(200);
    expect(
      (
        await http()
          .put(`/api/v1/proposals/${grid}/consensus`)
          .auth(pm, { type: 'bearer' })
          .send(line(5, 5, 2.5))
      ).status,
    ).toBe(200);

    const ranking = await http().get(`/api/v1/calls/${callId}/ranking`).auth(pm, { type: 'bearer' });
    expect(ranking.status).toBe(200);
    type Item = {
      proposalId: string;
      rank: number | null;
      outcome: string;
      reasons: Array<{ code: string; criterion?: string }>;
      separatedFromAbove: { decidedBy: string; criterion?: string } | null;
      reviewerScores?: unknown[];
    };
    const items = ranking.body.items as Item[];
    expect(items.map((i) => [i.proposalId, i.rank, i.outcome])).toEqual([
      [water, 1, 'ABOVE_THRESHOLD'],
      [robotics, 2, 'ABOVE_THRESHOLD'],
      [grid, null, 'BELOW_THRESHOLD'],
    ]);
    expect(items[1].separatedFromAbove).toEqual({ decidedBy: 'FIRST_CRITERION', criterion: 'Excellence' });
    expect(items[2].reasons).toEqual([
      expect.objectContaining({ code: 'CRITERION_BELOW_THRESHOLD', criterion: criteria[2] }),
    ]);
    expect(items[0].reviewerScores).toHaveLength(2);

    // Agencies see the ranking with consensus scores, never individual ones; applicants see nothing.
    const officer = tokenFor(agencies[0].officers[0].id);
    const agencyView = await http().get(`/api/v1/calls/${callId}/ranking`).auth(officer, { type: 'bearer' });
    expect(agencyView.status).toBe(200);
    expect((agencyView.body.items as Item[]).every((i) => i.reviewerScores === undefined)).toBe(true);
    expect(
      (await http().get(`/api/v1/calls/${callId}/ranking`).auth(tokenFor(coordinator.userId), { type: 'bearer' }))
        .status,
    ).toBe(404);
    expect((await http().get(`/api/v1/proposals/${robotics}/reviews`).auth(officer, { type: 'bearer' })).status).toBe(
      404,
    );

    // CSV: RFC 4180 with a column per criterion.
    const csv = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0];
    const roboRow = lines.find((l) => l[1] === 'ROBO')!;
    expect(criteria.map((c) => roboRow[header.indexOf(c)])).toEqual(['4', '4', '3.5']);
    expect(roboRow[0]).toBe('2');
    // XLSX: opens with a spreadsheet library; the same per-criterion scores as numbers.
    const xlsx = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .auth(pm, { type: 'bearer' })
      .set('Accept', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const headerCells = (sheet.getRow(1).values as unknown[]).slice(1);
    const aquaRow = [2, 3, 4].map((n) => (sheet.getRow(n).values as unknown[]).slice(1)).find((r) => r[1] === 'AQUA')!;
    expect(criteria.map((c) => aquaRow[headerCells.indexOf(c)])).toEqual([4.5, 3.5, 3.5]);

    // An evaluator who declares a conflict after accepting loses sight of the proposal (SPEC §2).
    const conflict = await http()
      .put(`/api/v1/calls/${callId}/conflicts`)
      .auth(waterSecond.token, { type: 'bearer' })
      .send({ conflicts: [{ proposalId: water, reason: 'Former employer of the coordinator' }] });
    expect(conflict.status).toBe(200);
    expect((await http().get(`/api/v1/proposals/${water}`).auth(waterSecond.token, { type: 'bearer' })).status).toBe(
      404,
    );
    expect((await http().get(`/api/v1/proposals/${water}`).auth(waterExpert.token, { type: 'bearer' })).status).toBe(
      200,
    );
  }, 180_000);
});
