import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AdjustableClock } from '@app/common';
import { createApplicantOrganisation, createUser, openCallFixture, type AgencyFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { eligibleProposal } from '../utils/review-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;
const WINDOW = 30 * DAY;

type Org = Awaited<ReturnType<typeof createApplicantOrganisation>>;

/**
 * Redress (SPEC V9) over HTTP on real PostgreSQL: filing within the 30-day window of a result (moved with
 * the API's adjustable clock), one per stage, the boundaries, the three outcomes and their effects, and
 * the audit trail. Results are made the real way where the engine can (an agency's INELIGIBLE decision
 * through the API); an evaluated result is a `proposal_evaluation` row written directly (the consensus
 * endpoint is another feature). The tests run in order and build on each other.
 */
describe('redress requests and outcomes', () => {
  let app: INestApplication;
  const clock = new AdjustableClock();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  let pmId: string;
  let pm: string;
  let callId: string;
  let agencies: AgencyFixture[];
  let coordinatorOrg: Org;
  let partnerOrg: Org;
  let otherOrg: Org;
  let evaluatorId: string;
  let evaluator: string;
  let officerA: string;
  const proposals: Record<'ineligible' | 'late' | 'pending' | 'ranked' | 'spare', string> = {} as never;
  const results: Record<string, number> = {};
  const requests: Record<string, string> = {};

  const coord = () => tokenFor(coordinatorOrg.userId);
  const errorCodes = (res: request.Response): string[] =>
    (res.body.errors as Array<{ code: string }>).map((e) => e.code).sort();

  /** A proposal of the coordinator and the partner (the fixture writes its partner rows), in `state`. */
  async function proposal(acronym: string, state: string): Promise<string> {
    const id = await eligibleProposal(url(), callId, {
      acronym,
      topic: 'Advanced manufacturing',
      keywords: ['robotics'],
      partners: [
        { organisationId: coordinatorOrg.organisationId, regionCode: 'ITH2', createdBy: coordinatorOrg.userId },
        { organisationId: partnerOrg.organisationId, regionCode: 'AT31', createdBy: coordinatorOrg.userId },
      ],
    });
    await queryRows(url(), 'UPDATE proposal SET state = $2 WHERE id = $1', [id, state]);
    return id;
  }

  /**
   * Made INELIGIBLE the real way: pending regional decisions, then the ITH2 agency's INELIGIBLE through the API.
   * Returns the result instant.
   */
  async function ineligibleThroughTheApi(acronym: string): Promise<{ id: string; resultAt: number }> {
    const id = await proposal(acronym, 'ELIGIBILITY_CHECK');
    for (const [org, agency] of [
      [coordinatorOrg, agencies[0]],
      [partnerOrg, agencies[1]],
    ] as const) {
      await queryRows(
        url(),
        'INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at) ' +
          'VALUES ($1, $2, $3, $4, $5)',
        [id, org.organisationId, agency.id, agency.regionCode, new Date(Date.now() + 5 * DAY)],
      );
    }
    const decided = await http()
      .post(`/api/v1/proposals/${id}/eligibility/${coordinatorOrg.organisationId}`)
      .set(bearer(officerA))
      .send({ decision: 'INELIGIBLE', reason: 'Not an SME under the regional rules' });
    expect(decided.status).toBe(200);
    expect(decided.body.proposalState).toBe('INELIGIBLE');
    const [{ at }] = await queryRows<{ at: Date }>(
      url(),
      "SELECT max(occurred_at) AS at FROM audit_event WHERE entity_id = $1 AND action = 'proposal.ineligible'",
      [id],
    );
    return { id, resultAt: at.getTime() };
  }

  const auditOf = (entityId: string) =>
    queryRows<{
      action: string;
      actor_user_id: string | null;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
    }>(url(), 'SELECT action, actor_user_id, before, after FROM audit_event WHERE entity_id = $1 ORDER BY id', [
      entityId,
    ]);

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }), { clock });
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    pm = tokenFor(pmId);
    const fixture = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() - 20 * DAY),
    });
    callId = fixture.callId;
    agencies = fixture.agencies;
    officerA = tokenFor(agencies[0].officers[0].id);
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    coordinatorOrg = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    partnerOrg = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    otherOrg = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    evaluatorId = (await createUser(url(), 'EVALUATOR')).id;
    evaluator = tokenFor(evaluatorId);

    for (const [name, acronym] of [
      ['ineligible', 'REDRESS-A'],
      ['late', 'REDRESS-B'],
    ] as const) {
      const made = await ineligibleThroughTheApi(acronym);
      proposals[name] = made.id;
      results[name] = made.resultAt;
    }
    proposals.pending = await proposal('REDRESS-C', 'ELIGIBLE');
    // An evaluated proposal: ranked, with its consensus recorded 3 days ago and a submitted review as history.
    proposals.ranked = await proposal('REDRESS-D', 'RANKED');
    results.ranked = Date.now() - 3 * DAY;
    await queryRows(
      url(),
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, rapporteur_id, rapporteur_at, consensus, consensus_by,
          consensus_at, outcome, weighted_total, unweighted_sum)
       VALUES ($1, 1, $2, $4, '[]'::jsonb, $3, $4, 'ABOVE_THRESHOLD', 12, 12)`,
      [proposals.ranked, evaluatorId, pmId, new Date(results.ranked)],
    );
    await queryRows(
      url(),
      `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, state, origin, affinity, reason,
          offer_expires_at, review_due_at, submitted_at)
       VALUES ($1, $2, $3, 1, $4, 'REVIEW_SUBMITTED', 'AUTO', 80, 'test', now(), now(), now())`,
      [randomUUID(), callId, proposals.ranked, evaluatorId],
    );
    proposals.spare = (await ineligibleThroughTheApi('REDRESS-E')).id;
    clock.set(new Date(results.ineligible + DAY));
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`refuses a request with every broken rule at once (422): \
no result yet for that stage, grounds missing`, async () => {
    const res = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/redress`)
      .set(bearer(coord()))
      .send({ stageNo: 2, grounds: '   ' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.code).toBe('REDRESS_REQUEST_REFUSED');
    expect(errorCodes(res)).toEqual(['GROUNDS_REQUIRED', 'RESULT_NOT_YET_ISSUED']);
    const pending = await http()
      .post(`/api/v1/proposals/${proposals.pending}/redress`)
      .set(bearer(coord()))
      .send({ grounds: 'Procedure not followed' });
    expect(pending.status).toBe(422);
    expect(errorCodes(pending)).toEqual(['RESULT_NOT_YET_ISSUED']);
    const missing = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/redress`)
      .set(bearer(coord()))
      .send({});
    expect(missing.status).toBe(400);
  });

  it('files a request within the window (201), tells the programme managers and audits it', async () => {
    const res = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/redress`)
      .set(bearer(coord()))
      .send({ grounds: '  The regional annex deadline was not announced in the call text.  ' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      proposalId: proposals.ineligible,
      callId,
      stageNo: 1,
      filedBy: coordinatorOrg.userId,
      status: 'FILED',
      outcome: null,
      decidedAt: null,
      grounds: 'The regional annex deadline was not announced in the call text.',
    });
    expect(Date.parse(res.body.resultAt)).toBe(results.ineligible);
    expect(Date.parse(res.body.windowClosesAt)).toBe(results.ineligible + WINDOW);
    expect(Date.parse(res.body.filedAt)).toBe(clock.now().getTime());
    requests.ineligible = res.body.id;
    const messages = await queryRows<{ recipient_user_id: string; subject: string }>(
      url(),
      "SELECT recipient_user_id, subject FROM outbox_message WHERE kind = 'REDRESS_FILED' AND idempotency_key LIKE $1",
      [`redress-filed:${res.body.id}:%`],
    );
    expect(messages.map((m) => m.recipient_user_id)).toContain(pmId);
    expect(messages[0].subject).toContain('REDRESS-A');
    const audit = await auditOf(res.body.id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'redress.filed',
        actor_user_id: coordinatorOrg.userId,
        after: expect.objectContaining({ proposalId: proposals.ineligible, stageNo: 1, status: 'FILED' }),
      }),
    ]);
  });

  it('refuses a second request for the same stage (422 REDRESS_ALREADY_FILED)', async () => {
    const res = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/redress`)
      .set(bearer(coord()))
      .send({ stageNo: 1, grounds: 'Again' });
    expect(res.status).toBe(422);
    expect(errorCodes(res)).toEqual(['REDRESS_ALREADY_FILED']);
  });

  it(`closes the window 30 × 24 h after the result: one millisecond later is 422, \
the last instant is still in`, async () => {
    clock.set(new Date(results.late + WINDOW + 1));
    const late = await http()
      .post(`/api/v1/proposals/${proposals.late}/redress`)
      .set(bearer(coord()))
      .send({ grounds: 'Late grounds' });
    expect(late.status).toBe(422);
    expect(errorCodes(late)).toEqual(['REDRESS_WINDOW_CLOSED']);
    clock.set(new Date(results.late + WINDOW));
    const last = await http()
      .post(`/api/v1/proposals/${proposals.late}/redress`)
      .set(bearer(coord()))
      .send({ grounds: 'Just in time' });
    expect(last.status).toBe(201);
    requests.late = last.body.id;
    clock.set(new Date(results.ineligible + 2 * DAY));
  });

  it(`lets only the coordinator file: a partner’s member, another organisation, \
an agency officer and an evaluator get 404`, async () => {
    for (const token of [tokenFor(partnerOrg.userId), tokenFor(otherOrg.userId), officerA, evaluator]) {
      const res = await http()
        .post(`/api/v1/proposals/${proposals.spare}/redress`)
        .set(bearer(token))
        .send({ grounds: 'Procedure not followed' });
      expect(res.status).toBe(404);
    }
    expect(
      await queryRows(url(), 'SELECT 1 FROM redress_request WHERE proposal_id = $1', [proposals.spare]),
    ).toHaveLength(0);
  });

  it(`files against an evaluated result, measured from when it was sent: the funding decision (not the consensus, which the applicant never sees)`, async () => {
    // Sent with the call's first approved decision, a day after the consensus.
    const decidedAt = results.ranked + DAY;
    await queryRows(
      url(),
      `INSERT INTO funding_decision (id, call_id, revision, status, policy, summary, created_by, decided_at)
       VALUES ($1, $2, 1, 'APPROVED', 'CONTINUE_PAST_GAPS', '{}'::jsonb, $3, $4)`,
      [randomUUID(), callId, pmId, new Date(decidedAt)],
    );
    results.ranked = decidedAt;
    clock.set(new Date(results.ranked + 10 * DAY));
    const res = await http()
      .post(`/api/v1/proposals/${proposals.ranked}/redress`)
      .set(bearer(coord()))
      .send({ grounds: 'A reviewer had a conflict of interest.' });
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.resultAt)).toBe(results.ranked);
    requests.ranked = res.body.id;
  });

  it(`shows a proposal’s requests to its applicants and the programme managers; 404 to officers, \
evaluators and other organisations`, async () => {
    for (const token of [coord(), tokenFor(partnerOrg.userId), pm]) {
      const res = await http().get(`/api/v1/proposals/${proposals.ineligible}/redress`).set(bearer(token));
      expect(res.status).toBe(200);
      expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([requests.ineligible]);
    }
    for (const token of [officerA, evaluator, tokenFor(otherOrg.userId)]) {
      expect((await http().get(`/api/v1/proposals/${proposals.ineligible}/redress`).set(bearer(token))).status).toBe(
        404,
      );
    }
  });

  it(`lists a call’s requests for programme managers, paginated and filtered \
by status; 404 for anyone else`, async () => {
    const first = await http().get(`/api/v1/calls/${callId}/redress?limit=2`).set(bearer(pm));
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await http()
      .get(`/api/v1/calls/${callId}/redress?limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(pm));
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect(new Set([...first.body.items, ...second.body.items].map((r: { id: string }) => r.id))).toEqual(
      new Set([requests.ineligible, requests.late, requests.ranked]),
    );
    const filed = await http().get(`/api/v1/calls/${callId}/redress?status=FILED`).set(bearer(pm));
    expect(filed.body.items).toHaveLength(3);
    expect((await http().get(`/api/v1/calls/${callId}/redress?status=UPHELD`).set(bearer(pm))).body.items).toHaveLength(
      0,
    );
    expect((await http().get(`/api/v1/calls/${callId}/redress?status=MAYBE`).set(bearer(pm))).status).toBe(400);
    for (const token of [officerA, evaluator, coord()]) {
      expect((await http().get(`/api/v1/calls/${callId}/redress`).set(bearer(token))).status).toBe(404);
    }
    expect((await http().get(`/api/v1/calls/${randomUUID()}/redress`).set(bearer(pm))).status).toBe(404);
  });

  it('records no outcome for anyone but a programme manager (404), nor an invalid one (400)', async () => {
    for (const token of [officerA, evaluator, coord(), tokenFor(partnerOrg.userId)]) {
      const res = await http()
        .post(`/api/v1/redress/${requests.ineligible}/outcome`)
        .set(bearer(token))
        .send({ outcome: 'REJECTED', reason: 'No procedural fault' });
      expect(res.status).toBe(404);
    }
    expect(
      (
        await http()
          .post(`/api/v1/redress/${requests.ineligible}/outcome`)
          .set(bearer(pm))
          .send({ outcome: 'UPHELD', reason: 'x' })
      ).status,
    ).toBe(400);
    expect(
      (
        await http()
          .post(`/api/v1/redress/${randomUUID()}/outcome`)
          .set(bearer(pm))
          .send({ outcome: 'REJECTED', reason: 'No procedural fault' })
      ).status,
    ).toBe(404);
  });

  it(`upheld, re-opening eligibility: decisions PENDING again, ELIGIBILITY_CHECK, officers asked again, \
coordinator told, audited; a second outcome is 409`, async () => {
    const now = clock.now().getTime();
    const res = await http()
      .post(`/api/v1/redress/${requests.ineligible}/outcome`)
      .set(bearer(pm))
      .send({ outcome: 'UPHELD_REOPEN_ELIGIBILITY', reason: 'The annex deadline was indeed not announced.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'UPHELD',
      outcome: 'UPHELD_REOPEN_ELIGIBILITY',
      outcomeReason: 'The annex deadline was indeed not announced.',
      decidedBy: pmId,
    });
    const [p] = await queryRows<{ state: string; eligibility_reasons: unknown; eligibility_round: number }>(
      url(),
      'SELECT state, eligibility_reasons, eligibility_round FROM proposal WHERE id = $1',
      [proposals.ineligible],
    );
    expect(p).toEqual({ state: 'ELIGIBILITY_CHECK', eligibility_reasons: null, eligibility_round: 1 });
    const decisions = await queryRows<{
      decision: string;
      reason: string | null;
      decided_at: Date | null;
      due_at: Date;
    }>(url(), 'SELECT decision, reason, decided_at, due_at FROM eligibility_decision WHERE proposal_id = $1', [
      proposals.ineligible,
    ]);
    expect(decisions).toHaveLength(2);
    for (const d of decisions) {
      expect(d).toMatchObject({ decision: 'PENDING', reason: null, decided_at: null });
      // The call's eligibility period (eligibility deadline − submission deadline: 10 days in the fixture) from now.
      expect(d.due_at.getTime()).toBe(now + 10 * DAY);
    }
    const recheck = await queryRows<{ recipient_user_id: string }>(
      url(),
      'SELECT recipient_user_id FROM outbox_message ' +
        "WHERE kind = 'ELIGIBILITY_RECHECK_REQUESTED' AND idempotency_key LIKE $1",
      [`redress-recheck:${requests.ineligible}:%`],
    );
    expect(recheck.map((m) => m.recipient_user_id).sort()).toEqual(agencies.map((a) => a.officers[0].id).sort());
    const told = await queryRows<{ recipient_user_id: string; body_text: string }>(
      url(),
      'SELECT recipient_user_id, body_text FROM outbox_message ' +
        "WHERE kind = 'REDRESS_OUTCOME' AND idempotency_key LIKE $1",
      [`redress-outcome:${requests.ineligible}:%`],
    );
    expect(told.map((m) => m.recipient_user_id)).toEqual([coordinatorOrg.userId]);
    expect(told[0].body_text).toContain('eligibility check of your proposal is re-opened');
    expect((await auditOf(requests.ineligible)).map((a) => a.action)).toEqual(['redress.filed', 'redress.decided']);
    const reopened = (await auditOf(proposals.ineligible)).filter(
      (a) => a.action === 'proposal.redress-eligibility-reopened',
    );
    expect(reopened).toEqual([
      expect.objectContaining({
        actor_user_id: pmId,
        before: expect.objectContaining({ state: 'INELIGIBLE' }),
        after: expect.objectContaining({
          state: 'ELIGIBILITY_CHECK',
          decisionsPending: 2,
          redressRequestId: requests.ineligible,
        }),
      }),
    ]);

    const again = await http()
      .post(`/api/v1/redress/${requests.ineligible}/outcome`)
      .set(bearer(pm))
      .send({ outcome: 'REJECTED', reason: 'Changed my mind' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REDRESS_ALREADY_DECIDED');
  });

  it('gives the re-opened check a result of its own: audited and told again', async () => {
    const decided = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/eligibility/${coordinatorOrg.organisationId}`)
      .set(bearer(officerA))
      .send({ decision: 'INELIGIBLE', reason: 'Still not an SME' });
    expect(decided.status).toBe(200);
    expect(decided.body.proposalState).toBe('INELIGIBLE');
    expect((await auditOf(proposals.ineligible)).filter((a) => a.action === 'proposal.ineligible')).toHaveLength(2);
    const results = await queryRows(
      url(),
      "SELECT 1 FROM outbox_message WHERE kind = 'PROPOSAL_ELIGIBILITY_RESULT' AND recipient_user_id = $1 " +
        'AND idempotency_key LIKE $2',
      [coordinatorOrg.userId, `eligibility-result:${proposals.ineligible}:%`],
    );
    expect(results).toHaveLength(2);
    // One request per stage: the new result opens no second one.
    const res = await http()
      .post(`/api/v1/proposals/${proposals.ineligible}/redress`)
      .set(bearer(coord()))
      .send({ grounds: 'Once more' });
    expect(errorCodes(res)).toEqual(['REDRESS_ALREADY_FILED']);
  });

  it(`upheld, re-opening evaluation: ELIGIBLE again, consensus cleared, \
earlier assignments withdrawn for a fresh panel`, async () => {
    const res = await http()
      .post(`/api/v1/redress/${requests.ranked}/outcome`)
      .set(bearer(pm))
      .send({ outcome: 'UPHELD_REOPEN_EVALUATION', reason: 'The reviewer’s conflict is confirmed.' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('UPHELD');
    const [p] = await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [
      proposals.ranked,
    ]);
    expect(p.state).toBe('ELIGIBLE');
    const [evaluation] = await queryRows(
      url(),
      'SELECT consensus, consensus_at, outcome, rapporteur_id FROM proposal_evaluation ' +
        'WHERE proposal_id = $1 AND stage_no = 1',
      [proposals.ranked],
    );
    expect(evaluation).toEqual({ consensus: null, consensus_at: null, outcome: null, rapporteur_id: null });
    expect(
      await queryRows(url(), "SELECT 1 FROM review_assignment WHERE proposal_id = $1 AND state = 'REVIEW_SUBMITTED'", [
        proposals.ranked,
      ]),
    ).toHaveLength(0);
    expect(
      await queryRows(url(), "SELECT 1 FROM review_assignment WHERE proposal_id = $1 AND state = 'WITHDRAWN'", [
        proposals.ranked,
      ]),
    ).toHaveLength(1);
    const reopened = (await auditOf(proposals.ranked)).filter(
      (a) => a.action === 'proposal.redress-evaluation-reopened',
    );
    expect(reopened).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({ state: 'RANKED', assignments: { REVIEW_SUBMITTED: 1 } }),
        after: expect.objectContaining({ state: 'ELIGIBLE', consensusCleared: true, assignmentsWithdrawn: 1 }),
      }),
    ]);
    const told = await queryRows<{ body_text: string }>(
      url(),
      "SELECT body_text FROM outbox_message WHERE kind = 'REDRESS_OUTCOME' AND idempotency_key LIKE $1",
      [`redress-outcome:${requests.ranked}:%`],
    );
    expect(told).toHaveLength(1);
    expect(told[0].body_text).toContain('evaluation of your proposal is re-opened');
  });

  it(`refuses an outcome while the call is in another state (409 naming it), then rejects: \
no state change, coordinator told, audited`, async () => {
    await queryRows(url(), "UPDATE joint_call SET state = 'FUNDING_DECISION' WHERE id = $1", [callId]);
    const refused = await http()
      .post(`/api/v1/redress/${requests.late}/outcome`)
      .set(bearer(pm))
      .send({ outcome: 'REJECTED', reason: 'No procedural fault found.' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CALL_STATE_CONFLICT');
    expect(refused.body.detail).toContain('FUNDING_DECISION');
    await queryRows(url(), "UPDATE joint_call SET state = 'RANKED' WHERE id = $1", [callId]);

    const res = await http()
      .post(`/api/v1/redress/${requests.late}/outcome`)
      .set(bearer(pm))
      .send({ outcome: 'REJECTED', reason: 'No procedural fault found.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'REJECTED', outcome: 'REJECTED' });
    const [p] = await queryRows<{ state: string; eligibility_round: number }>(
      url(),
      'SELECT state, eligibility_round FROM proposal WHERE id = $1',
      [proposals.late],
    );
    expect(p).toEqual({ state: 'INELIGIBLE', eligibility_round: 0 });
    expect((await auditOf(proposals.late)).filter((a) => a.action.startsWith('proposal.redress'))).toHaveLength(0);
    expect((await auditOf(requests.late)).map((a) => a.action)).toEqual(['redress.filed', 'redress.decided']);
    expect(
      await queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'REDRESS_OUTCOME' AND idempotency_key LIKE $1",
        [`redress-outcome:${requests.late}:%`],
      ),
    ).toHaveLength(1);
    const listed = await http().get(`/api/v1/calls/${callId}/redress?status=REJECTED`).set(bearer(pm));
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([requests.late]);
  });

  it('audits every write: each request filed and decided once', async () => {
    for (const id of [requests.ineligible, requests.late, requests.ranked]) {
      const actions = (await auditOf(id)).map((a) => a.action);
      expect(actions).toEqual(['redress.filed', 'redress.decided']);
    }
    const decided = await auditOf(requests.ranked);
    expect(decided[1]).toMatchObject({
      actor_user_id: pmId,
      before: { status: 'FILED' },
      after: expect.objectContaining({ status: 'UPHELD', outcome: 'UPHELD_REOPEN_EVALUATION' }),
    });
  });
});
