import 'reflect-metadata';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { answerFundingDecisionUpdate, CALL_LIFECYCLE_WORKFLOW_TYPE, PROJECT_LIFECYCLE_WORKFLOW_TYPE, proposeFundingDecisionUpdate, WorkflowIds } from '@app/contracts';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

/** SPEC M2–M3 on the time-skipping server: a project per funded proposal, milestone reminders at 14 and 3 days, overdue escalated after the grace period. */
describe('a funded project’s milestones on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('project');
    env = harness.env;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('creates the projects at DECIDED with dated milestones, reminds 14 and 3 days before the due date, and escalates the overdue milestone', async () => {
    const fixture = await rankedCallFixture(url());
    const [trento, upperAustria] = fixture.agencies;
    const call = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, { workflowId: WorkflowIds.call(fixture.callId), taskQueue: harness.taskQueue, args: [fixture.workflowInput] });
    await call.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' } }] });
    for (const agency of [trento, upperAustria]) {
      await call.executeUpdate(answerFundingDecisionUpdate, { args: [{ agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } }] });
    }
    const projects = await queryRows<{ id: string; proposal_id: string; start_date: string; state: string }>(url(), "SELECT id, proposal_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, state FROM project WHERE call_id = $1 ORDER BY acronym", [fixture.callId]);
    // ONE and TWO are funded (THREE is on the reserve list): a project each.
    expect(projects.map((p) => p.proposal_id).sort()).toEqual([fixture.proposals[0].id, fixture.proposals[1].id].sort());
    const project = projects.find((p) => p.proposal_id === fixture.proposals[0].id)!;
    const milestones = await queryRows<{ idx: number; due_month: number; due_at: Date; overdue_at: Date; state: string }>(url(), 'SELECT idx, due_month, due_at, overdue_at, state FROM project_milestone WHERE project_id = $1 ORDER BY idx', [project.id]);
    expect(milestones.map((m) => [m.idx, m.due_month, m.state])).toEqual([
      [0, 12, 'PLANNED'],
      [1, 24, 'PLANNED'],
    ]);
    // The relay is not part of this harness: start the project's workflow as the outbox would.
    await env.client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, { workflowId: WorkflowIds.project(project.id), taskQueue: harness.taskQueue, args: [{ projectId: project.id }] });

    const coordinatorUser = fixture.proposals[0].coordinator.userId;
    const reminders = () => queryRows<{ idempotency_key: string }>(url(), "SELECT idempotency_key FROM outbox_message WHERE kind = 'MILESTONE_REMINDER' AND recipient_user_id = $1 ORDER BY created_at", [coordinatorUser]);
    const due = milestones[0].due_at.getTime();
    await env.sleep(due - 14 * DAY - (await env.currentTimeMs()) - 3_600_000);
    expect(await reminders()).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect((await reminders()).map((r) => r.idempotency_key.split(':').slice(0, 4).join(':'))).toEqual([`milestone-reminder:${project.id}:0:14`]));
    expect((await queryRows<{ state: string }>(url(), 'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = 0', [project.id]))[0].state).toBe('DUE_SOON');
    await env.sleep(11 * DAY);
    await expectEventually(async () => expect(await reminders()).toHaveLength(2));

    // Not reported by the due date plus grace: OVERDUE, escalated to the programme managers and the agencies.
    const overdue = (userId: string) => queryRows(url(), "SELECT 1 FROM outbox_message WHERE kind = 'MILESTONE_OVERDUE' AND recipient_user_id = $1", [userId]);
    await env.sleep(milestones[0].overdue_at.getTime() - (await env.currentTimeMs()) + 3_600_000);
    await expectEventually(async () => expect(await overdue(fixture.pmId)).toHaveLength(1));
    expect(await overdue(trento.officers[0].id)).toHaveLength(1);
    expect(await overdue(upperAustria.officers[0].id)).toHaveLength(1);
    expect((await queryRows<{ state: string }>(url(), 'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = 0', [project.id]))[0].state).toBe('OVERDUE');
    expect(await queryRows(url(), "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'milestone.overdue'", [project.id])).toHaveLength(1);
  }, 150_000);
});
