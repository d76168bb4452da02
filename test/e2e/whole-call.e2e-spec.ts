import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { WorkflowIds } from '@app/contracts';
import { REDRESS_WINDOW_MS } from '@app/domain';
import { callBody, terms } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { onboardOverHttp, type ApplicantPerson, type Person } from '../utils/onboard-over-http';
import { queryRows } from '../utils/reset-database';
import { startSkippedTimeEngine, type SkippedTimeEngine } from '../utils/skipped-time-engine';
import { testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ADMIN = {
  email: `whole-call-admin-${randomUUID().slice(0, 8)}@acie.test`,
  password: 'admin password 0123456789',
};

/**
 * One call, whole (SPEC §1 to §4): from DRAFT to CLOSED through the HTTP API only — the people are onboarded by the
 * bootstrap admin and by registration, every state is reached by the action a user takes or by the engine's own
 * timers, and time moves only through the engine's clock (a time-skipping Temporal server, with the API's and the
 * worker's `Clock` kept in step). The database is read for assertions, never written.
 *
 * The call: three regions (Trento ITH2, Upper Austria AT31, Fribourg CH02 in CHF). ALPHA spans all three and is
 * submitted twice (version 2 counts); BETA (ITH2 + CH02) ranks below it and finds Fribourg's budget spent (RESERVE,
 * then NOT_FUNDED when the list closes); GAMMA has a partner Upper Austria declares ineligible, and its redress
 * request is rejected; DELTA comes after the
 * deadline and is refused. An evaluator declares a conflict with ALPHA and is not offered it. Upper Austria objects to
 * the first decision and approves the revision. ALPHA's project signs its agreement, reports its milestones, its
 * periodic and final reports, has every instalment released and paid, and completes: the call is CLOSED and its
 * workflow has completed.
 */
describe('one call, whole, honestly', () => {
  let engine: SkippedTimeEngine;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(engine.app.getHttpServer());
  const started = Date.now();
  const log = (what: string) =>
    process.stdout.write(`[whole-call] ${((Date.now() - started) / 1000).toFixed(1)} s ${what}\n`);

  beforeAll(async () => {
    engine = await startSkippedTimeEngine({ ACIE_ADMIN_EMAIL: ADMIN.email, ACIE_ADMIN_PASSWORD: ADMIN.password });
    log('engine started');
  }, 240_000);

  afterAll(async () => {
    await engine?.stop();
    process.stdout.write(`[whole-call] wall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });

  /** An answer the walk expects; anything else fails with the whole problem document. */
  const expectStatus = (res: request.Response, status: number, what: string): request.Response => {
    if (res.status !== status)
      throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const as = (who: Person) => ({
    get: (path: string) => http().get(`/api/v1${path}`).auth(who.token, { type: 'bearer' }),
    post: (path: string, body: object = {}) =>
      http().post(`/api/v1${path}`).auth(who.token, { type: 'bearer' }).send(body),
    put: (path: string, body: object = {}) =>
      http().put(`/api/v1${path}`).auth(who.token, { type: 'bearer' }).send(body),
    patch: (path: string, body: object = {}) =>
      http().patch(`/api/v1${path}`).auth(who.token, { type: 'bearer' }).send(body),
  });
  const callState = async (pm: Person, callId: string): Promise<string> =>
    expectStatus(await as(pm).get(`/calls/${callId}`), 200, 'call').body.state as string;
  const untilCallState = (pm: Person, callId: string, state: string) =>
    expectEventually(async () => expect(await callState(pm, callId)).toBe(state), 60_000, 200);
  const proposalState = async (who: Person, proposalId: string): Promise<string> =>
    expectStatus(await as(who).get(`/proposals/${proposalId}`), 200, 'proposal').body.state as string;

  it('goes from DRAFT to CLOSED', async () => {
    // ── People and agencies, through the API ────────────────────────────────────────────────────────────────────
    const onboard = onboardOverHttp(engine.app, engine.smtp, ADMIN);
    const trento = await onboard.agency('ITH2', 'Autonomous Province of Trento');
    const austria = await onboard.agency('AT31', 'Business Upper Austria');
    const fribourg = await onboard.agency('CH02', 'Fribourg Innovation');
    const pm = await onboard.staff('PROGRAMME_MANAGER', 'Paula Programme');
    const officer = {
      [trento.id]: await onboard.staff('AGENCY_OFFICER', 'Tino Trento', trento.id),
      [austria.id]: await onboard.staff('AGENCY_OFFICER', 'Anna Austria', austria.id),
      [fribourg.id]: await onboard.staff('AGENCY_OFFICER', 'Fritz Fribourg', fribourg.id),
    };
    const officerOf = (agency: { id: string }) => officer[agency.id];
    const itSme = await onboard.applicant('ITH2', 'SME', 'Dolomiti Robotics');
    const itSme2 = await onboard.applicant('ITH2', 'SME', 'Adige Sensors');
    const itRes = await onboard.applicant('ITH2', 'RESEARCH_ORG', 'Trento Research Foundation');
    const atRes = await onboard.applicant('AT31', 'RESEARCH_ORG', 'Linz Mechatronics Institute');
    const chUni = await onboard.applicant('CH02', 'UNIVERSITY', 'University of Fribourg');
    const evaluators = [
      await onboard.evaluator(pm.token, 'Eva France'),
      await onboard.evaluator(pm.token, 'Dieter Deutschland'),
      await onboard.evaluator(pm.token, 'Sara Slovenija'),
    ];
    log('people onboarded');

    // ── DRAFT: the programme manager configures the call ────────────────────────────────────────────────────────
    const t0 = engine.clock.now().getTime();
    const body = callBody(
      t0,
      { alignment: 5, opens: 7 },
      {
        topics: ['Advanced manufacturing'],
        reviewersPerProposal: 2,
        maxLoadPerEvaluator: 2,
        consortium: { minPartners: 2, minRegions: 2, minDurationMonths: 6, maxDurationMonths: 36 },
        settings: { reportIntervalMonths: 6 },
      },
    );
    const created = expectStatus(await as(pm).post('/calls', body), 201, 'create call');
    const callId = created.body.id as string;
    expect(created.body.state).toBe('DRAFT');
    const timeline = body.timeline;

    // ── FUND_ALIGNMENT: three agencies commit, one of them in CHF ───────────────────────────────────────────────
    const alignment = expectStatus(
      await as(pm).post(`/calls/${callId}/start-alignment`, { agencyIds: [trento.id, austria.id, fribourg.id] }),
      202,
      'start alignment',
    );
    expect(alignment.body.state).toBe('FUND_ALIGNMENT');
    const commit = async (agency: { id: string }, amount: number, currency: string) => {
      expectStatus(
        await as(officerOf(agency)).put(`/calls/${callId}/commitments/${agency.id}`, terms(amount, currency)),
        200,
        `commit ${currency}`,
      );
      expectStatus(
        await as(officerOf(agency)).post(`/calls/${callId}/commitments/${agency.id}/confirm`),
        200,
        'confirm',
      );
    };
    await commit(trento, 500_000_00, 'EUR');
    await commit(austria, 500_000_00, 'EUR');
    // Fribourg's budget covers one consortium's Swiss partner, not two.
    await commit(fribourg, 100_000_00, 'CHF');
    // Every agency answered: the alignment concludes without waiting for its deadline; the call opens at opensAt.
    await engine.skipPast(timeline.opensAt);
    await untilCallState(pm, callId, 'OPEN');
    log('call OPEN');

    // ── OPEN: consortia build and submit ─────────────────────────────────────────────────────────────────────────
    const draft = async (
      acronym: string,
      coordinator: ApplicantPerson,
      partners: ApplicantPerson[],
    ): Promise<{ id: string; revision: number }> => {
      const p = expectStatus(
        await as(coordinator).post(`/calls/${callId}/proposals`, {
          acronym,
          title: `${acronym}: smart Alpine manufacturing`,
          abstract: 'Cross-regional pilot lines.',
          topic: 'Advanced manufacturing',
          durationMonths: 12,
        }),
        201,
        `create ${acronym}`,
      ).body.id as string;
      expectStatus(
        await as(coordinator).patch(`/proposals/${p}`, {
          workPlan: [
            {
              title: 'Prototype',
              dueMonth: 6,
              deliverables: ['D1'],
              responsibleOrganisationId: coordinator.organisationId,
              midTerm: true,
            },
            {
              title: 'Pilot',
              dueMonth: 12,
              deliverables: ['D2'],
              responsibleOrganisationId: coordinator.organisationId,
              midTerm: false,
            },
          ],
        }),
        200,
        'work plan',
      );
      expectStatus(
        await as(coordinator).put(`/proposals/${p}/partners/${coordinator.organisationId}`, {
          funded: true,
          eligibleCosts: 200_000_00,
          requestedGrant: 140_000_00,
        }),
        200,
        'coordinator',
      );
      for (const partner of partners) {
        expectStatus(
          await as(coordinator).put(`/proposals/${p}/partners/${partner.organisationId}`, {
            funded: true,
            eligibleCosts: 0,
            requestedGrant: 0,
          }),
          200,
          'invite partner',
        );
        expectStatus(
          await as(partner).post(`/proposals/${p}/partners/${partner.organisationId}/accept`),
          200,
          'accept',
        );
        expectStatus(
          await as(partner).put(`/proposals/${p}/partners/${partner.organisationId}`, {
            funded: true,
            eligibleCosts: 100_000_00,
            requestedGrant: 80_000_00,
          }),
          200,
          'partner data',
        );
      }
      const view = expectStatus(await as(coordinator).get(`/proposals/${p}`), 200, 'draft');
      return { id: p, revision: view.body.revision as number };
    };
    const submit = (who: Person, proposal: { id: string; revision: number }) =>
      as(who).post(`/proposals/${proposal.id}/submit`, { draftRevision: proposal.revision });

    const alpha = await draft('ALPHA', itSme, [atRes, chUni]);
    const beta = await draft('BETA', itSme2, [chUni]);
    const gamma = await draft('GAMMA', atRes, [itRes]);
    const delta = await draft('DELTA', itSme, [atRes]);
    const alphaV1 = expectStatus(await submit(itSme, alpha), 201, 'ALPHA v1');
    expect(alphaV1.body.version).toBe(1);
    // A resubmission: the coordinator revises the abstract; version 2 is the one that counts.
    expectStatus(
      await as(itSme).patch(`/proposals/${alpha.id}`, { abstract: 'Cross-regional pilot lines, revised.' }),
      200,
      'revise',
    );
    const alphaV2 = expectStatus(await submit(itSme, { id: alpha.id, revision: alpha.revision + 1 }), 201, 'ALPHA v2');
    expect(alphaV2.body.version).toBe(2);
    // The receipt carries the engine's instant: after opensAt, which is still days ahead of the wall clock.
    expect(new Date(alphaV2.body.submittedAt as string).getTime()).toBeGreaterThan(
      new Date(timeline.opensAt).getTime(),
    );
    expectStatus(await submit(itSme2, beta), 201, 'BETA');
    expectStatus(await submit(atRes, gamma), 201, 'GAMMA');
    log('proposals submitted');

    // ── The deadline: the call's timer closes the submission; DELTA is too late ────────────────────────────────
    const deadline = timeline.stages[0].submissionDeadline;
    await engine.skipPast(deadline);
    await untilCallState(pm, callId, 'ELIGIBILITY_CHECK');
    const late = await submit(itSme, delta);
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'SUBMISSION_DEADLINE_PASSED' });
    expect(await proposalState(itSme, delta.id)).toBe('DRAFT');
    const versions = expectStatus(await as(itSme).get(`/proposals/${alpha.id}/versions`), 200, 'versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    log('submission closed');

    // ── ELIGIBILITY_CHECK: each region decides on its own partners ─────────────────────────────────────────────
    const decide = async (
      agency: { id: string },
      proposalId: string,
      organisationId: string,
      decision: 'ELIGIBLE' | 'INELIGIBLE',
    ) =>
      expectStatus(
        await as(officerOf(agency)).post(`/proposals/${proposalId}/eligibility/${organisationId}`, {
          decision,
          ...(decision === 'INELIGIBLE' ? { reason: 'Not registered in the regional enterprise register.' } : {}),
        }),
        200,
        `eligibility ${decision}`,
      );
    await decide(trento, alpha.id, itSme.organisationId, 'ELIGIBLE');
    await decide(austria, alpha.id, atRes.organisationId, 'ELIGIBLE');
    await decide(fribourg, alpha.id, chUni.organisationId, 'ELIGIBLE');
    await decide(trento, beta.id, itSme2.organisationId, 'ELIGIBLE');
    await decide(fribourg, beta.id, chUni.organisationId, 'ELIGIBLE');
    await decide(trento, gamma.id, itRes.organisationId, 'ELIGIBLE');
    const ineligible = await decide(austria, gamma.id, atRes.organisationId, 'INELIGIBLE');
    expect(ineligible.body.proposalState).toBe('INELIGIBLE');
    expect(await proposalState(itSme, alpha.id)).toBe('ELIGIBLE');
    expect(await proposalState(itSme2, beta.id)).toBe('ELIGIBLE');
    log('eligibility decided');

    // GAMMA's coordinator learns the result now and asks for redress at once (V9: within 30 days of the result).
    const redress = expectStatus(
      await as(atRes).post(`/proposals/${gamma.id}/redress`, {
        grounds: 'Our registration was valid on the deadline; the register was updated late.',
      }),
      201,
      'file redress',
    );

    // ── The evaluator pool: profiles, declarations, and a declared conflict ────────────────────────────────────
    const countries = ['FR', 'DE', 'SI'];
    for (const [i, evaluator] of evaluators.entries()) {
      const profile = await as(evaluator).put('/me/evaluator-profile', {
        expertise: ['advanced manufacturing', 'robotics'],
        country: countries[i],
        maxLoad: 2,
      });
      expectStatus(profile, profile.status === 201 ? 201 : 200, 'profile');
      expectStatus(await as(pm).put(`/calls/${callId}/evaluators/${evaluator.id}`), 201, 'pool');
      const declaration = expectStatus(await as(evaluator).get(`/calls/${callId}/declaration`), 200, 'declaration');
      expectStatus(
        await as(evaluator).post(`/calls/${callId}/declaration/sign`, {
          declarationHash: declaration.body.declarationHash,
        }),
        200,
        'sign',
      );
    }
    const conflicted = evaluators[2];
    const check = expectStatus(await as(conflicted).get(`/calls/${callId}/conflict-check`), 200, 'conflict check');
    expect(check.body.items.map((i: { acronym: string }) => i.acronym)).toContain('ALPHA');
    expectStatus(
      await as(conflicted).put(`/calls/${callId}/conflicts`, {
        conflicts: [{ proposalId: alpha.id, reason: 'I advised the coordinator last year.' }],
      }),
      200,
      'declare conflict',
    );

    // ── IN_EVALUATION: the assignment job, offers, reviews ──────────────────────────────────────────────────────
    const job = expectStatus(await as(pm).post(`/calls/${callId}/assignments/auto`), 202, 'auto assignment');
    await expectEventually(
      async () =>
        expect((await as(pm).get(`/jobs/${job.body.id}`)).body).toMatchObject({
          status: 'SUCCEEDED',
          result: expect.objectContaining({ assigned: 4, uncoveredCount: 0 }),
        }),
      60_000,
      250,
    );
    expect(await callState(pm, callId)).toBe('IN_EVALUATION');
    // The programme manager rejects GAMMA's request (outcomes are recorded from IN_EVALUATION on), so nothing of
    // the call's end waits for it.
    expectStatus(
      await as(pm).post(`/redress/${redress.body.id}/outcome`, {
        outcome: 'REJECTED',
        reason: 'The registration was not valid on the deadline.',
      }),
      200,
      'redress outcome',
    );
    const assignments = expectStatus(await as(pm).get(`/calls/${callId}/assignments?limit=50`), 200, 'assignments').body
      .items as Array<{ proposalId: string; evaluatorId: string }>;
    expect(
      assignments
        .filter((a) => a.proposalId === alpha.id)
        .map((a) => a.evaluatorId)
        .sort(),
    ).toEqual([evaluators[0].id, evaluators[1].id].sort());
    const score = (excellence: number) => ({
      scores: [
        { criterion: 'Excellence', score: excellence, comment: 'Clear objectives.' },
        { criterion: 'Impact', score: 4, comment: 'Regional value chains.' },
        { criterion: 'Quality and efficiency of implementation', score: 4, comment: 'Sound work plan.' },
      ],
    });
    for (const evaluator of evaluators) {
      const queue = expectStatus(await as(evaluator).get('/me/review-queue'), 200, 'queue').body.items as Array<{
        id: string;
        proposalId: string;
      }>;
      if (evaluator === conflicted) expect(queue.map((q) => q.proposalId)).not.toContain(alpha.id);
      for (const offer of queue) {
        expectStatus(await as(evaluator).post(`/assignments/${offer.id}/accept`), 200, 'accept offer');
        expectStatus(
          await as(evaluator).put(`/assignments/${offer.id}/review`, score(offer.proposalId === alpha.id ? 4.5 : 3.5)),
          200,
          'review',
        );
        expectStatus(await as(evaluator).post(`/assignments/${offer.id}/review/submit`), 200, 'submit review');
      }
    }
    // The last review submitted, the proposal is reviewed: the consensus can follow at once.
    expect(await proposalState(pm, alpha.id)).toBe('REVIEWED');
    expect(await proposalState(pm, beta.id)).toBe('REVIEWED');
    const consensus = (excellence: number) => ({
      scores: [
        { criterion: 'Excellence', score: excellence, comment: 'Agreed.' },
        { criterion: 'Impact', score: 4, comment: 'Agreed.' },
        { criterion: 'Quality and efficiency of implementation', score: 4, comment: 'Agreed.' },
      ],
    });
    expectStatus(await as(pm).put(`/proposals/${alpha.id}/consensus`, consensus(4.5)), 200, 'ALPHA consensus');
    expectStatus(await as(pm).put(`/proposals/${beta.id}/consensus`, consensus(3.5)), 200, 'BETA consensus');
    log('reviewed');

    // ── RANKED → FUNDING_DECISION: an objection, a revision, every approval ────────────────────────────────────
    await engine.skipPast(timeline.stages[0].reviewDeadline);
    expectStatus(await as(pm).post(`/calls/${callId}/ranking/finalise`), 200, 'finalise ranking');
    expect(await callState(pm, callId)).toBe('RANKED');
    const proposed = expectStatus(await as(pm).post(`/calls/${callId}/funding-decision`), 200, 'propose decision');
    expect(proposed.body.entries.map((e: { acronym: string; outcome: string }) => [e.acronym, e.outcome])).toEqual([
      ['ALPHA', 'SELECTED'],
      ['BETA', 'RESERVE'],
    ]);
    expect(await callState(pm, callId)).toBe('FUNDING_DECISION');
    const objected = expectStatus(
      await as(officerOf(austria)).post(`/calls/${callId}/funding-decision/object`, {
        reason: 'Our board asks for the revised cost table first.',
      }),
      200,
      'object',
    );
    expect(objected.body.decisionStatus).toBe('RETURNED');
    const revised = expectStatus(await as(pm).post(`/calls/${callId}/funding-decision`), 200, 'revise decision');
    expect(revised.body).toMatchObject({ revision: 2, status: 'PROPOSED' });
    for (const agency of [trento, fribourg, austria]) {
      const approved = await as(officerOf(agency)).post(`/calls/${callId}/funding-decision/approve`, {});
      expectStatus(approved, 200, `approve ${agency.regionCode}`);
    }
    expect(await callState(pm, callId)).toBe('DECIDED');
    expect(await proposalState(itSme, alpha.id)).toBe('SELECTED');
    expect(await proposalState(itSme2, beta.id)).toBe('RESERVE');
    log('decided');

    // ── DECIDED: the reserve list closes; BETA is not funded ─────────────────────────────────────────────────────
    expectStatus(await as(pm).post(`/calls/${callId}/funding-decision/close-reserve`), 200, 'close reserve');
    expect(await proposalState(itSme2, beta.id)).toBe('NOT_FUNDED');
    // The project exists but has not started: the call stays DECIDED.
    expect(await callState(pm, callId)).toBe('DECIDED');

    // ── The project: agreement, releases, payments ────────────────────────────────────────────────────────────
    const projects = expectStatus(await as(pm).get(`/calls/${callId}/projects`), 200, 'projects').body.items as Array<{
      id: string;
      proposalId: string;
    }>;
    expect(projects.map((p) => p.proposalId)).toEqual([alpha.id]);
    const projectId = projects[0].id;
    const project = async () =>
      expectStatus(await as(pm).get(`/projects/${projectId}`), 200, 'project').body as {
        state: string;
        startDate: string;
        endsAt: string;
        milestones: Array<{ idx: number; dueAt: string; state: string }>;
        grants: Array<{
          agencyId: string;
          regionCode: string;
          currency: string;
          instalments: Array<{ id: string; trigger: string; status: string; amount: number }>;
        }>;
      };
    expect((await project()).grants.map((g) => [g.regionCode, g.currency]).sort()).toEqual([
      ['AT31', 'EUR'],
      ['CH02', 'CHF'],
      ['ITH2', 'EUR'],
    ]);
    expectStatus(
      await http()
        .put(`/api/v1/projects/${projectId}/consortium-agreement`)
        .auth(itSme.token, { type: 'bearer' })
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'consortium-agreement.pdf')
        .send(Buffer.from('%PDF-1.4 ALPHA consortium agreement, signed by all partners')),
      200,
      'upload agreement',
    );
    const agreement = expectStatus(
      await as(pm).post(`/projects/${projectId}/consortium-agreement/accept`),
      200,
      'accept agreement',
    );
    expect(agreement.body.released).toHaveLength(3);
    const payReleased = async () => {
      const released = (await project()).grants.flatMap((g) =>
        g.instalments.filter((i) => i.status === 'RELEASED').map((i) => ({ ...i, agencyId: g.agencyId })),
      );
      for (const instalment of released)
        expectStatus(
          await as(officer[instalment.agencyId]).post(`/instalments/${instalment.id}/confirm-payment`),
          200,
          `pay ${instalment.trigger}`,
        );
      return released.length;
    };
    expect(await payReleased()).toBe(3);
    expect(await proposalState(itSme, alpha.id)).toBe('FUNDED');
    // The project has started, but the applicants may still ask for redress on the decision's results: DECIDED.
    expect(await callState(pm, callId)).toBe('DECIDED');
    // The applicants learn their result from the approved decision (V9); the last window closes 30 days later.
    const decidedAt = expectStatus(await as(pm).get(`/calls/${callId}/funding-decision`), 200, 'decision').body
      .decidedAt as string;
    expect(decidedAt).toEqual(expect.any(String));
    await engine.skipPast(new Date(new Date(decidedAt).getTime() + REDRESS_WINDOW_MS + HOUR));
    // The decision is final and its only project has started: MONITORING.
    await untilCallState(pm, callId, 'MONITORING');
    log('monitoring');

    // ── Reports over the project's life: milestones, the periodic report, the final report ─────────────────────
    const report = {
      summary: 'Work as planned.',
      kpiValues: { SMES_INVOLVED: 2 },
      partnerParts: [itSme, atRes, chUni].map((p) => ({
        organisationId: p.organisationId,
        narrative: 'Our part is done.',
        costsIncurred: 50_000_00,
      })),
    };
    const accept = async (reportId: string) =>
      expectStatus(await as(pm).post(`/projects/${projectId}/reports/${reportId}/accept`), 200, 'accept report')
        .body as {
        released: unknown[];
      };
    const { milestones } = await project();
    await engine.skipPast(new Date(new Date(milestones[0].dueAt).getTime() - 2 * DAY));
    const m0 = expectStatus(
      await as(itSme).post(`/projects/${projectId}/milestones/0/report`, report),
      201,
      'M0 report',
    );
    expect((await accept(m0.body.id as string)).released).toHaveLength(3);
    expect(await payReleased()).toBe(3);
    const p1 = expectStatus(await as(itSme).post(`/projects/${projectId}/periods/1/report`, report), 201, 'P1 report');
    await accept(p1.body.id as string);
    await engine.skipPast(new Date(new Date(milestones[1].dueAt).getTime() - 2 * DAY));
    const m1 = expectStatus(
      await as(itSme).post(`/projects/${projectId}/milestones/1/report`, report),
      201,
      'M1 report',
    );
    await accept(m1.body.id as string);
    const final = expectStatus(
      await as(itSme).post(`/projects/${projectId}/periods/2/report`, report),
      201,
      'final report',
    );
    expect((await accept(final.body.id as string)).released).toHaveLength(3);
    expect(await payReleased()).toBe(3);
    log('final instalments paid');

    // ── The end: the project completes, the call closes, its workflow completes ─────────────────────────────────
    await expectEventually(async () => expect((await project()).state).toBe('COMPLETED'), 60_000, 250);
    await untilCallState(pm, callId, 'CLOSED');
    const handle = engine.env.client.workflow.getHandle(WorkflowIds.call(callId));
    await expectEventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'), 30_000, 250);
    expect(await handle.result()).toEqual({ finalState: 'CLOSED' });
    // Nothing of the call is left running: its project's, its proposals' and their reviews' workflows have ended.
    const workflowIds = [
      WorkflowIds.project(projectId),
      ...[alpha, beta, gamma].map((p) => WorkflowIds.proposal(p.id)),
      ...[alpha, beta].map((p) => WorkflowIds.proposalReview(p.id, 1)),
    ];
    const running = [];
    for (const id of workflowIds) {
      const status = (await engine.env.client.workflow.getHandle(id).describe()).status.name;
      if (status !== 'COMPLETED') running.push(`${id}: ${status}`);
    }
    expect(running).toEqual([]);

    // Every region paid exactly what it allocated to ALPHA's partner, in its own currency; BETA holds nothing.
    const budget = expectStatus(await as(pm).get(`/calls/${callId}/budget`), 200, 'budget').body as {
      regions: Array<{
        regionCode: string;
        currency: string;
        proposed: number;
        allocated: number;
        released: number;
        paid: number;
      }>;
    };
    expect(budget.regions.map((r) => [r.regionCode, r.currency, r.proposed, r.allocated, r.released, r.paid])).toEqual([
      ['AT31', 'EUR', 0, 80_000_00, 80_000_00, 80_000_00],
      ['CH02', 'CHF', 0, 80_000_00, 80_000_00, 80_000_00],
      ['ITH2', 'EUR', 0, 140_000_00, 140_000_00, 140_000_00],
    ]);

    // Read-only checks: the call's chain of states in SPEC §4's order.
    const chain = await queryRows<{ action: string; after: { state?: string } | null }>(
      url(),
      "SELECT action, after FROM audit_event WHERE entity_type = 'call' AND entity_id = $1 ORDER BY id",
      [callId],
    );
    const states = chain
      .map((c) => c.after?.state)
      .filter((state): state is string => state !== undefined)
      .filter((state, i, all) => state !== all[i - 1]);
    expect(states).toEqual([
      'DRAFT',
      'FUND_ALIGNMENT',
      'OPEN',
      'SUBMISSION_CLOSED',
      'ELIGIBILITY_CHECK',
      'IN_EVALUATION',
      'RANKED',
      'FUNDING_DECISION',
      'DECIDED',
      'MONITORING',
      'CLOSED',
    ]);
    log('CLOSED');
  }, 600_000);
});
