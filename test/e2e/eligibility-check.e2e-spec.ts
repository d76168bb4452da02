import request from 'supertest';
import {
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  proposalStateQuery,
  TaskQueues,
  WorkflowIds,
  type CallLifecycleInput,
} from '@app/contracts';
import {
  createAgency,
  createUser,
  openCallFixture,
  openPhaseInput,
  setSubmissionDeadline,
} from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { buildProposal, tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

/**
 * From submission to eligibility over HTTP with the real worker: the call workflow closes submission at
 * the deadline (the last version before it counts), each agency records its partners' eligibility, and
 * the proposals become ELIGIBLE or INELIGIBLE with the reasons; applicants are told.
 */
describe('submission close and regional eligibility', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  async function startOpenCallWorkflow(
    callId: string,
    agencies: Array<{ id: string; regionCode: string }>,
  ): Promise<void> {
    const input: CallLifecycleInput = await openPhaseInput(url(), callId, agencies);
    await env().client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue: TaskQueues.main,
      args: [input],
    });
  }

  it(`orders a deadline extension racing late submissions: \
each submission is judged by the deadline in force when it checks`, async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const pm = tokenFor(pmId);
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['DE1', 'DE2'],
      submissionDeadline: new Date(Date.now() + 86_400_000),
    });
    const proposals: Array<Awaited<ReturnType<typeof buildProposal>>> = [];
    for (let i = 0; i < 12; i += 1) proposals.push(await buildProposal(env().app, callId, 'DE1', 'DE2'));
    const deadline = new Date(Date.now() + 3_000);
    await setSubmissionDeadline(url(), callId, deadline);
    await startOpenCallWorkflow(callId, agencies);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() - 300)));
    const submissions = proposals.map(async (p, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * 60));
      const res = await http()
        .post(`/api/v1/proposals/${p.id}/submit`)
        .auth(p.coord, { type: 'bearer' })
        .send({ draftRevision: p.revision });
      return { id: p.id, status: res.status, code: res.body.code as string | undefined, answeredAt: Date.now() };
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now() - 50)));
    const extension = await http()
      .post(`/api/v1/calls/${callId}/extend-deadline`)
      .auth(pm, { type: 'bearer' })
      .send({
        field: 'submissionDeadline',
        newDeadline: new Date(deadline.getTime() + 86_400_000).toISOString(),
        reason: 'Portal incident',
      });
    const results = await Promise.all(submissions);
    // The extension races the close too: either it is ordered before the close (200) or the close has run (409).
    expect([200, 409]).toContain(extension.status);
    const extended = await queryRows<{ occurred_at: Date }>(
      url(),
      "SELECT occurred_at FROM audit_event WHERE entity_id = $1 AND action = 'call.deadline-extended'",
      [callId],
    );
    expect(extended).toHaveLength(extension.status === 200 ? 1 : 0);
    const extendedAt = extended[0]?.occurred_at ?? new Date(8.64e15);
    const versions = await queryRows<{ proposal_id: string; submitted_at: Date }>(
      url(),
      'SELECT v.proposal_id, v.submitted_at FROM proposal_version v JOIN proposal p ON p.id = v.proposal_id ' +
        'WHERE p.call_id = $1',
      [callId],
    );
    for (const r of results) {
      const version = versions.find((v) => v.proposal_id === r.id);
      if (r.status === 201) {
        // Accepted: before the old deadline, or after the extension took effect — never in between.
        expect(
          version!.submitted_at.getTime() <= deadline.getTime() ||
            version!.submitted_at.getTime() >= extendedAt.getTime(),
        ).toBe(true);
      } else {
        expect({ status: r.status, code: r.code }).toEqual({ status: 409, code: 'SUBMISSION_DEADLINE_PASSED' });
        expect(version).toBeUndefined();
        // A refusal answered before the deadline refused a submission that was on time.
        expect(r.answeredAt).toBeGreaterThanOrEqual(deadline.getTime());
      }
    }
    const callState = (
      await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId])
    )[0].state;
    if (extension.status === 200) {
      // The extension won: the call stays open and a late proposal can still submit.
      expect(callState).toBe('OPEN');
      const late = proposals.find((p) => results.find((r) => r.id === p.id)!.status !== 201) ?? proposals[0];
      await http()
        .post(`/api/v1/proposals/${late.id}/submit`)
        .auth(late.coord, { type: 'bearer' })
        .send({ draftRevision: late.revision })
        .expect(201);
    } else {
      expect(extension.body.detail).toMatch(/ELIGIBILITY_CHECK|can no longer be extended/);
      await expectEventually(async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
        ).toBe('ELIGIBILITY_CHECK'),
      );
    }
  }, 180_000);

  it('refuses to declare a partner eligible while the regional annex its region requires is missing (S6)', async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const annex = {
      required: true,
      dueDaysAfterDeadline: 10,
      fields: ['Regional VAT status'],
      documents: ['Chamber of commerce extract'],
    };
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITC1', 'AT32'],
      submissionDeadline: new Date(Date.now() + 86_400_000),
      annexes: { AT32: annex },
    });
    const p = await buildProposal(env().app, callId, 'ITC1', 'AT32');
    const file = Buffer.from('%PDF-1.4 extract');
    const uploaded = await http()
      .post(`/api/v1/proposals/${p.id}/attachments`)
      .auth(p.coord, { type: 'bearer' })
      .set('Content-Type', 'application/pdf')
      .set('X-File-Name', 'extract.pdf')
      .send(file)
      .expect(201);
    const draft = await http().get(`/api/v1/proposals/${p.id}`).auth(p.coord, { type: 'bearer' });
    await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: draft.body.revision })
      .expect(201);
    await setSubmissionDeadline(url(), callId, new Date(Date.now() + 1_500));
    await startOpenCallWorkflow(callId, agencies);
    const partnerB = tokenFor(p.partnerB.userId);
    // Only the region that asks for an annex gets one; an incomplete annex lists what is missing.
    await http()
      .put(`/api/v1/proposals/${p.id}/annex/${p.partnerA.organisationId}`)
      .auth(tokenFor(p.partnerA.userId), { type: 'bearer' })
      .send({ fields: {}, documents: {} })
      .expect(422);
    const incomplete = await http()
      .put(`/api/v1/proposals/${p.id}/annex/${p.partnerB.organisationId}`)
      .auth(partnerB, { type: 'bearer' })
      .send({ fields: { Colour: 'blue' }, documents: {} });
    expect(incomplete.status).toBe(422);
    expect(incomplete.body.errors.map((e: { code: string }) => e.code).sort()).toEqual([
      'ANNEX_DOCUMENT_MISSING',
      'ANNEX_FIELD_MISSING',
      'ANNEX_FIELD_UNKNOWN',
    ]);

    await expectEventually(
      async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [p.id]))[0].state,
        ).toBe('ELIGIBILITY_CHECK'),
      60_000,
      250,
    );
    const salzburgOfficer = tokenFor(agencies[1].officers[0].id);
    const refused = await http()
      .post(`/api/v1/proposals/${p.id}/eligibility/${p.partnerB.organisationId}`)
      .auth(salzburgOfficer, { type: 'bearer' })
      .send({ decision: 'ELIGIBLE' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('ANNEX_MISSING');

    // After the joint deadline, within the region's days, the partner gives its annex; then the region can decide.
    const given = await http()
      .put(`/api/v1/proposals/${p.id}/annex/${p.partnerB.organisationId}`)
      .auth(partnerB, { type: 'bearer' })
      .send({
        fields: { 'Regional VAT status': 'registered' },
        documents: { 'Chamber of commerce extract': uploaded.body.sha256 },
      });
    expect(given.status).toBe(200);
    await http()
      .post(`/api/v1/proposals/${p.id}/eligibility/${p.partnerB.organisationId}`)
      .auth(salzburgOfficer, { type: 'bearer' })
      .send({ decision: 'ELIGIBLE' })
      .expect(200);
  }, 120_000);

  it(`closes at the deadline, counts version 2, and concludes ELIGIBLE and INELIGIBLE \
from the regions’ decisions`, async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const pm = tokenFor(pmId);
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 86_400_000),
    });
    const [trento, upperAustria] = agencies;
    const good = await buildProposal(env().app, callId, 'ITH2', 'AT31');
    const bad = await buildProposal(env().app, callId, 'ITH2', 'AT31');
    const draftOnly = await buildProposal(env().app, callId, 'ITH2', 'AT31');
    await http()
      .post(`/api/v1/proposals/${good.id}/submit`)
      .auth(good.coord, { type: 'bearer' })
      .send({ draftRevision: good.revision })
      .expect(201);
    await http()
      .patch(`/api/v1/proposals/${good.id}`)
      .auth(good.coord, { type: 'bearer' })
      .send({ abstract: 'Final abstract.' })
      .expect(200);
    const v2 = await http()
      .post(`/api/v1/proposals/${good.id}/submit`)
      .auth(good.coord, { type: 'bearer' })
      .send({ draftRevision: good.revision + 1 })
      .expect(201);
    await http()
      .post(`/api/v1/proposals/${bad.id}/submit`)
      .auth(bad.coord, { type: 'bearer' })
      .send({ draftRevision: bad.revision })
      .expect(201);
    const deadline = new Date(Date.now() + 1_500);
    await setSubmissionDeadline(url(), callId, deadline);
    await startOpenCallWorkflow(callId, agencies);

    // The proposal's workflow (started by its first submission) learns of both versions through the outbox.
    await expectEventually(
      async () => {
        const view = await env().client.workflow.getHandle(WorkflowIds.proposal(good.id)).query(proposalStateQuery);
        expect(view.versions.map((v) => [v.version, v.sha256])).toEqual([
          [1, expect.stringMatching(/^[0-9a-f]{64}$/)],
          [2, v2.body.sha256],
        ]);
      },
      30_000,
      200,
    );
    await expectEventually(
      async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
        ).toBe('ELIGIBILITY_CHECK'),
      60_000,
      250,
    );
    const closedAt = (
      await queryRows<{ occurred_at: Date }>(
        url(),
        "SELECT occurred_at FROM audit_event WHERE entity_id = $1 AND action = 'call.submission-closed'",
        [callId],
      )
    )[0].occurred_at;
    expect(closedAt.getTime()).toBeGreaterThanOrEqual(deadline.getTime());

    const goodView = await http().get(`/api/v1/proposals/${good.id}`).auth(pm, { type: 'bearer' }).expect(200);
    expect(goodView.body).toMatchObject({ state: 'ELIGIBILITY_CHECK', lastVersion: 2 });
    expect(goodView.body.eligibilityDecisions).toHaveLength(3);
    const counted = await http()
      .get(`/api/v1/proposals/${good.id}/versions/2`)
      .auth(pm, { type: 'bearer' })
      .expect(200);
    expect(counted.body.sha256).toBe(v2.body.sha256);
    // Drafts are kept, read-only.
    await http()
      .patch(`/api/v1/proposals/${draftOnly.id}`)
      .auth(draftOnly.coord, { type: 'bearer' })
      .send({ abstract: 'too late' })
      .expect(409);
    expect(
      (await http().get(`/api/v1/proposals/${draftOnly.id}`).auth(draftOnly.coord, { type: 'bearer' })).body.state,
    ).toBe('DRAFT');

    for (const agency of [trento, upperAustria]) {
      const officerEmail = agency.officers[0].email;
      await env().smtp.waitFor((m) => m.to.includes(officerEmail) && /Check the eligibility/.test(m.subject), 30_000);
    }
    const decide = (
      proposalId: string,
      organisationId: string,
      agencyToken: string,
      decision: string,
      reason?: string,
    ) =>
      http()
        .post(`/api/v1/proposals/${proposalId}/eligibility/${organisationId}`)
        .auth(agencyToken, { type: 'bearer' })
        .send({ decision, reason });
    const trentoOfficer = tokenFor(trento.officers[0].id);
    const austriaOfficer = tokenFor(upperAustria.officers[0].id);
    // An officer decides only for its own region's partners; a programme manager on behalf needs a reason.
    await decide(good.id, good.partnerB.organisationId, trentoOfficer, 'ELIGIBLE').expect(404);
    const noReason = await decide(good.id, good.partnerB.organisationId, pm, 'ELIGIBLE');
    expect(noReason.status).toBe(422);
    expect(noReason.body.code).toBe('REASON_REQUIRED');

    await decide(good.id, good.coordinator.organisationId, trentoOfficer, 'ELIGIBLE').expect(200);
    await decide(good.id, good.partnerA.organisationId, trentoOfficer, 'ELIGIBLE').expect(200);
    // The programme manager records the last decision on the Austrian agency's behalf, with a reason.
    const last = await decide(
      good.id,
      good.partnerB.organisationId,
      pm,
      'ELIGIBLE',
      'Agency confirmed by phone; system access pending',
    );
    expect(last.body).toMatchObject({ proposalState: 'ELIGIBLE', onBehalf: true });
    const onBehalf = await queryRows<{ decided_on_behalf: boolean }>(
      url(),
      'SELECT decided_on_behalf FROM eligibility_decision WHERE proposal_id = $1 AND organisation_id = $2',
      [good.id, good.partnerB.organisationId],
    );
    expect(onBehalf[0].decided_on_behalf).toBe(true);
    await decide(good.id, good.partnerB.organisationId, austriaOfficer, 'INELIGIBLE', 'changed my mind').expect(409);

    const ineligible = await decide(
      bad.id,
      bad.partnerB.organisationId,
      austriaOfficer,
      'INELIGIBLE',
      'Not registered in Upper Austria',
    );
    expect(ineligible.body).toMatchObject({ proposalState: 'INELIGIBLE' });
    const badView = await http().get(`/api/v1/proposals/${bad.id}`).auth(bad.coord, { type: 'bearer' }).expect(200);
    expect(badView.body.state).toBe('INELIGIBLE');
    expect(badView.body.eligibilityReasons.join(' ')).toMatch(
      /AT31: partner .* is ineligible — Not registered in Upper Austria/,
    );

    for (const p of [good, bad]) {
      const coordinatorEmail = (
        await queryRows<{ email: string }>(url(), 'SELECT email FROM app_user WHERE id = $1', [p.coordinator.userId])
      )[0].email;
      await env().smtp.waitFor((m) => m.to.includes(coordinatorEmail) && /Eligibility of/.test(m.subject), 30_000);
    }
    const otherOfficer = tokenFor((await createAgency(url(), 'SI0')).officers[0].id);
    await http().get(`/api/v1/proposals/${good.id}`).auth(otherOfficer, { type: 'bearer' }).expect(404);
  }, 180_000);
});
