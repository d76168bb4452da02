import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Workbook } from 'exceljs';
import request from 'supertest';
import { weightedTotalText } from '@app/domain';
import { createAgency, createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, type EvaluatorFixture } from '../utils/review-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CRITERIA = [
  { name: 'Excellence', weight: 2, threshold: 3 },
  { name: 'Impact', weight: 1, threshold: 3 },
  { name: 'Quality and efficiency of implementation', weight: 1, threshold: 3 },
];
const [EXC, IMP, QUA] = CRITERIA.map((c) => c.name);
type Triple = [number, number, number];
const lines = (s: Triple, comment = 'Agreed in the panel.') =>
  CRITERIA.map((c, i) => ({ criterion: c.name, score: s[i], comment }));

/** A tiny RFC 4180 reader: quoted fields with doubled quotes, commas and line breaks inside, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * Rapporteurs, reviews, consensus and the ranking with its exports over HTTP on real PostgreSQL
 *. Fixtures are written in SQL: a call IN_EVALUATION with weighted criteria
 * (Excellence ×2), proposals REVIEWED with three submitted reviews each. The tests run in order.
 */
describe('consensus and ranking', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  let pm: string;
  let callId: string;
  let officerITH2: string;
  let officerElsewhere: string;
  let applicantA: string;
  const ev: EvaluatorFixture[] = [];
  let outsiderEvaluator: EvaluatorFixture;
  const tok = (e: EvaluatorFixture) => tokenFor(e.id);
  /** name → proposal id */
  const P: Record<string, string> = {};

  async function proposal(
    name: string,
    input: {
      title?: string;
      state?: string;
      submittedAt: Date;
      partners: Array<{ region: string; type: string; grant: number; funded?: boolean }>;
    },
  ): Promise<{ id: string; applicantUserId: string }> {
    const orgs = [];
    for (const p of input.partners)
      orgs.push({ ...p, ...(await createApplicantOrganisation(url(), p.region, p.type)) });
    const id = randomUUID();
    const content = {
      acronym: name,
      title: input.title ?? `${name} alpine pilot lines`,
      abstract: 'abstract',
      topic: 'Advanced manufacturing',
      keywords: ['robotics'],
      transformativeActivityCodes: [],
      durationMonths: 24,
      partners: orgs.map((o, i) => ({
        organisationId: o.organisationId,
        organisationType: o.type,
        regionCode: o.region,
        role: i === 0 ? 'COORDINATOR' : 'PARTNER',
        funded: o.funded ?? true,
        eligibleCosts: o.grant * 2,
        requestedGrant: o.grant,
      })),
      workPlan: [],
      kpiTargets: {},
      attachments: [],
    };
    const json = JSON.stringify(content);
    await queryRows(
      url(),
      'INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, ' +
        'created_by, last_version, last_submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9)',
      [
        id,
        callId,
        orgs[0].organisationId,
        input.state ?? 'REVIEWED',
        name,
        content.title,
        json,
        orgs[0].userId,
        input.submittedAt,
      ],
    );
    await queryRows(
      url(),
      'INSERT INTO proposal_version (proposal_id, version, content, canonical_json, sha256, submitted_at, ' +
        'submitted_by) VALUES ($1, 1, $2, $3, $4, $5, $6)',
      [id, json, json, createHash('sha256').update(json).digest('hex'), input.submittedAt, orgs[0].userId],
    );
    for (const [i, o] of orgs.entries()) {
      await queryRows(
        url(),
        'INSERT INTO proposal_partner (proposal_id, organisation_id, role, status, funded, eligible_costs, ' +
          "requested_grant) VALUES ($1, $2, $3, 'ACCEPTED', $4, $5, $6)",
        [id, o.organisationId, i === 0 ? 'COORDINATOR' : 'PARTNER', o.funded ?? true, o.grant * 2, o.grant],
      );
    }
    P[name] = id;
    return { id, applicantUserId: orgs[0].userId };
  }

  async function assignment(
    proposalId: string,
    evaluator: EvaluatorFixture,
    state: string,
    scores?: Triple,
  ): Promise<string> {
    const id = randomUUID();
    await queryRows(
      url(),
      `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, state, origin, affinity, reason,
          offered_at, offer_expires_at, review_due_at, submitted_at)
       VALUES ($1, $2, $3, 1, $4, $5, 'MANUAL', 50, 'fixture', now() - interval '10 days', now() - interval '5 days',
         now() + interval '10 days', $6)`,
      [id, callId, proposalId, evaluator.id, state, scores ? new Date() : null],
    );
    if (scores) {
      const review = lines(scores, `Review by ${evaluator.email}`);
      await queryRows(
        url(),
        'INSERT INTO review (assignment_id, scores, state, weighted_total, submitted_at) ' +
          "VALUES ($1, $2, 'SUBMITTED', $3, clock_timestamp())",
        [id, JSON.stringify(review), weightedTotalText(CRITERIA, review)],
      );
    }
    return id;
  }

  async function reviewed(proposalId: string, scores: [Triple, Triple, Triple]): Promise<void> {
    for (let i = 0; i < 3; i += 1) await assignment(proposalId, ev[i], 'REVIEW_SUBMITTED', scores[i]);
  }

  const consensus = (id: string, token: string, scores: unknown) =>
    http().put(`/api/v1/proposals/${id}/consensus`).set(bearer(token)).send({ scores });

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    const pmUser = await createUser(url(), 'PROGRAMME_MANAGER');
    pm = tokenFor(pmUser.id);
    const fixture = await openCallFixture(url(), {
      createdBy: pmUser.id,
      regions: ['ITH2', 'AT31', 'CH02'],
      submissionDeadline: new Date(Date.now() - 20 * DAY),
      overrides: { criteria: CRITERIA, overallThreshold: 10 },
    });
    callId = fixture.callId;
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    officerITH2 = tokenFor(fixture.agencies.find((a) => a.regionCode === 'ITH2')!.officers[0].id);
    officerElsewhere = tokenFor((await createAgency(url(), 'DE2')).officers[0].id);
    for (let i = 0; i < 4; i += 1)
      ev.push(await createPoolEvaluator(url(), callId, pmUser.id, { expertise: ['robotics'], country: 'FR' }));
    outsiderEvaluator = await createPoolEvaluator(url(), callId, pmUser.id, { expertise: ['robotics'], country: 'DE' });

    const t0 = Date.now() - 25 * DAY;
    const at = (hours: number) => new Date(t0 + hours * 3_600_000);
    // Consensus (Excellence ×2, Impact, Quality): A 5/4/4 = 18; B 4/4/4 = 16; C and D 3.5/5/4 = 16 (C submitted first,
    // D has the larger SME share);
    // E 5/2.5/5 = 17.5 but Impact under 3; F 3/3/3.5: weighted 12.5 ≥ 10, yet the unweighted sum 9.5 < 10.
    const a = await proposal('ALPHA', {
      submittedAt: at(5),
      partners: [
        { region: 'ITH2', type: 'SME', grant: 100_000 },
        { region: 'AT31', type: 'UNIVERSITY', grant: 50_000 },
      ],
    });
    applicantA = tokenFor(a.applicantUserId);
    await proposal('BRAVO', {
      submittedAt: at(4),
      partners: [
        { region: 'ITH2', type: 'RESEARCH_ORG', grant: 70_000 },
        { region: 'AT31', type: 'SME', grant: 30_000 },
      ],
    });
    await proposal('CHARLIE', {
      title: 'Cross-border "pilot", lines',
      submittedAt: at(1),
      partners: [
        { region: 'AT31', type: 'SME', grant: 20_000 },
        { region: 'CH02', type: 'UNIVERSITY', grant: 80_000 },
      ],
    });
    await proposal('DELTA', {
      title: '=HYPERLINK("http://x")',
      submittedAt: at(2),
      partners: [
        { region: 'AT31', type: 'SME', grant: 60_000 },
        { region: 'CH02', type: 'UNIVERSITY', grant: 40_000 },
        { region: 'CH02', type: 'SME', grant: 0, funded: false },
      ],
    });
    await proposal('ECHO', {
      submittedAt: at(3),
      partners: [
        { region: 'ITH2', type: 'SME', grant: 10_000 },
        { region: 'AT31', type: 'SME', grant: 10_000 },
      ],
    });
    await proposal('FOXTROT', {
      submittedAt: at(6),
      partners: [
        { region: 'AT31', type: 'SME', grant: 10_000 },
        { region: 'CH02', type: 'SME', grant: 10_000 },
      ],
    });
    await proposal('GOLF', {
      state: 'IN_REVIEW',
      submittedAt: at(7),
      partners: [
        { region: 'ITH2', type: 'SME', grant: 10_000 },
        { region: 'AT31', type: 'SME', grant: 10_000 },
      ],
    });
    // ALPHA's Excellence spreads 2.5 points (5, 4.5, 2.5): flagged for discussion; mean 4 is the suggestion.
    await reviewed(P.ALPHA, [
      [5, 4, 4],
      [4.5, 4, 4.5],
      [2.5, 4, 3.5],
    ]);
    for (const name of ['BRAVO', 'CHARLIE', 'DELTA', 'ECHO', 'FOXTROT'])
      await reviewed(P[name], [
        [4, 4, 4],
        [4, 4, 4],
        [4, 4, 4],
      ]);
    await assignment(P.GOLF, ev[0], 'ACCEPTED');
    await assignment(P.ALPHA, ev[3], 'OFFERED');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`designates a rapporteur among the proposal’s accepted evaluators only (422 otherwise), \
audited and told by e-mail once`, async () => {
    const offered = await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[3].id });
    expect(offered.status).toBe(422);
    expect(offered.body.code).toBe('RAPPORTEUR_NOT_ASSIGNED');
    expect(offered.body.errors).toEqual([
      expect.objectContaining({ field: 'evaluatorId', code: 'RAPPORTEUR_NOT_ASSIGNED' }),
    ]);
    const outsider = await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: outsiderEvaluator.id });
    expect(outsider.body.code).toBe('RAPPORTEUR_NOT_ASSIGNED');
    const wrongStage = await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[0].id, stageNo: 2 });
    expect(wrongStage.status).toBe(422);
    expect(wrongStage.body.errors).toEqual([expect.objectContaining({ field: 'stageNo', code: 'INVALID_STAGE' })]);
    const invalid = await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: 'nope' });
    expect(invalid.status).toBe(400);
    for (const token of [officerITH2, applicantA, tok(ev[0])]) {
      expect(
        (await http().put(`/api/v1/proposals/${P.ALPHA}/rapporteur`).set(bearer(token)).send({ evaluatorId: ev[0].id }))
          .status,
      ).toBe(403);
    }

    const designated = await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[0].id });
    expect(designated.status).toBe(200);
    expect(designated.body).toMatchObject({
      proposalId: P.ALPHA,
      stageNo: 1,
      rapporteurId: ev[0].id,
      rapporteurName: 'EVALUATOR',
    });
    await http()
      .put(`/api/v1/proposals/${P.ALPHA}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[0].id })
      .expect(200);
    const mails = await queryRows<{ subject: string }>(
      url(),
      "SELECT subject FROM outbox_message WHERE kind = 'RAPPORTEUR_DESIGNATED' AND recipient_user_id = $1",
      [ev[0].id],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toContain('ALPHA');
    const audit = await queryRows<{ before: unknown; after: unknown }>(
      url(),
      "SELECT before, after FROM audit_event WHERE action = 'proposal.rapporteur-designated' AND entity_id = $1",
      [P.ALPHA],
    );
    expect(audit).toEqual([
      { before: { stageNo: 1, rapporteurId: null }, after: { stageNo: 1, rapporteurId: ev[0].id } },
    ]);

    // An accepted (not yet submitted) assignment qualifies too; a call outside IN_EVALUATION refuses (409).
    await http()
      .put(`/api/v1/proposals/${P.GOLF}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[0].id })
      .expect(200);
    await queryRows(url(), "UPDATE joint_call SET state = 'RANKED' WHERE id = $1", [callId]);
    const closed = await http()
      .put(`/api/v1/proposals/${P.BRAVO}/rapporteur`)
      .set(bearer(pm))
      .send({ evaluatorId: ev[1].id });
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain('RANKED');
  });

  it(`shows the reviews with identities, spread and suggested consensus to the programme manager and the \
rapporteur; 404 for everyone else`, async () => {
    const asPm = await http().get(`/api/v1/proposals/${P.ALPHA}/reviews`).set(bearer(pm)).expect(200);
    expect(asPm.body.reviews).toHaveLength(3);
    expect(new Set(asPm.body.reviews.map((r: { evaluatorId: string }) => r.evaluatorId))).toEqual(
      new Set([ev[0].id, ev[1].id, ev[2].id]),
    );
    const first = asPm.body.reviews.find((r: { evaluatorId: string }) => r.evaluatorId === ev[0].id);
    expect(first).toMatchObject({
      evaluatorName: 'EVALUATOR',
      weightedTotal: '18',
      scores: lines([5, 4, 4], `Review by ${ev[0].email}`),
    });
    expect(asPm.body.spread.flaggedForDiscussion).toBe(true);
    expect(asPm.body.spread.flaggedCriteria).toEqual([EXC]);
    expect(asPm.body.spread.criteria[0]).toMatchObject({
      criterion: EXC,
      min: 2.5,
      max: 5,
      spread: 2.5,
      suggestedConsensus: 4,
    });
    expect(asPm.body.suggestedConsensus).toEqual([
      { criterion: EXC, score: 4 },
      { criterion: IMP, score: 4 },
      { criterion: QUA, score: 4 },
    ]);
    expect(asPm.body.rapporteurId).toBe(ev[0].id);

    const asRapporteur = await http()
      .get(`/api/v1/proposals/${P.ALPHA}/reviews`)
      .set(bearer(tok(ev[0])))
      .expect(200);
    expect(asRapporteur.body.reviews).toEqual(asPm.body.reviews);
    for (const token of [tok(ev[1]), tok(ev[3]), tok(outsiderEvaluator), applicantA, officerITH2, officerElsewhere]) {
      const res = await http().get(`/api/v1/proposals/${P.ALPHA}/reviews`).set(bearer(token));
      expect(res.status).toBe(404);
    }
    // The rapporteur of ALPHA is nobody special for BRAVO.
    expect(
      (
        await http()
          .get(`/api/v1/proposals/${P.BRAVO}/reviews`)
          .set(bearer(tok(ev[0])))
      ).status,
    ).toBe(404);
  });

  it(`refuses an invalid consensus naming every field (422), \
callers other than the PM and the rapporteur (404) and wrong states (409)`, async () => {
    const bad = await consensus(P.ALPHA, pm, [
      { criterion: EXC, score: 4.3, comment: ' ' },
      { criterion: 'Beauty', score: 3, comment: 'x' },
      { criterion: IMP, score: 7, comment: 'ok' },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect(bad.body.code).toBe('INVALID_CONSENSUS');
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual(
      [
        'scores:MISSING_CRITERION',
        'scores[0].comment:COMMENT_REQUIRED',
        'scores[0].score:SCORE_NOT_HALF_STEP',
        'scores[1].criterion:UNKNOWN_CRITERION',
        'scores[2].score:SCORE_OUT_OF_RANGE',
      ].sort(),
    );
    const missing = await consensus(P.ALPHA, pm, [{ criterion: EXC }]);
    expect(missing.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([
        'scores[0].score:SCORE_REQUIRED',
        'scores[0].comment:COMMENT_REQUIRED',
        'scores:MISSING_CRITERION',
      ]),
    );
    for (const token of [tok(ev[1]), applicantA, officerITH2])
      expect((await consensus(P.ALPHA, token, lines([5, 4, 4]))).status).toBe(404);
    const inReview = await consensus(P.GOLF, pm, lines([4, 4, 4]));
    expect(inReview.status).toBe(409);
    expect(inReview.body.detail).toContain('IN_REVIEW');
    await queryRows(url(), "UPDATE joint_call SET state = 'FUNDING_DECISION' WHERE id = $1", [callId]);
    const decided = await consensus(P.ALPHA, pm, lines([5, 4, 4]));
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    expect(decided.status).toBe(409);
    expect(decided.body.detail).toContain('FUNDING_DECISION');
    const [{ state }] = await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [
      P.ALPHA,
    ]);
    expect(state).toBe('REVIEWED');
  });

  it(`records the consensus: RANKED, or BELOW_THRESHOLD by a criterion or by the unweighted sum (weights never move \
thresholds); a revision recomputes`, async () => {
    const alpha = await consensus(P.ALPHA, tok(ev[0]), [...lines([5, 4, 4])].reverse());
    expect(alpha.status).toBe(200);
    expect(alpha.body).toMatchObject({
      state: 'RANKED',
      outcome: 'ABOVE_THRESHOLD',
      reasons: [],
      weightedTotal: '18',
      unweightedSum: 13,
      flaggedForDiscussion: true,
      consensusBy: ev[0].id,
    });
    expect(alpha.body.consensus.map((l: { criterion: string }) => l.criterion)).toEqual([EXC, IMP, QUA]);

    const echo = await consensus(P.ECHO, pm, lines([5, 2.5, 5]));
    expect(echo.body).toMatchObject({
      state: 'BELOW_THRESHOLD',
      outcome: 'BELOW_THRESHOLD',
      weightedTotal: '17.5',
      unweightedSum: 12.5,
    });
    expect(echo.body.reasons).toEqual([
      { code: 'CRITERION_BELOW_THRESHOLD', criterion: IMP, score: 2.5, threshold: 3 },
    ]);
    const foxtrot = await consensus(P.FOXTROT, pm, lines([3, 3, 3.5]));
    expect(foxtrot.body).toMatchObject({ state: 'BELOW_THRESHOLD', weightedTotal: '12.5', unweightedSum: 9.5 });
    expect(foxtrot.body.reasons).toEqual([{ code: 'SUM_BELOW_OVERALL_THRESHOLD', sum: 9.5, threshold: 10 }]);

    const bravoFirst = await consensus(P.BRAVO, pm, lines([4, 2, 4]));
    expect(bravoFirst.body.state).toBe('BELOW_THRESHOLD');
    const bravo = await consensus(P.BRAVO, pm, lines([4, 4, 4]));
    expect(bravo.body).toMatchObject({ state: 'RANKED', outcome: 'ABOVE_THRESHOLD', weightedTotal: '16' });
    const audit = await queryRows<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }>(
      url(),
      'SELECT action, before, after FROM audit_event ' +
        "WHERE entity_type = 'proposal' AND entity_id = $1 AND action LIKE 'proposal.consensus%' ORDER BY id",
      [P.BRAVO],
    );
    expect(audit.map((a) => a.action)).toEqual(['proposal.consensus-recorded', 'proposal.consensus-revised']);
    expect(audit[1].before).toMatchObject({
      state: 'BELOW_THRESHOLD',
      outcome: 'BELOW_THRESHOLD',
      weightedTotal: '14',
    });
    expect(audit[1].after).toMatchObject({
      state: 'RANKED',
      outcome: 'ABOVE_THRESHOLD',
      weightedTotal: '16',
      consensus: lines([4, 4, 4]),
    });

    await consensus(P.CHARLIE, pm, lines([3.5, 5, 4])).expect(200);
    await consensus(P.DELTA, pm, lines([3.5, 5, 4])).expect(200);
    const states = await queryRows<{ acronym: string; state: string }>(
      url(),
      'SELECT acronym, state FROM proposal WHERE call_id = $1 ORDER BY acronym',
      [callId],
    );
    expect(Object.fromEntries(states.map((s) => [s.acronym, s.state]))).toEqual({
      ALPHA: 'RANKED',
      BRAVO: 'RANKED',
      CHARLIE: 'RANKED',
      DELTA: 'RANKED',
      ECHO: 'BELOW_THRESHOLD',
      FOXTROT: 'BELOW_THRESHOLD',
      GOLF: 'IN_REVIEW',
    });
  });

  it(`ranks in a strict V8 order with the tie-breaks named, \
for programme managers with anonymised individual scores, whatever the row order`, async () => {
    const res = await http().get(`/api/v1/calls/${callId}/ranking`).set(bearer(pm)).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
    const items = res.body.items as Array<Record<string, any>>;
    expect(items.map((i) => [i.acronym, i.rank])).toEqual([
      ['ALPHA', 1],
      ['BRAVO', 2],
      ['DELTA', 3],
      ['CHARLIE', 4],
      ['ECHO', null],
      ['FOXTROT', null],
    ]);
    expect(items.map((i) => i.separatedFromAbove)).toEqual([
      null,
      { decidedBy: 'WEIGHTED_TOTAL' },
      { decidedBy: 'FIRST_CRITERION', criterion: EXC },
      { decidedBy: 'SME_SHARE' },
      null,
      null,
    ]);
    const delta = items[2];
    expect(delta).toMatchObject({
      outcome: 'ABOVE_THRESHOLD',
      weightedTotal: '16',
      unweightedSum: 12.5,
      smeShareBps: 6000,
      scores: [
        { criterion: EXC, score: 3.5 },
        { criterion: IMP, score: 5 },
        { criterion: QUA, score: 4 },
      ],
      requestedFunding: [
        { regionCode: 'AT31', currency: 'EUR', amount: 60_000 },
        { regionCode: 'CH02', currency: 'CHF', amount: 40_000 },
      ],
    });
    expect(items[3].smeShareBps).toBe(2000);
    expect(items[4]).toMatchObject({
      outcome: 'BELOW_THRESHOLD',
      reasons: [{ code: 'CRITERION_BELOW_THRESHOLD', criterion: IMP }],
    });
    expect(items[0].reviewerScores.map((r: { reviewer: string }) => r.reviewer)).toEqual([
      'Reviewer 1',
      'Reviewer 2',
      'Reviewer 3',
    ]);
    expect(
      items[0].reviewerScores.flatMap((r: { scores: Array<{ score: number }> }) => r.scores.map((s) => s.score)).sort(),
    ).toEqual([2.5, 3.5, 4, 4, 4, 4, 4.5, 4.5, 5].sort());
    const text = JSON.stringify(res.body);
    for (const e of ev) expect(text).not.toContain(e.id);
    expect(text).not.toContain('evaluatorName');

    // Rewrite every row (PostgreSQL appends new tuple versions, so the physical order changes): the same ranking.
    await queryRows(url(), 'UPDATE proposal_evaluation SET updated_at = updated_at WHERE proposal_id = ANY($1)', [
      [P.ALPHA, P.CHARLIE],
    ]);
    await queryRows(url(), 'UPDATE proposal SET updated_at = updated_at WHERE id = ANY($1)', [[P.BRAVO, P.ALPHA]]);
    const again = await http().get(`/api/v1/calls/${callId}/ranking`).set(bearer(pm)).expect(200);
    expect(again.body).toEqual(res.body);

    const below = await http().get(`/api/v1/calls/${callId}/ranking?state=BELOW_THRESHOLD`).set(bearer(pm)).expect(200);
    expect(below.body.items.map((i: { acronym: string }) => i.acronym)).toEqual(['ECHO', 'FOXTROT']);
    const swiss = await http().get(`/api/v1/calls/${callId}/ranking?region=CH02&stageNo=1`).set(bearer(pm)).expect(200);
    expect(swiss.body.items.map((i: { acronym: string; rank: number | null }) => [i.acronym, i.rank])).toEqual([
      ['DELTA', 3],
      ['CHARLIE', 4],
      ['FOXTROT', null],
    ]);
    const stage2 = await http().get(`/api/v1/calls/${callId}/ranking?stageNo=2`).set(bearer(pm));
    expect(stage2.status).toBe(422);
    expect(stage2.body.code).toBe('INVALID_STAGE');
  });

  it(`shows an agency officer its region’s proposals with consensus results only; 404 for applicants, \
evaluators and other agencies`, async () => {
    const res = await http().get(`/api/v1/calls/${callId}/ranking`).set(bearer(officerITH2)).expect(200);
    const items = res.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.acronym, i.rank])).toEqual([
      ['ALPHA', 1],
      ['BRAVO', 2],
      ['ECHO', null],
    ]);
    for (const item of items) expect(item).not.toHaveProperty('reviewerScores');
    expect(items[0].requestedFunding).toEqual([
      { regionCode: 'AT31', currency: 'EUR', amount: 50_000 },
      { regionCode: 'ITH2', currency: 'EUR', amount: 100_000 },
    ]);
    const csv = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .set(bearer(officerITH2))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(csv.text).not.toContain('Reviewer');
    for (const token of [applicantA, tok(ev[0]), officerElsewhere]) {
      expect((await http().get(`/api/v1/calls/${callId}/ranking`).set(bearer(token))).status).toBe(404);
    }
    expect((await http().get(`/api/v1/calls/${randomUUID()}/ranking`).set(bearer(pm))).status).toBe(404);
  });

  it('exports the ranking as RFC 4180 CSV with one column per criterion', async () => {
    const res = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .set(bearer(pm))
      .set('Accept', 'text/csv')
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`ranking-${callId}-stage-1.csv`);
    expect(res.text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(res.text);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(header.slice(0, 11)).toEqual([
      'Rank',
      'Acronym',
      'Title',
      'State',
      'Outcome',
      'Reasons',
      'Weighted total',
      'Unweighted sum',
      EXC,
      IMP,
      QUA,
    ]);
    expect(header).toEqual(expect.arrayContaining(['Requested CH02 (CHF minor units)', 'Reviewer 3: Excellence']));
    const col = (name: string) => header.indexOf(name);
    const byAcronym = Object.fromEntries(rows.map((r) => [r[col('Acronym')], r]));
    expect([EXC, IMP, QUA].map((c) => byAcronym.CHARLIE[col(c)])).toEqual(['3.5', '5', '4']);
    expect(byAcronym.CHARLIE[col('Title')]).toBe('Cross-border "pilot", lines');
    expect(byAcronym.DELTA[col('Title')]).toBe('\'=HYPERLINK("http://x")');
    expect(byAcronym.CHARLIE[col('Rank')]).toBe('4');
    expect(byAcronym.CHARLIE[col('Separated from the one above by')]).toBe('SME_SHARE');
    expect(byAcronym.CHARLIE[col('Requested CH02 (CHF minor units)')]).toBe('80000');
    expect(byAcronym.FOXTROT[col('Rank')]).toBe('');
    expect(byAcronym.FOXTROT[col('Reasons')]).toBe('sum 9.5 below overall threshold 10');
    expect(rows.map((r) => r[col('Acronym')])).toEqual(['ALPHA', 'BRAVO', 'DELTA', 'CHARLIE', 'ECHO', 'FOXTROT']);
    expect(byAcronym.ALPHA.slice(col('Reviewer 1: Excellence')).filter((v) => v !== '')).toHaveLength(9);

    const refused = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .set(bearer(pm))
      .set('Accept', 'application/pdf');
    expect(refused.status).toBe(406);
  });

  it('exports the ranking as XLSX that exceljs opens, with a header row and numeric cells', async () => {
    const res = await http()
      .get(`/api/v1/calls/${callId}/ranking`)
      .set(bearer(pm))
      .set('Accept', XLSX)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    const workbook = new Workbook();
    await workbook.xlsx.load(res.body as Parameters<typeof workbook.xlsx.load>[0]);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 11)).toEqual([
      'Rank',
      'Acronym',
      'Title',
      'State',
      'Outcome',
      'Reasons',
      'Weighted total',
      'Unweighted sum',
      EXC,
      IMP,
      QUA,
    ]);
    expect(sheet.rowCount).toBe(7);
    const rows = Array.from({ length: 6 }, (_, i) =>
      Array.from({ length: header.length }, (_, c) => sheet.getRow(i + 2).getCell(c + 1).value ?? null),
    );
    const delta = rows.find((r) => r[1] === 'DELTA')!;
    expect(delta.slice(0, 11)).toEqual([
      3,
      'DELTA',
      '=HYPERLINK("http://x")',
      'RANKED',
      'ABOVE_THRESHOLD',
      null,
      16,
      12.5,
      3.5,
      5,
      4,
    ]);
    expect(typeof rows[0][header.indexOf('Reviewer 1: Excellence')]).toBe('number');
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3, 4, null, null]);
  });
});
