import 'reflect-metadata';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ChangeProjectStateUseCase, DecideConsortiumAgreementUseCase } from '@app/application';
import {
  answerFundingDecisionUpdate,
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  closeReserveListUpdate,
  proposeFundingDecisionUpdate,
  WorkflowIds,
} from '@app/contracts';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { relayWorkflowSignals } from '../utils/relay-workflow-signals';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * SPEC §4 on the time-skipping server: after DECIDED the call waits — for months if need be — until the reserve list
 * is closed and every funded project has started (MONITORING), then until every project has ended (CLOSED), and its
 * workflow completes. Time alone moves nothing; each step is a signal sent through the outbox by the change.
 */
describe('the call’s end on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('call-end');
    env = harness.env;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  const stateOf = async (callId: string) =>
    (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state;

  it('goes DECIDED → MONITORING → CLOSED as the reserve list closes and its projects start and end', async () => {
    const fixture = await rankedCallFixture(url(), ['ONE', 'TWO']);
    const { callId } = fixture;
    const workflowId = WorkflowIds.call(callId);
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of fixture.agencies)
      await handle.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    expect(await stateOf(callId)).toBe('DECIDED');
    const projects = await queryRows<{ id: string }>(
      url(),
      'SELECT id FROM project WHERE call_id = $1 ORDER BY acronym',
      [callId],
    );
    expect(projects).toHaveLength(2);
    const [one, two] = projects;
    const relay = () => relayWorkflowSignals(url(), env.client, harness.taskQueue, workflowId);
    const settle = async () => {
      await relay();
      await env.sleep(60_000);
    };

    const startProject = async (projectId: string) => {
      // The coordinator's upload is another test's concern: the agreement is submitted, the PM accepts it.
      const sha = 'e'.repeat(64);
      await queryRows(
        url(),
        "INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, 'application/pdf', 3, 'PDF') " +
          'ON CONFLICT DO NOTHING',
        [sha],
      );
      await queryRows(
        url(),
        "UPDATE project SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, " +
          "consortium_agreement_file_name = 'ca.pdf' WHERE id = $1",
        [projectId, sha],
      );
      await harness.context.get(DecideConsortiumAgreementUseCase, { strict: false }).execute({
        projectId,
        request: { accept: true, actor: pm },
        updateId: `accept-${projectId}`,
        at: new Date(await env.currentTimeMs()).toISOString(),
      });
    };
    const terminate = (projectId: string) =>
      harness.context.get(ChangeProjectStateUseCase, { strict: false }).execute({
        projectId,
        request: { event: 'TERMINATE', reason: 'The consortium dissolved.', actor: pm },
        updateId: `terminate-${projectId}`,
        at: new Date().toISOString(),
      });

    // Both projects start, a month passes (the redress windows with it): the reserve list is open, the call stays DECIDED.
    await startProject(one.id);
    await startProject(two.id);
    await settle();
    await env.sleep(31 * DAY);
    expect(await stateOf(callId)).toBe('DECIDED');

    // The reserve list closes (an update that writes its own signal): MONITORING.
    await handle.executeUpdate(closeReserveListUpdate, { args: [{ actor: pm }] });
    await settle();
    await expectEventually(async () => expect(await stateOf(callId)).toBe('MONITORING'));

    // One project ends, another month passes: the other still runs, the call stays MONITORING and its workflow runs.
    await terminate(one.id);
    await settle();
    await env.sleep(30 * DAY);
    expect(await stateOf(callId)).toBe('MONITORING');
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The last one ends: CLOSED, and the workflow completes with it.
    await terminate(two.id);
    await relay();
    expect(await handle.result()).toEqual({ finalState: 'CLOSED' });
    expect(await stateOf(callId)).toBe('CLOSED');
    const audit = await queryRows<{ action: string }>(
      url(),
      "SELECT action FROM audit_event WHERE entity_id = $1 AND action IN ('call.monitoring', 'call.closed') ORDER BY id",
      [callId],
    );
    expect(audit.map((a) => a.action)).toEqual(['call.monitoring', 'call.closed']);
  }, 300_000);

  it(`holds a decided call in DECIDED while a proposal can still file a redress request, and moves it on when the \
last window closes, unsignalled`, async () => {
    const fixture = await rankedCallFixture(url(), ['ONE']);
    const { callId } = fixture;
    const workflowId = WorkflowIds.call(callId);
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of fixture.agencies)
      await handle.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    const [{ decidedAt }] = await queryRows<{ decidedAt: Date }>(
      url(),
      'SELECT decided_at AS "decidedAt" FROM funding_decision WHERE call_id = $1 AND status = \'APPROVED\'',
      [callId],
    );
    const [project] = await queryRows<{ id: string }>(url(), 'SELECT id FROM project WHERE call_id = $1', [callId]);
    const sha = 'f'.repeat(64);
    await queryRows(
      url(),
      "INSERT INTO attachment_blob (sha256, media_type, size, bytes) VALUES ($1, 'application/pdf', 3, 'PDF') " +
        'ON CONFLICT DO NOTHING',
      [sha],
    );
    await queryRows(
      url(),
      "UPDATE project SET consortium_agreement = 'SUBMITTED', consortium_agreement_sha256 = $2, " +
        "consortium_agreement_file_name = 'ca.pdf' WHERE id = $1",
      [project.id, sha],
    );
    await harness.context.get(DecideConsortiumAgreementUseCase, { strict: false }).execute({
      projectId: project.id,
      request: { accept: true, actor: pm },
      updateId: `accept-${project.id}`,
      at: new Date(await env.currentTimeMs()).toISOString(),
    });
    // The project started and the reserve list is closed, on the decision's day: its result can still be challenged.
    await handle.executeUpdate(closeReserveListUpdate, { args: [{ actor: pm }] });
    await relayWorkflowSignals(url(), env.client, harness.taskQueue, workflowId);
    await env.sleep(60_000);
    expect(await stateOf(callId)).toBe('DECIDED');

    // The window closes 30 days and an hour after the result; nothing signals the call then. Two hours later (well
    // before the next daily look) it is monitored: the workflow woke when the window closed.
    const windowClosesAt = decidedAt.getTime() + 30 * DAY + HOUR;
    await env.sleep(windowClosesAt + 2 * HOUR - (await env.currentTimeMs()));
    await expectEventually(async () => expect(await stateOf(callId)).toBe('MONITORING'));
    const [monitored] = await queryRows<{ at: Date }>(
      url(),
      "SELECT occurred_at AS at FROM audit_event WHERE entity_id = $1 AND action = 'call.monitoring'",
      [callId],
    );
    expect(monitored).toBeDefined();
  }, 300_000);

  it('closes a call that funded nothing once the reserve list is closed', async () => {
    const fixture = await rankedCallFixture(url(), ['ONE']);
    const { callId } = fixture;
    const workflowId = WorkflowIds.call(callId);
    // No budget at all: the walk funds nothing, the proposal is RESERVE.
    await queryRows(url(), 'UPDATE fund_commitment SET amount = 1 WHERE call_id = $1', [callId]);
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of fixture.agencies)
      await handle.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    await relayWorkflowSignals(url(), env.client, harness.taskQueue, workflowId);
    await env.sleep(30 * DAY);
    expect(await stateOf(callId)).toBe('DECIDED');
    await handle.executeUpdate(closeReserveListUpdate, { args: [{ actor: pm }] });
    await relayWorkflowSignals(url(), env.client, harness.taskQueue, workflowId);
    expect(await handle.result()).toEqual({ finalState: 'CLOSED' });
    expect(await stateOf(callId)).toBe('CLOSED');
  }, 300_000);
});
