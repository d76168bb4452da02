import { randomUUID } from 'node:crypto';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createAgency, createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const DAY = 86_400_000;
const APP_URL = 'https://acie.example.test';

interface TaskItem {
  id: string;
  kind: string;
  workspace: string;
  dueAt: string | null;
  link: string;
  params: Record<string, unknown>;
}

/**
 * "My proposals" and the inbox (SPEC §10) over HTTP on real PostgreSQL: a coordinator and an invited
 * partner's member both find the proposal with their role and the invitation's state, others do not;
 * tasks per role with their links, within the caller's boundaries; the invitation e-mail links the page.
 */
describe('my proposals and the inbox', () => {
  let app: INestApplication;
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const get = (path: string, userId: string, query: Record<string, string | number> = {}) =>
    http().get(`/api/v1${path}`).query(query).auth(tokenFor(userId), { type: 'bearer' });
  const tasksOf = async (userId: string, query: Record<string, string | number> = {}): Promise<TaskItem[]> =>
    (await get('/me/tasks', userId, query).expect(200)).body.items;

  let pmId: string;
  let callId: string;
  let agencies: Awaited<ReturnType<typeof openCallFixture>>['agencies'];
  let coordinator: Awaited<ReturnType<typeof createApplicantOrganisation>>;
  let partner: Awaited<ReturnType<typeof createApplicantOrganisation>>;
  let outsider: Awaited<ReturnType<typeof createApplicantOrganisation>>;
  let proposalId: string;
  let acronym: string;

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error', PUBLIC_APP_URL: APP_URL }));
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    ({ callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
      annexes: { AT31: { required: true, dueDaysAfterDeadline: 14, fields: ['Regional VAT status'], documents: [] } },
    }));
    coordinator = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    outsider = await createApplicantOrganisation(url(), 'AT31', 'SME');
    acronym = `M${randomUUID().slice(0, 6)}`;
    const created = await http()
      .post(`/api/v1/calls/${callId}/proposals`)
      .auth(tokenFor(coordinator.userId), { type: 'bearer' })
      .send({
        acronym,
        title: 'Cobots for Alpine SMEs',
        abstract: 'Pilot lines.',
        topic: 'Robotics',
        durationMonths: 24,
      })
      .expect(201);
    proposalId = created.body.id;
    await http()
      .put(`/api/v1/proposals/${proposalId}/partners/${partner.organisationId}`)
      .auth(tokenFor(coordinator.userId), { type: 'bearer' })
      .send({ funded: true, eligibleCosts: 0, requestedGrant: 0 })
      .expect(200);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`the coordinator and the invited partner’s member both find the proposal, \
with role and invitation state; an outsider does not`, async () => {
    const mine = (await get('/me/proposals', coordinator.userId).expect(200)).body;
    expect(mine.items).toEqual([
      {
        id: proposalId,
        acronym,
        title: 'Cobots for Alpine SMEs',
        state: 'DRAFT',
        callId,
        callTitle: expect.any(String),
        timeZone: 'Europe/Brussels',
        submissionDeadline: expect.stringMatching(/[+-]\d\d:\d\d$/),
        organisationId: coordinator.organisationId,
        organisationName: coordinator.legalName,
        role: 'COORDINATOR',
        invitationState: null,
        lastVersion: null,
        updatedAt: expect.any(String),
      },
    ]);
    expect(mine.nextCursor).toBeNull();

    const invited = (await get('/me/proposals', partner.userId).expect(200)).body.items;
    expect(invited).toEqual([
      expect.objectContaining({
        id: proposalId,
        organisationId: partner.organisationId,
        role: 'PARTNER',
        invitationState: 'PENDING',
      }),
    ]);
    // What the invited partner needs to accept: the proposal page itself.
    const page = await get(`/proposals/${proposalId}`, partner.userId).expect(200);
    expect(
      page.body.partners.map((p: { organisationId: string; status: string }) => `${p.organisationId}:${p.status}`),
    ).toContain(`${partner.organisationId}:INVITED`);

    expect((await get('/me/proposals', outsider.userId).expect(200)).body.items).toEqual([]);
    await get(`/proposals/${proposalId}`, outsider.userId).expect(404);
    // Staff without applicant grants get an empty list, not an error.
    expect((await get('/me/proposals', pmId).expect(200)).body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by state and call, refuses bad filters, and shows the accepted invitation once accepted', async () => {
    expect((await get('/me/proposals', coordinator.userId, { state: 'SUBMITTED' }).expect(200)).body.items).toEqual([]);
    expect((await get('/me/proposals', coordinator.userId, { callId: randomUUID() }).expect(200)).body.items).toEqual(
      [],
    );
    expect(
      (await get('/me/proposals', coordinator.userId, { state: 'DRAFT', callId }).expect(200)).body.items,
    ).toHaveLength(1);
    const bad = await get('/me/proposals', coordinator.userId, { state: 'NOPE', callId: 'x', limit: 0 }).expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'callId',
      'limit',
      'state',
    ]);
    await http().get('/api/v1/me/proposals').expect(401);
  });

  it('the partner invitation e-mail links to the proposal’s page', async () => {
    const mails = await queryRows<{ body_text: string }>(
      url(),
      "SELECT body_text FROM outbox_message WHERE kind = 'PROPOSAL_PARTNER_INVITATION' AND recipient_user_id = $1",
      [partner.userId],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].body_text).toContain(`${APP_URL}/proposals/${proposalId}`);
    expect(mails[0].body_text).toContain(acronym);
  });

  it(`applicant tasks: the invitation, the annex due, the draft to submit — \
with links, soonest due first`, async () => {
    const partnerTasks = await tasksOf(partner.userId);
    expect(partnerTasks.map((t) => t.kind)).toEqual(['PARTNER_INVITATION', 'ANNEX_DUE']);
    expect(partnerTasks[0]).toEqual({
      id: `PARTNER_INVITATION:${proposalId}:${partner.organisationId}`,
      kind: 'PARTNER_INVITATION',
      workspace: 'APPLICANT',
      dueAt: expect.stringMatching(/[+-]\d\d:\d\d$/),
      link: `/proposals/${proposalId}`,
      params: expect.objectContaining({
        proposalId,
        acronym,
        callId,
        organisationId: partner.organisationId,
        organisationName: partner.legalName,
        coordinatorName: coordinator.legalName,
      }),
    });
    expect(partnerTasks[1]).toMatchObject({
      link: `/proposals/${proposalId}`,
      params: { regionCode: 'AT31', organisationId: partner.organisationId },
    });
    expect(Date.parse(partnerTasks[1].dueAt!) - Date.parse(partnerTasks[0].dueAt!)).toBe(14 * DAY);

    const coordinatorTasks = await tasksOf(coordinator.userId);
    expect(coordinatorTasks).toEqual([
      expect.objectContaining({
        kind: 'DRAFT_TO_SUBMIT',
        link: `/proposals/${proposalId}`,
        params: expect.objectContaining({ acronym, pendingPartners: 1 }),
      }),
    ]);
    expect(await tasksOf(outsider.userId)).toEqual([]);

    // Accepting the invitation from the page clears the task and the list shows it accepted.
    await http()
      .post(`/api/v1/proposals/${proposalId}/partners/${partner.organisationId}/accept`)
      .auth(tokenFor(partner.userId), { type: 'bearer' })
      .expect(200);
    expect((await tasksOf(partner.userId)).map((t) => t.kind)).toEqual(['ANNEX_DUE']);
    expect((await get('/me/proposals', partner.userId).expect(200)).body.items[0]).toMatchObject({
      role: 'PARTNER',
      invitationState: 'ACCEPTED',
    });
  });

  it(`evaluator tasks: the declaration to sign, the offer to answer (due at its expiry), \
the review due — only its own`, async () => {
    const evaluator = await createUser(url(), 'EVALUATOR');
    const other = await createUser(url(), 'EVALUATOR');
    for (const e of [evaluator, other])
      await queryRows(
        url(),
        "INSERT INTO evaluator_profile (user_id, expertise, country) VALUES ($1, '{robotics}', 'AT')",
        [e.id],
      );
    await queryRows(url(), 'INSERT INTO call_evaluator (call_id, user_id, added_by) VALUES ($1, $2, $3)', [
      callId,
      evaluator.id,
      pmId,
    ]);
    const second = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    const otherProposal = (
      await http()
        .post(`/api/v1/calls/${callId}/proposals`)
        .auth(tokenFor(second.userId), { type: 'bearer' })
        .send({ acronym: 'OTHER', title: 'Another draft', topic: 'Robotics' })
        .expect(201)
    ).body.id;
    const offer = randomUUID();
    const review = randomUUID();
    const offerExpires = new Date(Date.now() + 2 * DAY);
    const reviewDue = new Date(Date.now() + 20 * DAY);
    const insert = `INSERT INTO review_assignment (id, call_id, proposal_id, stage_no, evaluator_id, state, origin,
                       affinity, reason, offer_expires_at, review_due_at)
                    VALUES ($1, $2, $3, 1, $4, $5, 'MANUAL', 50, 'test', $6, $7)`;
    await queryRows(url(), insert, [offer, callId, proposalId, evaluator.id, 'OFFERED', offerExpires, reviewDue]);
    await queryRows(url(), insert, [review, callId, otherProposal, evaluator.id, 'ACCEPTED', offerExpires, reviewDue]);

    const tasks = await tasksOf(evaluator.id);
    expect(tasks.map((t) => `${t.kind} ${t.link}`)).toEqual([
      `OFFER_TO_ANSWER /assignments/${offer}`,
      `REVIEW_DUE /assignments/${review}`,
      `DECLARATION_TO_SIGN /calls/${callId}`,
    ]);
    expect(Date.parse(tasks[0].dueAt!)).toBe(offerExpires.getTime());
    expect(tasks[0].params).toMatchObject({ assignmentId: offer, proposalId, acronym, callId });
    expect(tasks[2].dueAt).toBeNull();
    expect(await tasksOf(other.id)).toEqual([]);

    const first = (await get('/me/tasks', evaluator.id, { limit: 2 }).expect(200)).body;
    expect(first.items).toHaveLength(2);
    const rest = (await get('/me/tasks', evaluator.id, { limit: 2, cursor: first.nextCursor }).expect(200)).body;
    expect(rest.items.map((t: TaskItem) => t.kind)).toEqual(['DECLARATION_TO_SIGN']);
    expect(rest.nextCursor).toBeNull();
  });

  it(`officer tasks: its own agency’s commitment to answer and eligibility decisions only; \
workspace filter; bad filters 400`, async () => {
    const at31 = agencies.find((a) => a.regionCode === 'AT31')!;
    const ith2 = agencies.find((a) => a.regionCode === 'ITH2')!;
    const { callId: aligning } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['DE2'],
      submissionDeadline: new Date(Date.now() + 60 * DAY),
    });
    await queryRows(url(), "UPDATE joint_call SET state = 'FUND_ALIGNMENT', alignment_deadline = $2 WHERE id = $1", [
      aligning,
      new Date(Date.now() + 5 * DAY),
    ]);
    await queryRows(
      url(),
      'INSERT INTO fund_commitment (id, call_id, agency_id, region_code, currency, status) ' +
        "VALUES ($1, $2, $3, 'AT31', 'EUR', 'INVITED')",
      [randomUUID(), aligning, at31.id],
    );
    await queryRows(
      url(),
      'INSERT INTO eligibility_decision (proposal_id, organisation_id, agency_id, region_code, due_at) ' +
        "VALUES ($1, $2, $3, 'AT31', $4)",
      [proposalId, partner.organisationId, at31.id, new Date(Date.now() + 15 * DAY)],
    );
    const officer = at31.officers[0].id;
    const tasks = await tasksOf(officer);
    expect(tasks.map((t) => `${t.kind} ${t.link}`)).toEqual([
      `COMMITMENT_TO_ANSWER /calls/${aligning}/commitments/${at31.id}`,
      `ELIGIBILITY_DECISIONS_DUE /proposals/${proposalId}`,
    ]);
    expect(tasks[0]).toMatchObject({
      workspace: 'AGENCY_OFFICER',
      params: { agencyId: at31.id, regionCode: 'AT31', commitmentStatus: 'INVITED' },
    });
    expect(tasks[1].params).toMatchObject({ pendingDecisions: 1, acronym });
    expect(JSON.stringify(tasks)).not.toMatch(/amount/);

    expect(await tasksOf(ith2.officers[0].id)).toEqual([]);
    const another = await createAgency(url(), 'AT31');
    expect(await tasksOf(another.officers[0].id)).toEqual([]);
    expect(await tasksOf(officer, { workspace: 'EVALUATOR' })).toEqual([]);
    expect((await tasksOf(officer, { workspace: 'AGENCY_OFFICER' })).length).toBe(2);

    const bad = await get('/me/tasks', officer, { workspace: 'BOSS', limit: 1000 }).expect(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['limit', 'workspace']);
    const cursor = await get('/me/tasks', officer, { cursor: 'garbage' }).expect(400);
    expect(cursor.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it('programme manager tasks: escalated eligibility decisions, one per call', async () => {
    await queryRows(url(), 'UPDATE eligibility_decision SET escalated_at = now() WHERE proposal_id = $1', [proposalId]);
    const tasks = await tasksOf(pmId, { workspace: 'PROGRAMME_MANAGER' });
    const mine = tasks.filter((t) => t.params.callId === callId);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'ELIGIBILITY_ESCALATION',
        link: `/calls/${callId}`,
        params: expect.objectContaining({ missingDecisions: 1, proposals: 1 }),
      }),
    ]);
    // An applicant never sees programme-manager tasks.
    expect((await tasksOf(partner.userId)).every((t) => t.workspace === 'APPLICANT')).toBe(true);
  });

  it('describes both endpoints in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs/openapi.json').expect(200)).body;
    expect(doc.paths['/api/v1/me/proposals'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/MyProposalPageView',
    );
    expect(doc.paths['/api/v1/me/tasks'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/TaskPageView',
    );
    // Shared problem responses are components.responses entries referred to by $ref.
    expect(doc.paths['/api/v1/me/tasks'].get.responses['400'].$ref).toBe('#/components/responses/ValidationFailed');
    expect(doc.components.schemas.TaskItemView.properties.kind.enum).toContain('PARTNER_INVITATION');
  });

  describe('after the funding decision (API, worker, Temporal)', () => {
    const env = useWorkerAndApi();
    const api = () => request(env().app.getHttpServer());
    const tasksVia = async (userId: string, query: Record<string, string> = {}): Promise<TaskItem[]> =>
      (await api().get('/api/v1/me/tasks').query(query).auth(tokenFor(userId), { type: 'bearer' }).expect(200)).body
        .items;

    it(`officer and project tasks: decision to approve, agreement due, agreement to review, payment to confirm, \
report due — and the e-mails link their pages`, async () => {
      // The decision of decidedCallOverHttp, step by step, to see the approval task between its steps.
      const fixture = await rankedCallFixture(url());
      const [trento, other] = fixture.agencies;
      await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: WorkflowIds.call(fixture.callId),
        taskQueue: TaskQueues.main,
        args: [fixture.workflowInput],
      });
      await api()
        .post(`/api/v1/calls/${fixture.callId}/funding-decision`)
        .auth(tokenFor(fixture.pmId), { type: 'bearer' })
        .expect(200);
      for (const agency of fixture.agencies) {
        const toApprove = (await tasksVia(agency.officers[0].id)).filter(
          (t) => t.kind === 'DECISION_TO_APPROVE' && t.params.callId === fixture.callId,
        );
        expect(toApprove).toEqual([
          expect.objectContaining({
            link: `/calls/${fixture.callId}`,
            dueAt: expect.stringMatching(/[+-]\d\d:\d\d$/),
            params: expect.objectContaining({ agencyId: agency.id, revision: 1 }),
          }),
        ]);
        await api()
          .post(`/api/v1/calls/${fixture.callId}/funding-decision/approve`)
          .auth(tokenFor(agency.officers[0].id), { type: 'bearer' })
          .send({})
          .expect(200);
        expect(
          (await tasksVia(agency.officers[0].id)).filter(
            (t) => t.kind === 'DECISION_TO_APPROVE' && t.params.callId === fixture.callId,
          ),
        ).toEqual([]);
      }
      const coordinator = fixture.proposals[0].coordinator;
      const outcome = await queryRows<{ body_text: string }>(
        url(),
        "SELECT body_text FROM outbox_message WHERE kind = 'FUNDING_DECISION_RESULT' AND recipient_user_id = $1",
        [coordinator.userId],
      );
      expect(outcome[0].body_text).toContain(`/proposals/${fixture.proposals[0].id}/outcome`);

      const projects = (
        await api()
          .get(`/api/v1/calls/${fixture.callId}/projects`)
          .auth(tokenFor(fixture.pmId), { type: 'bearer' })
          .expect(200)
      ).body.items as Array<{ id: string; acronym: string }>;
      const project = projects.find((p) => p.acronym === fixture.proposals[0].acronym)!;
      await expectEventually(async () =>
        expect((await env().client.workflow.getHandle(WorkflowIds.project(project.id)).describe()).status.name).toBe(
          'RUNNING',
        ),
      );
      expect((await tasksVia(coordinator.userId)).filter((t) => t.params.projectId === project.id)).toEqual([
        expect.objectContaining({
          kind: 'CONSORTIUM_AGREEMENT_DUE',
          link: `/projects/${project.id}`,
          dueAt: null,
          params: expect.objectContaining({ agreementStatus: 'NONE' }),
        }),
      ]);

      await api()
        .put(`/api/v1/projects/${project.id}/consortium-agreement`)
        .auth(tokenFor(coordinator.userId), { type: 'bearer' })
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'ca.pdf')
        .send(Buffer.from('%PDF-1.4 signed'))
        .expect(200);
      expect((await tasksVia(coordinator.userId)).filter((t) => t.params.projectId === project.id)).toEqual([]);
      const toReview = (await tasksVia(fixture.pmId, { workspace: 'PROGRAMME_MANAGER' })).filter(
        (t) => t.params.projectId === project.id,
      );
      expect(toReview).toEqual([
        expect.objectContaining({
          kind: 'CONSORTIUM_AGREEMENT_TO_REVIEW',
          link: `/projects/${project.id}`,
          params: expect.objectContaining({ fileName: 'ca.pdf' }),
        }),
      ]);

      await api()
        .post(`/api/v1/projects/${project.id}/consortium-agreement/accept`)
        .auth(tokenFor(fixture.pmId), { type: 'bearer' })
        .send({})
        .expect(200);
      const payments = (await tasksVia(trento.officers[0].id)).filter(
        (t) => t.kind === 'PAYMENT_TO_CONFIRM' && t.params.projectId === project.id,
      );
      expect(payments).toHaveLength(1);
      expect(payments[0]).toMatchObject({
        workspace: 'AGENCY_OFFICER',
        link: `/instalments/${payments[0].params.instalmentId}`,
        params: { agencyId: trento.id, currency: 'EUR', acronym: fixture.proposals[0].acronym },
      });
      expect(
        (await tasksVia(other.officers[0].id)).filter((t) => t.params.instalmentId === payments[0].params.instalmentId),
      ).toEqual([]);
      const released = await queryRows<{ body_text: string }>(
        url(),
        "SELECT body_text FROM outbox_message WHERE kind = 'INSTALMENTS_RELEASED' AND recipient_user_id = $1",
        [trento.officers[0].id],
      );
      expect(released.some((m) => m.body_text.includes(`/instalments/${payments[0].params.instalmentId}`))).toBe(true);

      await queryRows(url(), "UPDATE project_milestone SET state = 'DUE_SOON' WHERE project_id = $1 AND idx = 0", [
        project.id,
      ]);
      const reports = (await tasksVia(coordinator.userId)).filter(
        (t) => t.kind === 'REPORT_DUE' && t.params.projectId === project.id,
      );
      expect(reports).toEqual([
        expect.objectContaining({
          link: `/projects/${project.id}`,
          dueAt: expect.any(String),
          params: expect.objectContaining({ milestoneIndex: 0, reportKind: 'MILESTONE' }),
        }),
      ]);

      // The first periodic report (every 6 months from the start) falls due within the horizon.
      await queryRows(
        url(),
        "UPDATE project SET start_date = (now() - interval '6 months' + interval '10 days')::date WHERE id = $1",
        [project.id],
      );
      const periodic = (await tasksVia(coordinator.userId)).filter(
        (t) => t.kind === 'REPORT_DUE' && t.params.projectId === project.id && t.params.reportKind === 'PERIODIC',
      );
      expect(periodic).toEqual([
        expect.objectContaining({
          id: `REPORT_DUE:${project.id}:P1`,
          link: `/projects/${project.id}`,
          params: expect.objectContaining({ subject: 'P1', periodSequence: 1, fromMonth: 1, toMonth: 6 }),
        }),
      ]);
      expect(Date.parse(periodic[0].dueAt!)).toBeGreaterThan(Date.now());
    }, 240_000);
  });
});
