import request from 'supertest';
import { CALL_LIFECYCLE_WORKFLOW_TYPE, TaskQueues, WorkflowIds } from '@app/contracts';
import {
  callBody,
  createAgency,
  createApplicantOrganisation,
  createUser,
  openCallFixture,
  openPhaseInput,
  terms,
} from '../utils/call-fixtures';
import { decidedCallOverHttp } from '../utils/decided-call';
import { expectEventually } from '../utils/expect-eventually';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const DAY = 86_400_000;

/**
 * Holds back the worker's relay for the workflows whose id starts with `prefix` (a relay that is behind, e.g.
 * during a deadline rush): their outbox rows are written leased for an hour. The returned function lets go.
 */
async function holdWorkflowStarts(url: string, prefix: 'review-' | 'project-'): Promise<() => Promise<void>> {
  const name = `test_hold_${prefix.replace('-', '')}`;
  await queryRows(
    url,
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN NEW.locked_until := clock_timestamp() + interval '1 hour'; RETURN NEW; END $$`,
  );
  await queryRows(
    url,
    `CREATE TRIGGER ${name} BEFORE INSERT ON workflow_signal_outbox FOR EACH ROW
       WHEN (NEW.workflow_id LIKE '${prefix}%') EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await queryRows(url, `DROP TRIGGER IF EXISTS ${name} ON workflow_signal_outbox`);
    await queryRows(url, `DROP FUNCTION IF EXISTS ${name}()`);
    await queryRows(url, 'UPDATE workflow_signal_outbox SET locked_until = NULL WHERE sent_at IS NULL');
  };
}

/**
 * An action acknowledged with 2xx is visible to the very next request, and an action on an object whose
 * workflow is still being started is handed to it (update-with-start) — never a transient refusal. No test
 * here waits between a 2xx and the request that relies on it.
 */
describe('transitions a client can rely on', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it(`start-alignment answers with the call in FUND_ALIGNMENT: the configuration is frozen (PATCH 409 naming \
the state) and every invited officer can propose at once`, async () => {
    const pm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const created = await http().post('/api/v1/calls').auth(pm, { type: 'bearer' }).send(callBody(Date.now()));
    expect(created.status).toBe(201);
    const callId = created.body.id as string;
    const trento = await createAgency(url(), 'ITH2');
    const salzburg = await createAgency(url(), 'AT32');

    const started = await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: [trento.id, salzburg.id] });
    const read = await http().get(`/api/v1/calls/${callId}`).auth(pm, { type: 'bearer' });
    const patched = await http()
      .patch(`/api/v1/calls/${callId}`)
      .auth(pm, { type: 'bearer' })
      .send({ description: 'Changed after the start.' });
    const put = await http()
      .put(`/api/v1/calls/${callId}/commitments/${trento.id}`)
      .auth(tokenFor(trento.officers[0].id), { type: 'bearer' })
      .send(terms(80_000_000));
    expect({
      started: [started.status, started.body.state, started.body.workflowId],
      read: read.body.state,
      patched: [patched.status, patched.body.code, patched.body.params?.state],
      put: [put.status, put.body.detail],
    }).toEqual({
      started: [202, 'FUND_ALIGNMENT', WorkflowIds.call(callId)],
      read: 'FUND_ALIGNMENT',
      patched: [409, 'CALL_STATE_CONFLICT', 'FUND_ALIGNMENT'],
      put: [200, undefined],
    });

    // The workflow's first step (which the officer's answer waited for) found the alignment begun: one audit entry.
    await expectEventually(async () =>
      expect((await env().client.workflow.getHandle(WorkflowIds.call(callId)).describe()).status.name).toBe('RUNNING'),
    );
    const audits = await queryRows<{ n: string }>(
      url(),
      "SELECT count(*)::text AS n FROM audit_event WHERE entity_id = $1 AND action = 'call.alignment-started'",
      [callId],
    );
    expect(audits[0].n).toBe('1');
    // A second start is refused, naming the state.
    const again = await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: [trento.id, salzburg.id] });
    expect({ status: again.status, code: again.body.code as unknown }).toEqual({
      status: 409,
      code: 'CALL_STATE_CONFLICT',
    });
  }, 120_000);

  it('an offer accepted right after the assignment job succeeded is handed to the review workflow being started', async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const pm = tokenFor(pmId);
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() - DAY),
      overrides: { reviewersPerProposal: 1 },
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
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: 'FAST',
      topic: 'robotics',
      keywords: ['ai'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    const evaluator = await createPoolEvaluator(url(), callId, pmId, { expertise: ['robotics'], country: 'FR' });

    const release = await holdWorkflowStarts(url(), 'review-');
    try {
      const job = await http().post(`/api/v1/calls/${callId}/assignments/auto`).auth(pm, { type: 'bearer' }).send({});
      expect(job.status).toBe(202);
      await expectEventually(async () =>
        expect((await http().get(`/api/v1/jobs/${job.body.id}`).auth(pm, { type: 'bearer' })).body.status).toBe(
          'SUCCEEDED',
        ),
      );
      const [offer] = await queryRows<{ id: string }>(
        url(),
        'SELECT id FROM review_assignment WHERE proposal_id = $1 AND evaluator_id = $2',
        [proposalId, evaluator.id],
      );
      const accepted = await http()
        .post(`/api/v1/assignments/${offer.id}/accept`)
        .auth(tokenFor(evaluator.id), { type: 'bearer' });
      const evaluatorToken = tokenFor(evaluator.id);
      const noReview = await http()
        .get(`/api/v1/assignments/${offer.id}/review`)
        .auth(evaluatorToken, { type: 'bearer' });
      expect({
        accepted: [accepted.status, accepted.body.code, accepted.body.state],
        noReview: [noReview.status, noReview.body.code],
      }).toEqual({ accepted: [200, undefined, 'ACCEPTED'], noReview: [409, 'REVIEW_NOT_SAVED'] });
    } finally {
      await release();
    }
  }, 120_000);

  it(`the consortium agreement accepted right after the decision is handed to the project workflow being started; \
an agreement not uploaded yet is 409, not 404`, async () => {
    let release: (() => Promise<void>) | undefined;
    try {
      const { pmId, proposals, callId } = await decidedCallOverHttp(env(), url(), undefined, async () => {
        release = await holdWorkflowStarts(url(), 'project-');
      });
      const pm = tokenFor(pmId);
      const projects = await http().get(`/api/v1/calls/${callId}/projects`).auth(pm, { type: 'bearer' });
      const project = (projects.body.items as Array<{ id: string; acronym: string }>)[0];
      const coordinator = tokenFor(proposals[0].coordinator.userId);

      const missing = await http()
        .get(`/api/v1/projects/${project.id}/consortium-agreement`)
        .auth(coordinator, { type: 'bearer' });
      const uploaded = await http()
        .put(`/api/v1/projects/${project.id}/consortium-agreement`)
        .auth(coordinator, { type: 'bearer' })
        .set('Content-Type', 'application/pdf')
        .set('X-File-Name', 'agreement.pdf')
        .send(Buffer.from('%PDF-1.4\n% consortium agreement\n'));
      const accepted = await http()
        .post(`/api/v1/projects/${project.id}/consortium-agreement/accept`)
        .auth(pm, { type: 'bearer' })
        .send({});
      expect({
        missing: [missing.status, missing.body.code],
        uploaded: uploaded.status,
        accepted: [accepted.status, accepted.body.code, accepted.body.detail],
      }).toEqual({
        missing: [409, 'CONSORTIUM_AGREEMENT_NOT_UPLOADED'],
        uploaded: 200,
        accepted: [200, undefined, undefined],
      });
    } finally {
      await release?.();
    }
  }, 180_000);

  it(`"exists for you but not yet" is 409 naming what is missing: a decision not proposed yet, an eligibility \
decision asked of a submitted proposal before the check`, async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    const decision = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(tokenFor(agencies[0].officers[0].id), { type: 'bearer' });
    // A submitted proposal with a partner in the officer's region: the officer sees it; its eligibility is not asked yet.
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: 'SOON',
      topic: 'water',
      keywords: ['soil'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    await queryRows(url(), "UPDATE proposal SET state = 'SUBMITTED' WHERE id = $1", [proposalId]);
    const trento = agencies.find((a) => a.regionCode === 'ITH2')!;
    const early = await http()
      .post(`/api/v1/proposals/${proposalId}/eligibility/${coordinator.organisationId}`)
      .auth(tokenFor(trento.officers[0].id), { type: 'bearer' })
      .send({ decision: 'ELIGIBLE' });
    // Not visible at all stays 404: an applicant outside the call's decision, another region's partner.
    const stranger = await createApplicantOrganisation(url(), 'ITH2');
    const other = await http()
      .get(`/api/v1/calls/${callId}/funding-decision`)
      .auth(tokenFor(stranger.userId), { type: 'bearer' });
    const otherRegion = await http()
      .post(`/api/v1/proposals/${proposalId}/eligibility/${partner.organisationId}`)
      .auth(tokenFor(trento.officers[0].id), { type: 'bearer' })
      .send({ decision: 'ELIGIBLE' });
    expect({
      decision: [decision.status, decision.body.code],
      early: [early.status, early.body.code, early.body.params?.state],
      other: other.status,
      otherRegion: otherRegion.status,
    }).toEqual({
      decision: [409, 'FUNDING_DECISION_NOT_PROPOSED'],
      early: [409, 'PROPOSAL_STATE_CONFLICT', 'SUBMITTED'],
      other: 404,
      otherRegion: 404,
    });
  }, 60_000);
});
