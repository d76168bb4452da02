import 'reflect-metadata';
import type { WorkflowHandle } from '@temporalio/client';
import type { INestApplicationContext } from '@nestjs/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import {
  answerCommitmentUpdate,
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  extendDeadlineUpdate,
  putCommitmentUpdate,
  WorkflowIds,
  type CallLifecycleInput,
} from '@app/contracts';
import { withCallDefaults, type CallConfigurationInput } from '@app/domain';
import { CallRepository } from '@app/persistence';
import { callBody, createAgency, createUser, terms, type AgencyFixture } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

/**
 * The call workflow's timers on the time-skipping server, with its real activities writing to
 * PostgreSQL: days pass in `env.sleep`, human answers arrive as updates.
 */
describe('fund alignment on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let context: INestApplicationContext;
  let harness: TimeSkippingWorker;
  let taskQueue: string;
  let pm: { id: string };
  const url = () => testEnvironment().databaseUrl;
  const actor = () => ({ userId: pm.id, role: 'PROGRAMME_MANAGER' });

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('call-alignment');
    env = harness.env;
    context = harness.context;
    taskQueue = harness.taskQueue;
    pm = await createUser(url(), 'PROGRAMME_MANAGER');
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  async function startCall(
    regions: string[],
  ): Promise<{ callId: string; agencies: AgencyFixture[]; handle: WorkflowHandle }> {
    const now = await env.currentTimeMs();
    const agencies = [];
    for (const region of regions) agencies.push(await createAgency(url(), region, 2));
    const dataSource = context.get(DataSource);
    const call = await context
      .get(CallRepository)
      .create(dataSource.manager, withCallDefaults(callBody(now) as CallConfigurationInput), pm.id);
    const input: CallLifecycleInput = {
      callId: call.id,
      invitedAgencyIds: agencies.map((a) => a.id),
      startedBy: actor(),
    };
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(call.id),
      taskQueue,
      args: [input],
    });
    return { callId: call.id, agencies, handle: env.client.workflow.getHandle(handle.workflowId) };
  }

  const officerActor = (agency: AgencyFixture) => ({ userId: agency.officers[0].id, role: 'AGENCY_OFFICER' });
  const propose = (h: WorkflowHandle, agency: AgencyFixture, amount: number) =>
    h.executeUpdate(putCommitmentUpdate, {
      args: [{ agencyId: agency.id, terms: terms(amount), actor: officerActor(agency) }],
    });
  const answer = (h: WorkflowHandle, agency: AgencyFixture, value: 'CONFIRM' | 'DECLINE') =>
    h.executeUpdate(answerCommitmentUpdate, {
      args: [
        {
          agencyId: agency.id,
          answer: value,
          reason: value === 'DECLINE' ? 'No budget this year' : undefined,
          actor: officerActor(agency),
        },
      ],
    });
  const proposeAndConfirm = async (h: WorkflowHandle, agency: AgencyFixture, amount: number) => {
    await propose(h, agency, amount);
    await answer(h, agency, 'CONFIRM');
  };
  const callState = async (callId: string) =>
    (
      await queryRows<{ state: string; state_reason: string | null }>(
        url(),
        'SELECT state, state_reason FROM joint_call WHERE id = $1',
        [callId],
      )
    )[0];
  const statuses = async (callId: string) =>
    Object.fromEntries(
      (
        await queryRows<{ region_code: string; status: string }>(
          url(),
          'SELECT region_code, status FROM fund_commitment WHERE call_id = $1',
          [callId],
        )
      ).map((r) => [r.region_code, r.status]),
    );

  it('drops a silent agency at the alignment deadline and still opens with two regions at opensAt', async () => {
    const { callId, agencies, handle } = await startCall(['ITC1', 'ITC4', 'ITH3']);
    const [a, b, c] = agencies;
    await proposeAndConfirm(handle, a, 50_000_000);
    await proposeAndConfirm(handle, b, 40_000_000);
    expect(await statuses(callId)).toEqual({ ITC1: 'CONFIRMED', ITC4: 'CONFIRMED', ITH3: 'INVITED' });

    await env.sleep('11 days');
    await expectEventually(async () =>
      expect(await statuses(callId)).toEqual({ ITC1: 'CONFIRMED', ITC4: 'CONFIRMED', ITH3: 'DROPPED_OUT' }),
    );
    expect((await callState(callId)).state).toBe('FUND_ALIGNMENT');
    const droppedMail = await queryRows(
      url(),
      "SELECT recipient_user_id FROM outbox_message WHERE kind = 'ALIGNMENT_DROPPED_OUT' " +
        'AND recipient_user_id = ANY($1)',
      [c.officers.map((o) => o.id)],
    );
    expect(droppedMail).toHaveLength(2);

    await env.sleep('10 days');
    await expectEventually(async () => expect((await callState(callId)).state).toBe('OPEN'));
    const opened = await queryRows(url(), "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'call.opened'", [
      callId,
    ]);
    expect(opened).toHaveLength(1);
  }, 120_000);

  it('cancels the call with the reason when only one region confirms', async () => {
    const { callId, agencies, handle } = await startCall(['ITC1', 'ITC4', 'ITH3']);
    const [a, b] = agencies;
    await proposeAndConfirm(handle, a, 50_000_000);
    await answer(handle, b, 'DECLINE');
    await env.sleep('11 days');
    await expectEventually(async () => {
      const state = await callState(callId);
      expect(state.state).toBe('CANCELLED');
      expect(state.state_reason).toMatch(/Only 1 region confirmed/);
    });
    expect(await statuses(callId)).toEqual({ ITC1: 'CONFIRMED', ITC4: 'DECLINED', ITH3: 'DROPPED_OUT' });
  }, 120_000);

  it('honours an alignment deadline extended during the alignment', async () => {
    const { callId, agencies, handle } = await startCall(['ITC1', 'ITC4', 'ITH3']);
    const [a, b, c] = agencies;
    await proposeAndConfirm(handle, a, 50_000_000);
    await proposeAndConfirm(handle, b, 40_000_000);
    const now = await env.currentTimeMs();
    await handle.executeUpdate(extendDeadlineUpdate, {
      args: [
        {
          field: 'alignmentDeadline',
          newDeadline: new Date(now + 15 * 86_400_000).toISOString(),
          reason: 'Regional board meets late',
          actor: actor(),
        },
      ],
    });
    await env.sleep('11 days');
    // Past the original deadline, before the extended one: the third agency can still answer.
    expect(await statuses(callId)).toEqual({ ITC1: 'CONFIRMED', ITC4: 'CONFIRMED', ITH3: 'INVITED' });
    await proposeAndConfirm(handle, c, 30_000_000);
    await env.sleep('10 days');
    await expectEventually(async () => expect((await callState(callId)).state).toBe('OPEN'));
    expect(await statuses(callId)).toEqual({ ITC1: 'CONFIRMED', ITC4: 'CONFIRMED', ITH3: 'CONFIRMED' });
    const extended = await queryRows<{ after: { alignmentDeadline: string } }>(
      url(),
      "SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'call.deadline-extended'",
      [callId],
    );
    expect(extended).toHaveLength(1);
  }, 120_000);

  it('accepts a raise of a commitment after the call has opened', async () => {
    const { callId, agencies, handle } = await startCall(['ITC1', 'ITC4']);
    const [a, b] = agencies;
    await proposeAndConfirm(handle, a, 50_000_000);
    await proposeAndConfirm(handle, b, 40_000_000);
    await env.sleep('21 days');
    await expectEventually(async () => expect((await callState(callId)).state).toBe('OPEN'));
    const raised = await propose(handle, a, 65_000_000);
    expect(raised).toMatchObject({ status: 'CONFIRMED', amount: 65_000_000 });
    const rows = await queryRows<{ amount: string }>(
      url(),
      'SELECT amount FROM fund_commitment WHERE call_id = $1 AND agency_id = $2',
      [callId, a.id],
    );
    expect(Number(rows[0].amount)).toBe(65_000_000);
    await expect(
      handle.executeUpdate(answerCommitmentUpdate, {
        args: [{ agencyId: b.id, answer: 'DECLINE', reason: 'too late', actor: officerActor(b) }],
      }),
    ).rejects.toThrow();
  }, 120_000);
});
