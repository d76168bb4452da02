import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Principal } from '@app/common';
import { WithdrawProposalUseCase } from '@app/application';
import {
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  extendAgencyEligibilityUpdate,
  WorkflowIds,
  type CallLifecycleInput,
} from '@app/contracts';
import { createApplicantOrganisation, createUser, openCallFixture, openPhaseInput } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { relayWorkflowSignals } from '../utils/relay-workflow-signals';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

/**
 * The close at the deadline (the call's workflow) and the escalation of missing regional decisions (the
 * proposal's own workflow, which learns of the close and of extensions through the outbox), on the
 * time-skipping server.
 */
describe('submission close and eligibility escalation on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  let taskQueue: string;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('eligibility');
    env = harness.env;
    taskQueue = harness.taskQueue;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('escalates a missing decision at the eligibility deadline and again at an agency’s extended deadline; the \
proposal waits; its workflow completes once it is withdrawn', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const now = await env.currentTimeMs();
    const { callId, agencies } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(now + DAY),
    });
    const [trento, upperAustria] = agencies;
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const proposalId = randomUUID();
    await queryRows(
      url(),
      'INSERT INTO proposal (id, call_id, coordinator_organisation_id, state, acronym, title, content, created_by, ' +
        "last_version) VALUES ($1, $2, $3, 'SUBMITTED', 'ESC', 'Escalation', '{}', $4, 1)",
      [proposalId, callId, coordinator.organisationId, coordinator.userId],
    );
    for (const [org, role] of [
      [coordinator.organisationId, 'COORDINATOR'],
      [partner.organisationId, 'PARTNER'],
    ]) {
      await queryRows(
        url(),
        'INSERT INTO proposal_partner (proposal_id, organisation_id, role, status, funded, eligible_costs, ' +
          "requested_grant) VALUES ($1, $2, $3, 'ACCEPTED', true, 100, 50)",
        [proposalId, org, role],
      );
    }
    // Its version 1, which counts: the partners as submitted (eligibility is requested for these).
    const content = JSON.stringify({
      partners: [
        [coordinator.organisationId, 'ITH2', 'SME', 'COORDINATOR'],
        [partner.organisationId, 'AT31', 'UNIVERSITY', 'PARTNER'],
      ].map(([organisationId, regionCode, organisationType, role]) => ({
        organisationId,
        regionCode,
        organisationType,
        role,
        funded: true,
        eligibleCosts: 100,
        requestedGrant: 50,
      })),
    });
    await queryRows(
      url(),
      'INSERT INTO proposal_version (proposal_id, version, content, canonical_json, sha256, submitted_at, ' +
        "submitted_by) VALUES ($1, 1, $2::jsonb, $2::text, repeat('0', 64), now(), $3)",
      [proposalId, content, coordinator.userId],
    );
    const input: CallLifecycleInput = await openPhaseInput(url(), callId, agencies);
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(callId),
      taskQueue,
      args: [input],
    });
    const decisions = () =>
      queryRows<{ region_code: string; decision: string; escalated_at: Date | null }>(
        url(),
        'SELECT region_code, decision, escalated_at FROM eligibility_decision WHERE proposal_id = $1 ' +
          'ORDER BY region_code',
        [proposalId],
      );
    const escalations = () =>
      queryRows(url(), "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'call.eligibility-escalated'", [
        callId,
      ]);

    await env.sleep('2 days');
    await expectEventually(async () =>
      expect(
        (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [proposalId]))[0].state,
      ).toBe('ELIGIBILITY_CHECK'),
    );
    // The close told the proposal's workflow (signal-with-start starts it): it keeps the due dates from now on.
    const relay = () => relayWorkflowSignals(url(), env.client, taskQueue, WorkflowIds.proposal(proposalId));
    expect(await relay()).toBe(1);
    const proposalWorkflow = env.client.workflow.getHandle(WorkflowIds.proposal(proposalId));
    expect((await decisions()).map((d) => [d.region_code, d.decision])).toEqual([
      ['AT31', 'PENDING'],
      ['ITH2', 'PENDING'],
    ]);
    // Trento decides in time; Upper Austria stays silent.
    await queryRows(
      url(),
      "UPDATE eligibility_decision SET decision = 'ELIGIBLE', decided_at = now() WHERE proposal_id = $1 AND " +
        "region_code = 'ITH2'",
      [proposalId],
    );

    await env.sleep('10 days');
    await expectEventually(async () => expect(await escalations()).toHaveLength(1));
    const [at31] = await decisions();
    expect(at31.escalated_at).not.toBeNull();
    const pmMail = await queryRows(
      url(),
      "SELECT 1 FROM outbox_message WHERE kind = 'ELIGIBILITY_ESCALATION' AND recipient_user_id = $1",
      [pm.id],
    );
    expect(pmMail.length).toBeGreaterThanOrEqual(1);

    const extendTo = new Date((await env.currentTimeMs()) + 3 * DAY).toISOString();
    const extended = await handle.executeUpdate(extendAgencyEligibilityUpdate, {
      args: [
        {
          agencyId: upperAustria.id,
          newDeadline: extendTo,
          reason: 'Regional board meets on Friday',
          actor: { userId: pm.id, role: 'PROGRAMME_MANAGER' },
        },
      ],
    });
    expect(extended).toMatchObject({ agencyId: upperAustria.id, pendingDecisions: 1 });
    expect((await decisions())[0].escalated_at).toBeNull();
    expect(await relay()).toBe(1);
    await env.sleep('4 days');
    await expectEventually(async () => expect(await escalations()).toHaveLength(2));
    // It never passes silently: still waiting for Upper Austria.
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [proposalId]))[0].state,
    ).toBe('ELIGIBILITY_CHECK');
    expect(trento.id).not.toBe(upperAustria.id);
    expect((await proposalWorkflow.describe()).status.name).toBe('RUNNING');

    // Withdrawn after the close, the proposal is final (no redress for a withdrawal): its workflow completes.
    const coordinatorPrincipal: Principal = {
      userId: coordinator.userId,
      email: 'coordinator@example.org',
      displayName: 'Coordinator',
      grants: [{ role: 'APPLICANT', organisationId: coordinator.organisationId }],
    };
    await harness.context.get(WithdrawProposalUseCase).execute(coordinatorPrincipal, proposalId, 'No longer needed');
    expect(await relay()).toBe(1);
    await proposalWorkflow.result();
    expect((await proposalWorkflow.describe()).status.name).toBe('COMPLETED');
  }, 120_000);
});
