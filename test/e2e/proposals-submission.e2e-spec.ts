import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import {
  createAgency,
  createApplicantOrganisation,
  createUser,
  openCallFixture,
  setSubmissionDeadline,
} from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { queryRows } from '../utils/reset-database';
import { buildProposal as buildFixture } from '../utils/proposal-fixtures';
import { testAppConfig, testEnvironment, TEST_JWT_SECRET } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * Proposals over HTTP on real PostgreSQL: drafts, partners, E1–E5, deadline-exact submission, versions, idempotency.
 */
describe('proposals and deadline-exact submission', () => {
  let app: INestApplication;
  const jwt = new JwtService({ secret: TEST_JWT_SECRET });
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const tokenFor = (userId: string) => jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: 3600 });
  let pmId: string;
  let pm: string;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    pm = tokenFor(pmId);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  const buildProposal = (callId: string, regionA: string, regionB: string, partnerBType?: string) =>
    buildFixture(app, callId, regionA, regionB, partnerBType);

  it(`builds a three-organisation, two-region proposal; a resubmission is version 2; \
after the deadline version 2 counts`, async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + DAY),
    });
    const p = await buildProposal(callId, 'ITH2', 'AT31');
    const deadline = new Date(Date.now() + 3_000);
    await setSubmissionDeadline(url(), callId, deadline);
    const check = await http().post(`/api/v1/proposals/${p.id}/check`).auth(p.coord, { type: 'bearer' }).expect(200);
    expect(check.body).toEqual({ eligible: true, violations: [] });

    const v1 = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ proposalId: p.id, version: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(v1.body.submittedAt).toMatch(/[+-]\d\d:\d\d$/);
    await http()
      .patch(`/api/v1/proposals/${p.id}`)
      .auth(p.coord, { type: 'bearer' })
      .send({ abstract: 'Cross-regional pilot lines, revised.' })
      .expect(200);
    const v2 = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision + 1 });
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    expect(v2.body.sha256).not.toBe(v1.body.sha256);

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() + 50)));
    const late = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision + 1 });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SUBMISSION_DEADLINE_PASSED');
    expect(late.body.detail).toMatch(/The submission deadline .* has passed/);

    const versions = await http()
      .get(`/api/v1/proposals/${p.id}/versions`)
      .auth(p.coord, { type: 'bearer' })
      .expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const proposal = await http().get(`/api/v1/proposals/${p.id}`).auth(pm, { type: 'bearer' }).expect(200);
    expect(proposal.body).toMatchObject({ state: 'SUBMITTED', lastVersion: 2 });
    const stored = await http()
      .get(`/api/v1/proposals/${p.id}/versions/2`)
      .auth(p.coord, { type: 'bearer' })
      .expect(200);
    expect(stored.body.sha256).toBe(v2.body.sha256);
    expect(stored.body.content.abstract).toBe('Cross-regional pilot lines, revised.');
    const pdf = await http()
      .get(`/api/v1/proposals/${p.id}/versions/2`)
      .auth(p.coord, { type: 'bearer' })
      .set('Accept', 'application/pdf')
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    const bytes = pdf.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(`(${stored.body.content.acronym} version 2)`);
  }, 60_000);

  it(`stores every submission before the deadline and accepts none after it \
(1 000 concurrent, straddling)`, async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITC1', 'ITC4'],
      submissionDeadline: new Date(Date.now() + DAY),
    });
    const proposals: Array<Awaited<ReturnType<typeof buildProposal>>> = [];
    for (let i = 0; i < 20; i += 1) proposals.push(await buildProposal(callId, 'ITC1', 'ITC4'));
    // Once the consortia are built (however slow the machine), the deadline comes 2.5 s from now.
    const deadline = new Date(Date.now() + 2_500);
    await setSubmissionDeadline(url(), callId, deadline);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() - 1_000)));
    // 1 000 submissions spread over the two seconds around the deadline.
    const results = await Promise.all(
      Array.from({ length: 1_000 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i * 2_000) / 1_000));
        const p = proposals[i % proposals.length];
        const res = await http()
          .post(`/api/v1/proposals/${p.id}/submit`)
          .auth(p.coord, { type: 'bearer' })
          .send({ draftRevision: p.revision });
        return {
          status: res.status,
          body: res.body as { proposalId: string; version: number; sha256: string; submittedAt: string; code?: string },
        };
      }),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => `${r.status}:${r.body.code}`))).toEqual(
      new Set(['409:SUBMISSION_DEADLINE_PASSED']),
    );
    for (const r of accepted) expect(Date.parse(r.body.submittedAt)).toBeLessThanOrEqual(deadline.getTime());
    const stored = await queryRows<{ proposal_id: string; version: number; sha256: string; late: boolean }>(
      url(),
      `SELECT v.proposal_id, v.version, v.sha256, v.submitted_at > s.submission_deadline AS late
         FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id JOIN call_stage s ON s.call_id = p.call_id
           AND s.stage_no = 1 WHERE p.call_id = $1`,
      [callId],
    );
    expect(stored.filter((v) => v.late)).toEqual([]);
    expect(stored).toHaveLength(accepted.length);
    const storedKeys = new Set(stored.map((v) => `${v.proposal_id}:${v.version}:${v.sha256}`));
    for (const r of accepted)
      expect(storedKeys.has(`${r.body.proposalId}:${r.body.version}:${r.body.sha256}`)).toBe(true);
  }, 180_000);

  it(`is idempotent under Idempotency-Key: one version for repeats (also concurrent), 422 for another body, \
the receipt again after the deadline`, async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['SI0', 'DE2'],
      submissionDeadline: new Date(Date.now() + DAY),
    });
    const p = await buildProposal(callId, 'SI0', 'DE2');
    const deadline = new Date(Date.now() + 3_000);
    await setSubmissionDeadline(url(), callId, deadline);
    const key = `submit-${randomUUID()}`;
    const send = (body: object, k = key) =>
      http()
        .post(`/api/v1/proposals/${p.id}/submit`)
        .auth(p.coord, { type: 'bearer' })
        .set('Idempotency-Key', k)
        .send(body);

    const concurrent = await Promise.all(Array.from({ length: 8 }, () => send({ draftRevision: p.revision })));
    expect(concurrent.map((r) => r.status)).toEqual(Array(8).fill(201));
    for (const r of concurrent) expect(r.body).toEqual(concurrent[0].body);
    const again = await send({ draftRevision: p.revision });
    expect(again.body).toEqual(concurrent[0].body);
    const versions = await queryRows(url(), 'SELECT version FROM proposal_version WHERE proposal_id = $1', [p.id]);
    expect(versions).toHaveLength(1);

    const other = await send({ draftRevision: p.revision + 7 });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() + 50)));
    const afterDeadline = await send({ draftRevision: p.revision });
    expect(afterDeadline.status).toBe(201);
    expect(afterDeadline.body).toEqual(concurrent[0].body);
    const fresh = await send({ draftRevision: p.revision }, `submit-${randomUUID()}`);
    expect(fresh.status).toBe(409);
  }, 60_000);

  it('refuses a submission breaking several rules, listing every one', async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH3', 'AT32'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    // a non-participating region
    const coordinator = await createApplicantOrganisation(url(), 'FRC2', 'LARGE_ENTERPRISE');
    const coord = tokenFor(coordinator.userId);
    const created = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(coord, { type: 'bearer' })
      .send({ acronym: 'BROKEN', title: 'Broken consortium', abstract: 'x', topic: 't', durationMonths: 99 });
    const id = created.body.id as string;
    await http()
      .put(`/api/v1/proposals/${id}/partners/${coordinator.organisationId}`)
      .auth(coord, { type: 'bearer' })
      .send({ funded: true, eligibleCosts: 100, requestedGrant: 500 })
      .expect(200);
    const res = await http()
      .post(`/api/v1/proposals/${id}/submit`)
      .auth(coord, { type: 'bearer' })
      .send({ draftRevision: 2 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ELIGIBILITY_RULES_FAILED');
    const rules = new Set(res.body.errors.map((e: { rule: string }) => e.rule));
    expect([...rules].sort()).toEqual(expect.arrayContaining(['E1', 'E2', 'E4', 'E5']));
    const codes = res.body.errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'TOO_FEW_PARTNERS',
        'DURATION_OUT_OF_RANGE',
        'NON_PARTICIPATING_REGION_FUNDED',
        'GRANT_ABOVE_ELIGIBLE_COSTS',
      ]),
    );
    // The values of each message as params, for pages that word the refusal in the reader's language.
    expect(res.body.params).toEqual({ count: res.body.errors.length });
    const paramsOf = (code: string): unknown => res.body.errors.find((e: { code: string }) => e.code === code)?.params;
    expect(paramsOf('TOO_FEW_PARTNERS')).toEqual({ actual: 1, min: expect.any(Number) });
    expect(paramsOf('DURATION_OUT_OF_RANGE')).toEqual({ actual: 99, min: expect.any(Number), max: expect.any(Number) });
    expect(paramsOf('NON_PARTICIPATING_REGION_FUNDED')).toEqual({
      organisationId: coordinator.organisationId,
      regionCode: 'FRC2',
    });
    // FRC2 funds nothing in this call, so the amounts go without a currency.
    expect(paramsOf('GRANT_ABOVE_ELIGIBLE_COSTS')).toEqual({
      organisationId: coordinator.organisationId,
      amount: 500,
      limit: 100,
    });
    const check = await http().post(`/api/v1/proposals/${id}/check`).auth(coord, { type: 'bearer' }).expect(200);
    expect(check.body.eligible).toBe(false);
    expect(check.body.violations.map((v: { code: string }) => v.code).sort()).toEqual([...codes].sort());
    expect(check.body.violations.find((v: { code: string }) => v.code === 'DURATION_OUT_OF_RANGE').params).toEqual(
      paramsOf('DURATION_OUT_OF_RANGE'),
    );
    expect(await queryRows(url(), 'SELECT 1 FROM proposal_version WHERE proposal_id = $1', [id])).toHaveLength(0);
  }, 60_000);

  it('keeps every proposal endpoint inside its boundary (another organisation’s proposal is 404)', async () => {
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['DE1', 'CH02'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    const p = await buildProposal(callId, 'DE1', 'CH02');
    await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision })
      .expect(201);
    const stranger = tokenFor((await createApplicantOrganisation(url(), 'DE1')).userId);
    const evaluator = tokenFor((await createUser(url(), 'EVALUATOR')).id);
    const otherRegionOfficer = tokenFor((await createAgency(url(), 'ITC1')).officers[0].id);
    const endpoints: Array<[string, string, object?]> = [
      ['get', `/api/v1/proposals/${p.id}`],
      ['patch', `/api/v1/proposals/${p.id}`, { abstract: 'hijack' }],
      [
        'put',
        `/api/v1/proposals/${p.id}/partners/${p.partnerA.organisationId}`,
        { funded: true, eligibleCosts: 1, requestedGrant: 1 },
      ],
      ['post', `/api/v1/proposals/${p.id}/partners/${p.partnerA.organisationId}/accept`],
      ['post', `/api/v1/proposals/${p.id}/check`],
      ['post', `/api/v1/proposals/${p.id}/submit`, { draftRevision: p.revision }],
      ['post', `/api/v1/proposals/${p.id}/withdraw`, { reason: 'hijack' }],
      ['get', `/api/v1/proposals/${p.id}/versions`],
      ['get', `/api/v1/proposals/${p.id}/versions/1`],
      ['post', `/api/v1/proposals/${p.id}/eligibility/${p.partnerA.organisationId}`, { decision: 'ELIGIBLE' }],
      ['put', `/api/v1/proposals/${p.id}/annex/${p.partnerA.organisationId}`, { fields: {}, documents: {} }],
      ['get', `/api/v1/proposals/${p.id}/attachments/${'0'.repeat(64)}`],
    ];
    const call = (method: string, path: string, token: string, body?: object) => {
      const r =
        method === 'get'
          ? http().get(path)
          : method === 'patch'
            ? http().patch(path)
            : method === 'put'
              ? http().put(path)
              : http().post(path);
      return r.auth(token, { type: 'bearer' }).send(body ?? {});
    };
    for (const [method, path, body] of endpoints) {
      const res = await call(method, path, stranger, body);
      // Applicants never record eligibility (403 by role); everything else is 404 outside the boundary.
      expect({ path, method, status: res.status }).toEqual({
        path,
        method,
        status: path.includes('/eligibility/') ? 403 : 404,
      });
      const asEvaluator = await call(method, path, evaluator, body);
      expect({ path, method, status: [403, 404].includes(asEvaluator.status) }).toEqual({ path, method, status: true });
    }
    await http().get(`/api/v1/proposals/${p.id}`).auth(otherRegionOfficer, { type: 'bearer' }).expect(404);
    await http()
      .post(`/api/v1/proposals/${p.id}/eligibility/${p.partnerA.organisationId}`)
      .auth(otherRegionOfficer, { type: 'bearer' })
      .send({ decision: 'ELIGIBLE' })
      .expect(404);
    await http().get(`/api/v1/calls/${callId}/proposals`).auth(stranger, { type: 'bearer' }).expect(403);

    // A partner sees the whole proposal but edits only its own data.
    const partnerB = tokenFor(p.partnerB.userId);
    await http().get(`/api/v1/proposals/${p.id}`).auth(partnerB, { type: 'bearer' }).expect(200);
    await http()
      .put(`/api/v1/proposals/${p.id}/partners/${p.partnerA.organisationId}`)
      .auth(partnerB, { type: 'bearer' })
      .send({ funded: true, eligibleCosts: 1, requestedGrant: 1 })
      .expect(403);
    await http()
      .patch(`/api/v1/proposals/${p.id}`)
      .auth(partnerB, { type: 'bearer' })
      .send({ abstract: 'not mine' })
      .expect(404);
    await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(partnerB, { type: 'bearer' })
      .send({ draftRevision: p.revision })
      .expect(404);

    // The programme manager lists the call's proposals; an officer of a partner region's agency in the call sees
    // budgets of its region only; another agency of that region, not in the call, sees nothing.
    const listed = await http().get(`/api/v1/calls/${callId}/proposals`).auth(pm, { type: 'bearer' }).expect(200);
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const chOfficer = agencies.find((a) => a.regionCode === 'CH02')!;
    const notInCall = tokenFor((await createAgency(url(), 'CH02')).officers[0].id);
    await http().get(`/api/v1/proposals/${p.id}`).auth(notInCall, { type: 'bearer' }).expect(404);
    const notInCallList = await http().get(`/api/v1/calls/${callId}/proposals`).auth(notInCall, { type: 'bearer' });
    expect([403, 404]).toContain(notInCallList.status);
    const asCh = await http()
      .get(`/api/v1/proposals/${p.id}`)
      .auth(tokenFor(chOfficer.officers[0].id), { type: 'bearer' })
      .expect(200);
    const byRegion = Object.fromEntries(
      asCh.body.partners.map((x: { regionCode: string; requestedGrant?: number }) => [x.regionCode, x.requestedGrant]),
    );
    expect(byRegion.CH02).toBe(80_000_00);
    expect(byRegion.DE1).toBeUndefined();
    await http()
      .get(`/api/v1/proposals/${p.id}/versions`)
      .auth(tokenFor(chOfficer.officers[0].id), { type: 'bearer' })
      .expect(404);
  }, 60_000);

  it('stores attachments by SHA-256 within size and type limits, and a receipt covers them', async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITC4', 'AT32'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    const p = await buildProposal(callId, 'ITC4', 'AT32');
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024, 7)]);
    const expected = createHash('sha256').update(file).digest('hex');
    const up = await http()
      .post(`/api/v1/proposals/${p.id}/attachments`)
      .auth(p.coord, { type: 'bearer' })
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', 'work-plan.pdf')
      .send(file);
    expect(up.status).toBe(201);
    expect(up.body).toEqual({
      name: 'work-plan.pdf',
      mediaType: 'application/pdf',
      size: file.length,
      sha256: expected,
    });
    const down = await http()
      .get(`/api/v1/proposals/${p.id}/attachments/${expected}`)
      .auth(tokenFor(p.partnerB.userId), { type: 'bearer' })
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(down.status).toBe(200);
    expect(
      createHash('sha256')
        .update(down.body as Buffer)
        .digest('hex'),
    ).toBe(expected);

    const tooBig = await http()
      .post(`/api/v1/proposals/${p.id}/attachments`)
      .auth(p.coord, { type: 'bearer' })
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', 'big.pdf')
      .send(Buffer.alloc(21 * 1024 * 1024));
    expect(tooBig.status).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/problem\+json/);
    const wrongType = await http()
      .post(`/api/v1/proposals/${p.id}/attachments`)
      .auth(p.coord, { type: 'bearer' })
      .set('Content-Type', 'application/zip')
      .set('X-File-Name', 'x.zip')
      .send(Buffer.from('PK'));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['Content-Type']),
    );

    const draft = await http().get(`/api/v1/proposals/${p.id}`).auth(p.coord, { type: 'bearer' }).expect(200);
    const receipt = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: draft.body.revision })
      .expect(201);
    const version = await http()
      .get(`/api/v1/proposals/${p.id}/versions/1`)
      .auth(p.coord, { type: 'bearer' })
      .expect(200);
    expect(version.body.content.attachments).toEqual([up.body]);
    expect(receipt.body.sha256).toBe(version.body.sha256);
  }, 60_000);

  it('withdraws with a reason, and submitting again before the deadline reverses it', async () => {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'SI0'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    const p = await buildProposal(callId, 'ITH2', 'SI0');
    await http()
      .post(`/api/v1/proposals/${p.id}/withdraw`)
      .auth(p.coord, { type: 'bearer' })
      .send({ reason: 'not yet' })
      .expect(409);
    await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision })
      .expect(201);
    const bad = await http().post(`/api/v1/proposals/${p.id}/withdraw`).auth(p.coord, { type: 'bearer' }).send({});
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))]).toEqual(['reason']);
    await http()
      .post(`/api/v1/proposals/${p.id}/withdraw`)
      .auth(p.coord, { type: 'bearer' })
      .send({ reason: 'Partner left' })
      .expect(200);
    expect((await http().get(`/api/v1/proposals/${p.id}`).auth(p.coord, { type: 'bearer' })).body).toMatchObject({
      state: 'WITHDRAWN',
      withdrawnReason: 'Partner left',
    });
    const again = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision });
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(2);
    expect((await http().get(`/api/v1/proposals/${p.id}`).auth(p.coord, { type: 'bearer' })).body.state).toBe(
      'SUBMITTED',
    );
  }, 60_000);
});
