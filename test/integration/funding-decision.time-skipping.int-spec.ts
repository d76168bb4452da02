import 'reflect-metadata';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DataSource } from 'typeorm';
import {
  answerFundingDecisionUpdate,
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  extendDeadlineUpdate,
  proposeFundingDecisionUpdate,
  WorkflowIds,
} from '@app/contracts';
import { PROMOTION_APPROVAL_DAYS, PROMOTION_REMINDER_INTERVAL_DAYS } from '@app/domain';
import { BudgetLedgerRepository } from '@app/persistence';
import { expectEventually } from '../utils/expect-eventually';
import { failGrantsOf, rankedCallFixture } from '../utils/funding-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

/**
 * SPEC F4/F5 on the time-skipping server: an agency silent at the decision deadline (or a promotion's approval period)
 * is reminded and escalated, and the decision waits.
 */
describe('the funding decision’s deadline on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('funding');
    env = harness.env;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('reminds the silent agency and escalates at the deadline, waits, escalates again at the extended deadline, and \
decides on the last approval', async () => {
    const fixture = await rankedCallFixture(url());
    const [trento, upperAustria] = fixture.agencies;
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    await handle.executeUpdate(answerFundingDecisionUpdate, {
      args: [
        { agencyId: trento.id, answer: 'APPROVE', actor: { userId: trento.officers[0].id, role: 'AGENCY_OFFICER' } },
      ],
    });

    const reminders = (officerId: string) =>
      queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'FUNDING_DECISION_REMINDER' AND recipient_user_id = $1",
        [officerId],
      );
    const escalations = () =>
      queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'FUNDING_DECISION_ESCALATION' AND recipient_user_id = $1",
        [fixture.pmId],
      );
    const [{ decision_deadline: deadline }] = await queryRows<{ decision_deadline: Date }>(
      url(),
      'SELECT decision_deadline FROM joint_call WHERE id = $1',
      [fixture.callId],
    );
    // Just before the deadline: nobody is chased.
    await env.sleep(deadline.getTime() - (await env.currentTimeMs()) - 3_600_000);
    expect(await reminders(upperAustria.officers[0].id)).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect(await reminders(upperAustria.officers[0].id)).toHaveLength(1));
    expect(await escalations()).toHaveLength(1);
    // Trento answered: not reminded. The decision waits, it never passes silently.
    expect(await reminders(trento.officers[0].id)).toHaveLength(0);
    await env.sleep(10 * DAY);
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [fixture.callId]))[0]
        .state,
    ).toBe('FUNDING_DECISION');
    expect(await reminders(upperAustria.officers[0].id)).toHaveLength(1);

    // The programme manager extends the deadline: at the new one, silence is escalated again.
    const extended = new Date((await env.currentTimeMs()) + 5 * DAY).toISOString();
    await handle.executeUpdate(extendDeadlineUpdate, {
      args: [{ field: 'decisionDeadline', newDeadline: extended, reason: 'Board meets late', actor: pm }],
    });
    await env.sleep(6 * DAY);
    await expectEventually(async () => expect(await reminders(upperAustria.officers[0].id)).toHaveLength(2));
    expect(await escalations()).toHaveLength(2);

    const last = await handle.executeUpdate(answerFundingDecisionUpdate, {
      args: [
        {
          agencyId: upperAustria.id,
          answer: 'APPROVE',
          actor: { userId: upperAustria.officers[0].id, role: 'AGENCY_OFFICER' },
        },
      ],
    });
    expect(last.decisionStatus).toBe('DECIDED');
    await expectEventually(async () =>
      expect(
        (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [fixture.callId]))[0]
          .state,
      ).toBe('DECIDED'),
    );
  }, 150_000);

  it('reminds the agency silent on a reserve promotion after the approval period, then weekly, and stops once it \
approves', async () => {
    const fixture = await rankedCallFixture(url(), ['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE']);
    const [trento, upperAustria] = fixture.agencies;
    const handle = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    const officer = (agency: (typeof fixture.agencies)[number]) => ({
      userId: agency.officers[0].id,
      role: 'AGENCY_OFFICER',
    });
    await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of [trento, upperAustria])
      await handle.executeUpdate(answerFundingDecisionUpdate, {
        args: [{ agencyId: agency.id, answer: 'APPROVE', actor: officer(agency) }],
      });
    await expectEventually(async () =>
      expect(
        (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [fixture.callId]))[0]
          .state,
      ).toBe('DECIDED'),
    );

    // TWO's grants fail before signature (the withdrawal's repository calls; its HTTP path is tested in
    // reserve-promotion.e2e).
    await failGrantsOf(
      harness.context.get(DataSource),
      harness.context.get(BudgetLedgerRepository),
      fixture.callId,
      fixture.proposals[1].id,
    );
    const promotion = await handle.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    expect(promotion.agencyIds.sort()).toEqual([trento.id, upperAustria.id].sort());
    await handle.executeUpdate(answerFundingDecisionUpdate, {
      args: [{ agencyId: trento.id, answer: 'APPROVE', actor: officer(trento) }],
    });
    const proposedAt = await env.currentTimeMs();

    // The promotion's own messages (the server's clock is ahead of the fixture's after the first test, so the
    // decision itself may have been chased at its deadline).
    const reminders = (officerId: string) =>
      queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'FUNDING_DECISION_REMINDER' AND recipient_user_id = $1 AND " +
          'idempotency_key LIKE $2',
        [officerId, `funding-reminder:${promotion.decisionId}:%`],
      );
    const escalations = () =>
      queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'FUNDING_DECISION_ESCALATION' AND recipient_user_id = $1 AND " +
          'idempotency_key LIKE $2',
        [fixture.pmId, `funding-escalation:${promotion.decisionId}:%`],
      );
    await env.sleep(PROMOTION_APPROVAL_DAYS * DAY - 3_600_000);
    expect(await reminders(upperAustria.officers[0].id)).toHaveLength(0);
    expect(await escalations()).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect(await reminders(upperAustria.officers[0].id)).toHaveLength(1));
    expect(await escalations()).toHaveLength(1);
    expect(await reminders(trento.officers[0].id)).toHaveLength(0);
    const [first] = await queryRows<{ after: { deadline: string; silentAgencies: string[] } }>(
      url(),
      "SELECT after FROM audit_event WHERE entity_id = $1 AND action = 'funding-decision.agencies-escalated' AND " +
        "after->>'decisionId' = $2",
      [fixture.callId, promotion.decisionId],
    );
    expect(first.after.silentAgencies).toEqual([upperAustria.id]);
    expect(Date.parse(first.after.deadline) - proposedAt).toBeGreaterThanOrEqual(
      PROMOTION_APPROVAL_DAYS * DAY - 60_000,
    );

    await env.sleep(PROMOTION_REMINDER_INTERVAL_DAYS * DAY);
    await expectEventually(async () => expect(await reminders(upperAustria.officers[0].id)).toHaveLength(2));
    expect(await escalations()).toHaveLength(2);

    const last = await handle.executeUpdate(answerFundingDecisionUpdate, {
      args: [{ agencyId: upperAustria.id, answer: 'APPROVE', actor: officer(upperAustria) }],
    });
    expect(last.decisionStatus).toBe('DECIDED');
    await env.sleep(3 * PROMOTION_REMINDER_INTERVAL_DAYS * DAY);
    expect(await reminders(upperAustria.officers[0].id)).toHaveLength(2);
    expect(
      await queryRows(url(), "SELECT 1 FROM funding_grant WHERE proposal_id = $1 AND status = 'AWARDED'", [
        fixture.proposals[2].id,
      ]),
    ).toHaveLength(2);
  }, 150_000);
});
