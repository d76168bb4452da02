import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EvaluatorPoolRepository } from '@app/persistence';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { buildProposal, tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * The evaluator pool over HTTP on real PostgreSQL: profiles, a call's evaluators,
 * the declaration, the conflict check and declared conflicts, the solver's input, and the boundaries.
 * The tests run in order and build on each other (one call, its proposals and evaluators).
 */
describe('evaluator pool, declarations and conflicts', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  let pm: string;
  let callId: string;
  let callTitle: string;
  let officer: string;
  let applicant: string;
  let employer: { organisationId: string; legalName: string };
  const submitted: Array<{ id: string; acronym: string }> = [];
  let draftId: string;
  /**
   * eval1: profile with load 4 and a region; eval2: unsigned; eval3: load 50 (call's 10 applies); eval4: no load, no
   * region; outsider: never in the pool.
   */
  const ev: Record<'eval1' | 'eval2' | 'eval3' | 'eval4' | 'outsider' | 'noProfile', { id: string; token: string }> =
    {} as never;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    pm = tokenFor(pmId);
    const fixture = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + DAY),
    });
    callId = fixture.callId;
    officer = tokenFor(fixture.agencies[0].officers[0].id);
    callTitle = (await queryRows<{ title: string }>(url(), 'SELECT title FROM joint_call WHERE id = $1', [callId]))[0]
      .title;
    for (let i = 0; i < 3; i += 1) {
      const p = await buildProposal(app, callId, 'ITH2', 'AT31');
      if (i === 0) applicant = p.coord;
      if (i === 2) {
        draftId = p.id;
        continue;
      }
      await http()
        .post(`/api/v1/proposals/${p.id}/submit`)
        .set(bearer(p.coord))
        .send({ draftRevision: p.revision })
        .expect(201);
      const [{ acronym }] = await queryRows<{ acronym: string }>(url(), 'SELECT acronym FROM proposal WHERE id = $1', [
        p.id,
      ]);
      submitted.push({ id: p.id, acronym });
    }
    employer = await createApplicantOrganisation(url(), 'ITH2', 'UNIVERSITY');
    for (const name of ['eval1', 'eval2', 'eval3', 'eval4', 'outsider', 'noProfile'] as const) {
      const id = (await createUser(url(), 'EVALUATOR')).id;
      ev[name] = { id, token: tokenFor(id) };
    }
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`keeps an evaluator profile: 404 before, every invalid field at once (400), \
rule errors (422), 201 created, 200 replaced`, async () => {
    const token = ev.eval1.token;
    const missing = await http().get('/api/v1/me/evaluator-profile').set(bearer(token)).expect(404);
    expect(missing.body.code).toBe('EVALUATOR_PROFILE_NOT_FOUND');

    const invalid = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({
        expertise: ['fine', 'x'.repeat(81), '   '],
        organisationId: 'not-a-uuid',
        regionCode: 'bad code',
        country: 'XQ',
        maxLoad: 0,
        colour: 'blue',
      });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['content-type']).toMatch(/problem\+json/);
    expect(new Set(invalid.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['expertise', 'organisationId', 'regionCode', 'country', 'maxLoad', 'colour']),
    );
    expect(
      invalid.body.errors
        .filter((e: { field: string }) => e.field === 'expertise')
        .map((e: { code: string }) => e.code)
        .sort(),
    ).toEqual(['maxLength', 'minLength']);
    const empty = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({ expertise: [], country: 'IT', maxLoad: 101 });
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'expertise:arrayMinSize',
      'maxLoad:max',
    ]);
    const tooMany = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({ expertise: Array.from({ length: 51 }, (_, i) => `k${i}`), country: 'IT' });
    expect(tooMany.body.errors.map((e: { code: string }) => e.code)).toEqual(['arrayMaxSize']);

    const rules = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({ expertise: ['robotics'], organisationId: randomUUID(), regionCode: 'ITH2', country: 'AT' });
    expect(rules.status).toBe(422);
    expect(rules.body.code).toBe('EVALUATOR_PROFILE_INVALID');
    expect(rules.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'organisationId:UNKNOWN_ORGANISATION',
      'regionCode:REGION_NOT_IN_COUNTRY',
    ]);
    const unknownRegion = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({ expertise: ['robotics'], regionCode: 'ZZ9', country: 'IT' });
    expect(unknownRegion.body.errors).toEqual([
      expect.objectContaining({ field: 'regionCode', code: 'UNKNOWN_REGION' }),
    ]);

    const created = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({
        expertise: [' Robotics ', 'robotics', 'Machine vision'],
        organisationId: employer.organisationId,
        regionCode: 'ith2',
        country: 'it',
        maxLoad: 7,
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userId: ev.eval1.id,
      expertise: ['Robotics', 'Machine vision'],
      organisationId: employer.organisationId,
      organisationName: employer.legalName,
      regionCode: 'ITH2',
      country: 'IT',
      maxLoad: 7,
    });
    const replaced = await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(token))
      .send({
        expertise: ['Robotics', 'Machine vision', 'Advanced manufacturing'],
        organisationId: employer.organisationId,
        regionCode: 'ITH2',
        country: 'IT',
        maxLoad: 4,
      });
    expect(replaced.status).toBe(200);
    const read = await http().get('/api/v1/me/evaluator-profile').set(bearer(token)).expect(200);
    expect(read.body).toEqual(replaced.body);
    expect(read.body.maxLoad).toBe(4);
    const audit = await queryRows(
      url(),
      "SELECT action FROM audit_event WHERE entity_type = 'evaluator_profile' AND entity_id = $1 ORDER BY id",
      [ev.eval1.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['evaluator-profile.created', 'evaluator-profile.changed']);

    // Other evaluators' profiles for the later tests; an applicant holds no EVALUATOR role (403).
    await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(ev.eval2.token))
      .send({ expertise: ['Photonics'], country: 'DE', maxLoad: 2 })
      .expect(201);
    await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(ev.eval3.token))
      .send({ expertise: ['Robotic surgery'], regionCode: 'AT31', country: 'AT', maxLoad: 50 })
      .expect(201);
    await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(ev.eval4.token))
      .send({ expertise: ['Logistics'], country: 'SI' })
      .expect(201);
    await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(ev.outsider.token))
      .send({ expertise: ['Robotics'], country: 'FR' })
      .expect(201);
    await http()
      .put('/api/v1/me/evaluator-profile')
      .set(bearer(applicant))
      .send({ expertise: ['Robotics'], country: 'FR' })
      .expect(403);
  });

  it(`adds evaluators to the call’s pool (201, then 200), tells them through the outbox, \
refuses non-evaluators and missing profiles (422)`, async () => {
    const noProfile = await http().put(`/api/v1/calls/${callId}/evaluators/${ev.noProfile.id}`).set(bearer(pm));
    expect(noProfile.status).toBe(422);
    expect(noProfile.body.code).toBe('EVALUATOR_PROFILE_MISSING');
    const [{ id: applicantId }] = await queryRows<{ id: string }>(
      url(),
      "SELECT user_id AS id FROM role_grant WHERE role = 'APPLICANT' AND organisation_id = $1",
      [employer.organisationId],
    );
    const notEvaluator = await http().put(`/api/v1/calls/${callId}/evaluators/${applicantId}`).set(bearer(pm));
    expect(notEvaluator.status).toBe(422);
    expect(notEvaluator.body.code).toBe('NOT_AN_EVALUATOR');
    await http().put(`/api/v1/calls/${randomUUID()}/evaluators/${ev.eval1.id}`).set(bearer(pm)).expect(404);

    const added = await http().put(`/api/v1/calls/${callId}/evaluators/${ev.eval1.id}`).set(bearer(pm));
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      userId: ev.eval1.id,
      expertise: ['Robotics', 'Machine vision', 'Advanced manufacturing'],
      effectiveMaxLoad: 4,
      declaration: { signed: false, signedAt: null },
      conflictCount: 0,
    });
    const again = await http().put(`/api/v1/calls/${callId}/evaluators/${ev.eval1.id}`).set(bearer(pm));
    expect(again.status).toBe(200);
    expect(again.body.addedAt).toBe(added.body.addedAt);
    for (const name of ['eval2', 'eval3', 'eval4'] as const)
      await http().put(`/api/v1/calls/${callId}/evaluators/${ev[name].id}`).set(bearer(pm)).expect(201);

    const messages = await queryRows<{ subject: string; body_text: string; status: string }>(
      url(),
      'SELECT subject, body_text, status FROM outbox_message ' +
        "WHERE kind = 'EVALUATOR_ADDED_TO_CALL' AND recipient_user_id = $1",
      [ev.eval1.id],
    );
    expect(messages).toHaveLength(1);
    expect(messages[0].subject).toContain(callTitle);
    expect(messages[0].body_text).toMatch(/sign the call's confidentiality and no-conflict declaration/);
    expect(messages[0].status).toBe('PENDING');
    const audit = await queryRows(
      url(),
      "SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'call.evaluator-added'",
      [callId],
    );
    expect(audit).toHaveLength(4);

    const pool = await http().get(`/api/v1/calls/${callId}/evaluators`).set(bearer(pm)).expect(200);
    expect(pool.body.items.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [ev.eval1.id, ev.eval2.id, ev.eval3.id, ev.eval4.id].sort(),
    );
    expect(pool.body.items.find((m: { userId: string }) => m.userId === ev.eval3.id)).toMatchObject({
      maxLoad: 50,
      effectiveMaxLoad: 10,
      country: 'AT',
      regionCode: 'AT31',
    });
    const first = await http().get(`/api/v1/calls/${callId}/evaluators?limit=3`).set(bearer(pm)).expect(200);
    expect(first.body.items).toHaveLength(3);
    const second = await http()
      .get(`/api/v1/calls/${callId}/evaluators?limit=3&cursor=${first.body.nextCursor}`)
      .set(bearer(pm))
      .expect(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect([...first.body.items, ...second.body.items].map((m: { userId: string }) => m.userId)).toEqual(
      pool.body.items.map((m: { userId: string }) => m.userId),
    );
    await http().get(`/api/v1/calls/${callId}/evaluators?cursor=garbage`).set(bearer(pm)).expect(400);
  });

  it(`shows the declaration, refuses a wrong hash (422), signs idempotently; \
nothing about proposals before signing`, async () => {
    const token = ev.eval1.token;
    const before = await http().get(`/api/v1/calls/${callId}/conflict-check`).set(bearer(token));
    expect(before.status).toBe(403);
    expect(before.body.code).toBe('DECLARATION_NOT_SIGNED');
    expect(JSON.stringify(before.body)).not.toContain(submitted[0].acronym);
    expect(
      (await http().put(`/api/v1/calls/${callId}/conflicts`).set(bearer(token)).send({ conflicts: [] })).body.code,
    ).toBe('DECLARATION_NOT_SIGNED');
    expect((await http().get(`/api/v1/calls/${callId}/conflicts`).set(bearer(token))).status).toBe(403);

    const declaration = await http().get(`/api/v1/calls/${callId}/declaration`).set(bearer(token)).expect(200);
    expect(declaration.body).toMatchObject({ callId, callTitle, signed: false, signedAt: null, signedHash: null });
    expect(declaration.body.text).toContain(callTitle);
    expect(declaration.body.declarationHash).toBe(
      createHash('sha256').update(declaration.body.text, 'utf8').digest('hex'),
    );

    const wrong = await http()
      .post(`/api/v1/calls/${callId}/declaration/sign`)
      .set(bearer(token))
      .send({ declarationHash: 'a'.repeat(64) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('DECLARATION_HASH_MISMATCH');
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'declarationHash' })]);
    const malformed = await http()
      .post(`/api/v1/calls/${callId}/declaration/sign`)
      .set(bearer(token))
      .send({ declarationHash: 'xyz' });
    expect(malformed.status).toBe(400);

    const signed = await http()
      .post(`/api/v1/calls/${callId}/declaration/sign`)
      .set(bearer(token))
      .send({ declarationHash: declaration.body.declarationHash })
      .expect(200);
    expect(signed.body).toMatchObject({ signed: true, signedHash: declaration.body.declarationHash });
    const again = await http()
      .post(`/api/v1/calls/${callId}/declaration/sign`)
      .set(bearer(token))
      .send({ declarationHash: declaration.body.declarationHash })
      .expect(200);
    expect(again.body.signedAt).toBe(signed.body.signedAt);
    const audit = await queryRows(
      url(),
      "SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'call.evaluator-declaration-signed'",
      [callId],
    );
    expect(audit).toEqual([{ after: { evaluatorId: ev.eval1.id, declarationHash: declaration.body.declarationHash } }]);
  });

  it(`after signing, lists the submitted proposals with only acronym, title, \
topic and consortium names and countries`, async () => {
    const check = await http().get(`/api/v1/calls/${callId}/conflict-check`).set(bearer(ev.eval1.token)).expect(200);
    expect(check.body.items.map((p: { proposalId: string }) => p.proposalId).sort()).toEqual(
      submitted.map((p) => p.id).sort(),
    );
    expect(check.body.items.map((p: { proposalId: string }) => p.proposalId)).not.toContain(draftId);
    for (const item of check.body.items) {
      expect(Object.keys(item).sort()).toEqual(['acronym', 'consortium', 'proposalId', 'title', 'topic']);
      expect(item).toMatchObject({ title: 'Smart Alpine manufacturing', topic: 'Advanced manufacturing' });
      expect(item.consortium).toHaveLength(3);
      for (const member of item.consortium) expect(Object.keys(member).sort()).toEqual(['country', 'organisationName']);
      expect(item.consortium.map((m: { country: string }) => m.country).sort()).toEqual(['AT', 'IT', 'IT']);
    }
    const text = JSON.stringify(check.body);
    for (const secret of [
      'requestedGrant',
      'eligibleCosts',
      'abstract',
      'Cross-regional pilot lines',
      'workPlan',
      '14000000',
    ])
      expect(text).not.toContain(secret);
    const paged = await http()
      .get(`/api/v1/calls/${callId}/conflict-check?limit=1`)
      .set(bearer(ev.eval1.token))
      .expect(200);
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).toEqual(expect.any(String));
  });

  it(`replaces the declared conflicts; unknown, draft and repeated proposal \
ids are a 422 naming each index`, async () => {
    const token = ev.eval1.token;
    const [p1, p2] = submitted;
    const refused = await http()
      .put(`/api/v1/calls/${callId}/conflicts`)
      .set(bearer(token))
      .send({
        conflicts: [
          { proposalId: p1.id, reason: 'Former employer' },
          { proposalId: randomUUID(), reason: 'x' },
          { proposalId: draftId, reason: 'y' },
          { proposalId: p1.id, reason: 'again' },
        ],
      });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('CONFLICTS_INVALID');
    expect(refused.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'conflicts[1].proposalId:UNKNOWN_PROPOSAL',
      'conflicts[2].proposalId:UNKNOWN_PROPOSAL',
      'conflicts[3].proposalId:DUPLICATE_PROPOSAL',
    ]);
    const badBody = await http()
      .put(`/api/v1/calls/${callId}/conflicts`)
      .set(bearer(token))
      .send({ conflicts: [{ proposalId: 'nope', reason: '  ' }] });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'conflicts[0].proposalId',
      'conflicts[0].reason',
    ]);

    const both = await http()
      .put(`/api/v1/calls/${callId}/conflicts`)
      .set(bearer(token))
      .send({
        conflicts: [
          { proposalId: p1.id, reason: 'Former employer' },
          { proposalId: p2.id, reason: ' Co-author of the coordinator ' },
        ],
      })
      .expect(200);
    expect(both.body.conflicts).toHaveLength(2);
    const replaced = await http()
      .put(`/api/v1/calls/${callId}/conflicts`)
      .set(bearer(token))
      .send({ conflicts: [{ proposalId: p2.id, reason: 'Co-author of the coordinator' }] })
      .expect(200);
    expect(replaced.body.conflicts).toEqual([
      { proposalId: p2.id, reason: 'Co-author of the coordinator', declaredAt: expect.any(String) },
    ]);
    const mine = await http().get(`/api/v1/calls/${callId}/conflicts`).set(bearer(token)).expect(200);
    expect(mine.body).toEqual(replaced.body);
    const audit = await queryRows(
      url(),
      "SELECT id FROM audit_event WHERE entity_id = $1 AND action = 'call.evaluator-conflicts-declared'",
      [callId],
    );
    expect(audit).toHaveLength(2);
    const pool = await http().get(`/api/v1/calls/${callId}/evaluators`).set(bearer(pm)).expect(200);
    expect(pool.body.items.find((m: { userId: string }) => m.userId === ev.eval1.id)).toMatchObject({
      conflictCount: 1,
      declaration: { signed: true },
    });
  });

  it(`gives the assignment solver exactly the evaluators who signed, \
with their effective load and declared conflicts`, async () => {
    for (const name of ['eval3', 'eval4'] as const) {
      const d = await http().get(`/api/v1/calls/${callId}/declaration`).set(bearer(ev[name].token)).expect(200);
      await http()
        .post(`/api/v1/calls/${callId}/declaration/sign`)
        .set(bearer(ev[name].token))
        .send({ declarationHash: d.body.declarationHash })
        .expect(200);
    }
    const repository = app.get(EvaluatorPoolRepository);
    const pool = await repository.loadAssignmentPool(callId);
    const expected = [
      {
        id: ev.eval1.id,
        expertise: ['Robotics', 'Machine vision', 'Advanced manufacturing'],
        organisationId: employer.organisationId,
        regionCode: 'ITH2',
        country: 'IT',
        maxLoad: 4,
        declaredConflicts: [submitted[1].id],
      },
      {
        id: ev.eval3.id,
        expertise: ['Robotic surgery'],
        organisationId: null,
        regionCode: 'AT31',
        country: 'AT',
        maxLoad: 10,
        declaredConflicts: [],
      },
      {
        id: ev.eval4.id,
        expertise: ['Logistics'],
        organisationId: null,
        regionCode: '',
        country: 'SI',
        maxLoad: 10,
        declaredConflicts: [],
      },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(pool).toEqual(expected);
    expect(await repository.isInPool(callId, ev.eval2.id)).toBe(true);
    expect(await repository.hasSigned(callId, ev.eval2.id)).toBe(false);
    expect(await repository.hasSigned(callId, ev.eval1.id)).toBe(true);
    expect(await repository.isInPool(callId, ev.outsider.id)).toBe(false);
  });

  it(`answers 404 to applicants, agency officers and evaluators outside the pool; \
evaluators never see other evaluators`, async () => {
    const other = randomUUID();
    const callScoped: Array<[string, string, object?]> = [
      ['get', `/api/v1/calls/${callId}/declaration`],
      ['post', `/api/v1/calls/${callId}/declaration/sign`, { declarationHash: 'a'.repeat(64) }],
      ['get', `/api/v1/calls/${callId}/conflict-check`],
      ['get', `/api/v1/calls/${callId}/conflicts`],
      ['put', `/api/v1/calls/${callId}/conflicts`, { conflicts: [] }],
      ['get', `/api/v1/calls/${callId}/evaluators`],
      ['put', `/api/v1/calls/${callId}/evaluators/${ev.outsider.id}`],
      ['delete', `/api/v1/calls/${callId}/evaluators/${ev.eval1.id}`],
      ['get', '/api/v1/evaluators'],
      ['get', `/api/v1/evaluators/${ev.eval1.id}`],
    ];
    for (const [who, token] of [
      ['applicant', applicant],
      ['officer', officer],
      ['outsider evaluator', ev.outsider.token],
    ] as const) {
      for (const [method, path, body] of callScoped) {
        const req = (http() as unknown as Record<string, (p: string) => request.Test>)[method](path).set(bearer(token));
        const res = await (body ? req.send(body) : req);
        expect({ who, method, path, status: res.status }).toEqual({ who, method, path, status: 404 });
      }
    }
    // An evaluator in the pool sees neither the pool nor any profile, its own included (that is /me).
    for (const path of [
      `/api/v1/calls/${callId}/evaluators`,
      '/api/v1/evaluators',
      `/api/v1/evaluators/${ev.eval3.id}`,
      `/api/v1/evaluators/${ev.eval1.id}`,
    ]) {
      await http().get(path).set(bearer(ev.eval1.token)).expect(404);
    }
    await http().get(`/api/v1/evaluators/${other}`).set(bearer(pm)).expect(404);
    // Nothing was changed by the refused calls.
    expect(await app.get(EvaluatorPoolRepository).isInPool(callId, ev.eval1.id)).toBe(true);
    expect(await app.get(EvaluatorPoolRepository).isInPool(callId, ev.outsider.id)).toBe(false);
  });

  it(`lets programme managers search profiles by keyword and country, page through them, \
and remove an evaluator (204, idempotent)`, async () => {
    const one = await http().get(`/api/v1/evaluators/${ev.eval1.id}`).set(bearer(pm)).expect(200);
    expect(one.body).toMatchObject({ userId: ev.eval1.id, country: 'IT', maxLoad: 4 });
    const robots = await http().get('/api/v1/evaluators?keyword=ROBOT').set(bearer(pm)).expect(200);
    const robotIds = robots.body.items.map((p: { userId: string }) => p.userId);
    expect(robotIds).toEqual(expect.arrayContaining([ev.eval1.id, ev.eval3.id, ev.outsider.id]));
    expect(robotIds).not.toContain(ev.eval4.id);
    const italianRobots = await http().get('/api/v1/evaluators?keyword=robot&country=it').set(bearer(pm)).expect(200);
    expect(italianRobots.body.items.map((p: { userId: string }) => p.userId)).toContain(ev.eval1.id);
    for (const p of italianRobots.body.items) expect(p.country).toBe('IT');
    expect(italianRobots.body.items.map((p: { userId: string }) => p.userId)).not.toContain(ev.eval3.id);
    const literal = await http().get('/api/v1/evaluators?keyword=%25').set(bearer(pm)).expect(200);
    expect(literal.body.items).toEqual([]);
    await http().get('/api/v1/evaluators?country=XQ').set(bearer(pm)).expect(400);
    const page1 = await http().get('/api/v1/evaluators?keyword=robot&limit=2').set(bearer(pm)).expect(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await http()
      .get(`/api/v1/evaluators?keyword=robot&limit=2&cursor=${page1.body.nextCursor}`)
      .set(bearer(pm))
      .expect(200);
    expect([...page1.body.items, ...page2.body.items].map((p: { userId: string }) => p.userId)).toEqual(
      robotIds.slice(0, page1.body.items.length + page2.body.items.length),
    );

    await http().delete(`/api/v1/calls/${callId}/evaluators/${ev.eval2.id}`).set(bearer(pm)).expect(204);
    await http().delete(`/api/v1/calls/${callId}/evaluators/${ev.eval2.id}`).set(bearer(pm)).expect(204);
    await http().get(`/api/v1/calls/${callId}/declaration`).set(bearer(ev.eval2.token)).expect(404);
    const audit = await queryRows(
      url(),
      "SELECT before FROM audit_event WHERE entity_id = $1 AND action = 'call.evaluator-removed'",
      [callId],
    );
    expect(audit).toEqual([{ before: { evaluatorId: ev.eval2.id, declarationSigned: false, conflictCount: 0 } }]);
  });

  it('describes every endpoint in the OpenAPI document', async () => {
    const doc = await http().get('/api/docs/openapi.json').expect(200);
    const paths = doc.body.paths as Record<string, Record<string, { summary?: string }>>;
    const expected: Array<[string, string]> = [
      ['/api/v1/me/evaluator-profile', 'get'],
      ['/api/v1/me/evaluator-profile', 'put'],
      ['/api/v1/evaluators', 'get'],
      ['/api/v1/evaluators/{userId}', 'get'],
      ['/api/v1/calls/{id}/evaluators', 'get'],
      ['/api/v1/calls/{id}/evaluators/{userId}', 'put'],
      ['/api/v1/calls/{id}/evaluators/{userId}', 'delete'],
      ['/api/v1/calls/{id}/declaration', 'get'],
      ['/api/v1/calls/{id}/declaration/sign', 'post'],
      ['/api/v1/calls/{id}/conflict-check', 'get'],
      ['/api/v1/calls/{id}/conflicts', 'get'],
      ['/api/v1/calls/{id}/conflicts', 'put'],
    ];
    for (const [path, method] of expected)
      expect({ path, method, summary: typeof paths[path]?.[method]?.summary }).toEqual({
        path,
        method,
        summary: 'string',
      });
  });
});
