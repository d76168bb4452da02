import 'reflect-metadata';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  answerAmendmentUpdate,
  answerFundingDecisionUpdate,
  CALL_LIFECYCLE_WORKFLOW_TYPE,
  changeProjectStateUpdate,
  decideConsortiumAgreementUpdate,
  decideReportUpdate,
  PROJECT_LIFECYCLE_WORKFLOW_TYPE,
  projectChangedSignal,
  proposeFundingDecisionUpdate,
  WorkflowIds,
} from '@app/contracts';
import { GrantRepository } from '@app/persistence';
import { untilTimerArmed } from '../utils/workflow-waits';
import { expectEventually } from '../utils/expect-eventually';
import { rankedCallFixture } from '../utils/funding-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

/**
 * SPEC M2–M3 on the time-skipping server: a project per funded proposal, milestone reminders at 14 and 3 days, overdue
 * escalated after the grace period.
 */
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

  it('creates the projects at DECIDED with dated milestones, reminds 14 and 3 days before the due date, and escalates \
the overdue milestone', async () => {
    const fixture = await rankedCallFixture(url());
    const [trento, upperAustria] = fixture.agencies;
    const call = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    await call.executeUpdate(proposeFundingDecisionUpdate, {
      args: [{ actor: { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' } }],
    });
    for (const agency of [trento, upperAustria]) {
      await call.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    }
    const projects = await queryRows<{ id: string; proposal_id: string; start_date: string; state: string }>(
      url(),
      "SELECT id, proposal_id, to_char(start_date, 'YYYY-MM-DD') AS start_date, state FROM project " +
        'WHERE call_id = $1 ORDER BY acronym',
      [fixture.callId],
    );
    // ONE and TWO are funded (THREE is on the reserve list): a project each.
    expect(projects.map((p) => p.proposal_id).sort()).toEqual(
      [fixture.proposals[0].id, fixture.proposals[1].id].sort(),
    );
    const project = projects.find((p) => p.proposal_id === fixture.proposals[0].id)!;
    const milestones = await queryRows<{
      idx: number;
      due_month: number;
      due_at: Date;
      overdue_at: Date;
      state: string;
    }>(
      url(),
      'SELECT idx, due_month, due_at, overdue_at, state FROM project_milestone WHERE project_id = $1 ORDER BY idx',
      [project.id],
    );
    expect(milestones.map((m) => [m.idx, m.due_month, m.state])).toEqual([
      [0, 12, 'PLANNED'],
      [1, 24, 'PLANNED'],
    ]);
    // The relay is not part of this harness: start the project's workflow as the outbox would.
    await untilTimerArmed(
      await env.client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: WorkflowIds.project(project.id),
        taskQueue: harness.taskQueue,
        args: [{ projectId: project.id }],
      }),
    );

    const coordinatorUser = fixture.proposals[0].coordinator.userId;
    const reminders = () =>
      queryRows<{ idempotency_key: string }>(
        url(),
        "SELECT idempotency_key FROM outbox_message WHERE kind = 'MILESTONE_REMINDER' AND recipient_user_id = $1 " +
          'ORDER BY created_at',
        [coordinatorUser],
      );
    const due = milestones[0].due_at.getTime();
    await env.sleep(due - 14 * DAY - (await env.currentTimeMs()) - 3_600_000);
    expect(await reminders()).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () =>
      expect((await reminders()).map((r) => r.idempotency_key.split(':').slice(0, 4).join(':'))).toEqual([
        `milestone-reminder:${project.id}:0:14`,
      ]),
    );
    expect(
      (
        await queryRows<{ state: string }>(
          url(),
          'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = 0',
          [project.id],
        )
      )[0].state,
    ).toBe('DUE_SOON');
    // The periodic reports (every 6 months, M6) are timed the same way: P1 (month 6) reminded and, never
    // submitted, escalated after its grace period; P2 (month 12) reminded 14 days ahead like the milestone.
    const reportMail = (kind: string, userId: string) =>
      queryRows<{ k: string }>(
        url(),
        'SELECT idempotency_key AS k FROM outbox_message WHERE kind = $1 AND recipient_user_id = $2 AND ' +
          'idempotency_key LIKE $3 ORDER BY idempotency_key',
        [kind, userId, `%:${project.id}:%`],
      );
    await expectEventually(async () =>
      expect(
        (await reportMail('REPORT_REMINDER', coordinatorUser)).map((r) => r.k.split(':').slice(2, 4).join(':')),
      ).toEqual(['P1:14', 'P1:3', 'P2:14']),
    );
    expect((await reportMail('REPORT_OVERDUE', fixture.pmId)).map((r) => r.k.split(':')[2])).toEqual(['P1']);
    expect(await reportMail('REPORT_OVERDUE', trento.officers[0].id)).toHaveLength(1);
    await env.sleep(11 * DAY);
    await expectEventually(async () => expect(await reminders()).toHaveLength(2));

    // Not reported by the due date plus grace: OVERDUE, escalated to the programme managers and the agencies.
    const overdue = (userId: string) =>
      queryRows(url(), "SELECT 1 FROM outbox_message WHERE kind = 'MILESTONE_OVERDUE' AND recipient_user_id = $1", [
        userId,
      ]);
    await env.sleep(milestones[0].overdue_at.getTime() - (await env.currentTimeMs()) + 3_600_000);
    await expectEventually(async () => expect(await overdue(fixture.pmId)).toHaveLength(1));
    expect(await overdue(trento.officers[0].id)).toHaveLength(1);
    expect(await overdue(upperAustria.officers[0].id)).toHaveLength(1);
    expect(
      (
        await queryRows<{ state: string }>(
          url(),
          'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = 0',
          [project.id],
        )
      )[0].state,
    ).toBe('OVERDUE');
    expect(
      await queryRows(url(), "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'milestone.overdue'", [
        project.id,
      ]),
    ).toHaveLength(1);
  }, 150_000);

  it('times milestones and reports by the call’s settings: overdue after its grace (2 days), periodic reports at its \
interval (12 months)', async () => {
    const fixture = await rankedCallFixture(url());
    await queryRows(
      url(),
      "UPDATE joint_call SET configuration = jsonb_set(configuration, '{settings}', " +
        "coalesce(configuration->'settings', '{}') || $2::jsonb) WHERE id = $1",
      [fixture.callId, JSON.stringify({ milestoneGraceDays: 2, reportIntervalMonths: 12 })],
    );
    const call = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    await call.executeUpdate(proposeFundingDecisionUpdate, {
      args: [{ actor: { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' } }],
    });
    for (const agency of fixture.agencies) {
      await call.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    }
    const [project] = await queryRows<{ id: string }>(url(), 'SELECT id FROM project WHERE proposal_id = $1', [
      fixture.proposals[0].id,
    ]);
    const [milestone] = await queryRows<{ due_at: Date }>(
      url(),
      'SELECT due_at FROM project_milestone WHERE project_id = $1 AND idx = 0',
      [project.id],
    );
    await untilTimerArmed(
      await env.client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, {
        workflowId: WorkflowIds.project(project.id),
        taskQueue: harness.taskQueue,
        args: [{ projectId: project.id }],
      }),
    );
    const mail = (kind: string, userId: string) =>
      queryRows<{ k: string }>(
        url(),
        'SELECT idempotency_key AS k FROM outbox_message WHERE kind = $1 AND recipient_user_id = $2 AND ' +
          'idempotency_key LIKE $3 ORDER BY idempotency_key',
        [kind, userId, `%:${project.id}:%`],
      );
    const coordinatorUser = fixture.proposals[0].coordinator.userId;

    // Month 12 plus 2 days less an hour: the milestone and the first periodic report (also month 12) are due and
    // not yet overdue; there was no report at month 6.
    const due = milestone.due_at.getTime();
    await env.sleep(due + 2 * DAY - (await env.currentTimeMs()) - 3_600_000);
    await expectEventually(async () =>
      expect((await mail('REPORT_REMINDER', coordinatorUser)).map((r) => r.k.split(':').slice(2, 4).join(':'))).toEqual(
        ['P1:14', 'P1:3'],
      ),
    );
    expect(await mail('MILESTONE_OVERDUE', fixture.pmId)).toHaveLength(0);
    expect(await mail('REPORT_OVERDUE', fixture.pmId)).toHaveLength(0);

    // Two hours later the grace has passed: both overdue, escalated to the programme manager.
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect(await mail('MILESTONE_OVERDUE', fixture.pmId)).toHaveLength(1));
    await expectEventually(async () =>
      expect((await mail('REPORT_OVERDUE', fixture.pmId)).map((r) => r.k.split(':')[2])).toEqual(['P1']),
    );
  }, 150_000);

  /**
   * What the API's report submission writes (the HTTP path is covered end to end); the workflow is told as the outbox
   * would.
   */
  async function submitReport(
    projectId: string,
    userId: string,
    subject: { milestoneIdx: number } | { finalOf: number },
  ): Promise<string> {
    const id = randomUUID();
    const milestone = 'milestoneIdx' in subject ? subject.milestoneIdx : null;
    const key = milestone !== null ? `M${milestone}` : 'FINAL';
    const [{ revision }] = await queryRows<{ revision: number }>(
      url(),
      'SELECT COALESCE(max(revision), 0) + 1 AS revision FROM project_report WHERE project_id = $1 AND subject = $2',
      [projectId, key],
    );
    await queryRows(
      url(),
      `INSERT INTO project_report (id, project_id, kind, subject, milestone_idx, period_sequence, from_month, to_month,
         revision, summary, kpi_values, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, 24, $7, 'progress', '{"SMES_INVOLVED": 2}', $8, now())`,
      [
        id,
        projectId,
        milestone !== null ? 'MILESTONE' : 'FINAL',
        key,
        milestone,
        milestone !== null ? null : (subject as { finalOf: number }).finalOf,
        revision,
        userId,
      ],
    );
    if (milestone !== null)
      await queryRows(
        url(),
        "UPDATE project_milestone SET state = 'REPORTED', first_reported_at = COALESCE(first_reported_at, now()) " +
          'WHERE project_id = $1 AND idx = $2',
        [projectId, milestone],
      );
    await env.client.workflow
      .getHandle(WorkflowIds.project(projectId))
      .signal(projectChangedSignal, { reason: 'report-submitted' });
    return id;
  }

  it('follows one project over its whole life: agreement, reminders, a report sent back then accepted, releases and \
payments, an amendment moving a milestone, overdue, the final report, COMPLETED', async () => {
    const fixture = await rankedCallFixture(url(), ['LIFE', 'OTHER']);
    const [trento, upperAustria] = fixture.agencies;
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    const call = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    await call.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of [trento, upperAustria]) {
      await call.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    }
    const [project] = await queryRows<{ id: string }>(url(), 'SELECT id FROM project WHERE proposal_id = $1', [
      fixture.proposals[0].id,
    ]);
    const handle = await env.client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.project(project.id),
      taskQueue: harness.taskQueue,
      args: [{ projectId: project.id }],
    });
    await untilTimerArmed(handle);
    const coordinator = fixture.proposals[0].coordinator.userId;
    const instalments = () =>
      queryRows<{ id: string; trigger: string; status: string; amount: string }>(
        url(),
        'SELECT i.id, i.trigger, i.status, i.amount FROM instalment i JOIN funding_grant g ON g.id = i.grant_id ' +
          'WHERE g.proposal_id = $1 ORDER BY g.region_code, i.seq',
        [fixture.proposals[0].id],
      );
    const statuses = async () => (await instalments()).map((i) => `${i.trigger}:${i.status}`);
    const pay = async () => {
      const dataSource = harness.context.get(DataSource);
      const ledger = harness.context.get(GrantRepository);
      for (const i of (await instalments()).filter((x) => x.status === 'RELEASED'))
        await dataSource.transaction((m) => ledger.confirmPayment(m, i.id, () => true));
      await handle.signal(projectChangedSignal, { reason: 'instalment-paid' });
    };

    // The consortium agreement, uploaded and accepted: the advance instalments are released (F4).
    const sha = 'a'.repeat(64);
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
    const agreement = await handle.executeUpdate(decideConsortiumAgreementUpdate, {
      args: [{ accept: true, actor: pm }],
    });
    expect(agreement.released.map((r) => r.amount)).toEqual([15000, 15000]);
    await pay();

    // Reminders 14 and 3 days before milestone 0.
    const reminderKeys = () =>
      queryRows<{ k: string }>(
        url(),
        "SELECT idempotency_key AS k FROM outbox_message WHERE kind = 'MILESTONE_REMINDER' " +
          'AND recipient_user_id = $1 ORDER BY created_at, idempotency_key',
        [coordinator],
      );
    const [m0] = await queryRows<{ due_at: Date }>(
      url(),
      'SELECT due_at FROM project_milestone WHERE project_id = $1 AND idx = 0',
      [project.id],
    );
    await env.sleep(m0.due_at.getTime() - 3 * DAY - (await env.currentTimeMs()) + 3_600_000);
    await expectEventually(async () =>
      expect((await reminderKeys()).map((r) => r.k.split(':').slice(2, 4).join(':'))).toEqual(['0:14', '0:3']),
    );

    // The report comes on time, is sent back, comes again and is accepted: the mid-term instalments go out.
    const first = await submitReport(project.id, coordinator, { milestoneIdx: 0 });
    const back = await handle.executeUpdate(decideReportUpdate, {
      args: [{ reportId: first, accept: false, comment: 'Add the test protocol.', actor: pm }],
    });
    expect(back).toMatchObject({ state: 'CHANGES_REQUESTED', released: [] });
    await expect(
      handle.executeUpdate(decideReportUpdate, { args: [{ reportId: first, accept: true, actor: pm }] }),
    ).rejects.toThrow();
    const second = await submitReport(project.id, coordinator, { milestoneIdx: 0 });
    const accepted = await handle.executeUpdate(decideReportUpdate, {
      args: [{ reportId: second, accept: true, actor: pm }],
    });
    expect(accepted.released.map((r) => r.amount)).toEqual([20000, 20000]);
    expect(await statuses()).toEqual([
      'CONSORTIUM_AGREEMENT_ACCEPTED:PAID',
      'MILESTONE:RELEASED',
      'FINAL_REPORT:SCHEDULED',
      'CONSORTIUM_AGREEMENT_ACCEPTED:PAID',
      'MILESTONE:RELEASED',
      'FINAL_REPORT:SCHEDULED',
    ]);
    await pay();

    // An amendment moves milestone 1 from month 24 to month 20; both agencies approve; the reminders follow the new
    // date.
    const amendmentId = randomUUID();
    await queryRows(
      url(),
      'INSERT INTO project_amendment (id, project_id, request, justification, required_agencies, requested_by) ' +
        'VALUES ($1, $2, $3, $4, $5, $6)',
      [
        amendmentId,
        project.id,
        JSON.stringify({ milestoneChanges: [{ milestoneIndex: 1, newDueMonth: 20 }] }),
        'The pilot site is ready earlier.',
        [trento.id, upperAustria.id].sort(),
        coordinator,
      ],
    );
    const [oldM1] = await queryRows<{ due_at: Date }>(
      url(),
      'SELECT due_at FROM project_milestone WHERE project_id = $1 AND idx = 1',
      [project.id],
    );
    const answers = [];
    for (const agency of [trento, upperAustria]) {
      answers.push(
        await handle.executeUpdate(answerAmendmentUpdate, {
          args: [
            {
              amendmentId,
              agencyId: agency.id,
              approve: true,
              actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' },
            },
          ],
        }),
      );
    }
    expect(answers.map((a) => a.state)).toEqual(['PENDING', 'APPROVED']);
    const [m1] = await queryRows<{ due_at: Date; overdue_at: Date; due_month: number }>(
      url(),
      'SELECT due_at, overdue_at, due_month FROM project_milestone WHERE project_id = $1 AND idx = 1',
      [project.id],
    );
    expect(m1.due_month).toBe(20);
    expect(m1.due_at.getTime()).toBeLessThan(oldM1.due_at.getTime() - 100 * DAY);
    await env.sleep(m1.due_at.getTime() - 14 * DAY - (await env.currentTimeMs()) + 3_600_000);
    await expectEventually(async () =>
      expect((await reminderKeys()).filter((r) => r.k.includes(`:1:14:${m1.due_at.toISOString()}:`))).toHaveLength(1),
    );

    // Not reported by its new due date plus grace: OVERDUE, escalated; then reported late and accepted.
    await env.sleep(m1.overdue_at.getTime() - (await env.currentTimeMs()) + 3_600_000);
    await expectEventually(async () =>
      expect(
        await queryRows(
          url(),
          "SELECT 1 FROM outbox_message WHERE kind = 'MILESTONE_OVERDUE' AND recipient_user_id = $1 AND " +
            'idempotency_key LIKE $2',
          [fixture.pmId, `milestone-overdue:${project.id}:%`],
        ),
      ).toHaveLength(1),
    );
    expect(
      (
        await queryRows<{ state: string }>(
          url(),
          'SELECT state FROM project_milestone WHERE project_id = $1 AND idx = 1',
          [project.id],
        )
      )[0].state,
    ).toBe('OVERDUE');
    // The old date's reminders never fired.
    expect((await reminderKeys()).filter((r) => r.k.includes(oldM1.due_at.toISOString()))).toEqual([]);
    const late = await submitReport(project.id, coordinator, { milestoneIdx: 1 });
    expect(
      (await handle.executeUpdate(decideReportUpdate, { args: [{ reportId: late, accept: true, actor: pm }] }))
        .released,
    ).toEqual([]);

    // The final report, accepted: the last instalments go out; once they are paid the project is COMPLETED and its
    // workflow ends.
    const final = await submitReport(project.id, coordinator, { finalOf: 4 });
    expect(
      (
        await handle.executeUpdate(decideReportUpdate, { args: [{ reportId: final, accept: true, actor: pm }] })
      ).released.map((r) => r.amount),
    ).toEqual([15000, 15000]);
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM project WHERE id = $1', [project.id]))[0].state,
    ).toBe('ACTIVE');
    await pay();
    await handle.result();
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM project WHERE id = $1', [project.id]))[0].state,
    ).toBe('COMPLETED');
    // The final report came before its reminders were due: none was sent (the periodic ones, never submitted, were).
    const reportReminders = await queryRows<{ k: string }>(
      url(),
      "SELECT idempotency_key AS k FROM outbox_message WHERE kind = 'REPORT_REMINDER' AND idempotency_key LIKE $1",
      [`%:${project.id}:%`],
    );
    expect(reportReminders.filter((r) => r.k.includes(':FINAL:'))).toEqual([]);
    expect(reportReminders.some((r) => r.k.includes(':P3:'))).toBe(true);
    expect(await statuses()).toEqual(
      Array.from(
        { length: 6 },
        (_, i) => `${['CONSORTIUM_AGREEMENT_ACCEPTED', 'MILESTONE', 'FINAL_REPORT'][i % 3]}:PAID`,
      ),
    );
    const [totals] = await queryRows<{ released: string; paid: string }>(
      url(),
      'SELECT sum(released_total) AS released, sum(paid_total) AS paid FROM fund_commitment WHERE call_id = $1',
      [fixture.callId],
    );
    expect(totals).toEqual({ released: '100000', paid: '100000' });
    expect(
      await queryRows(url(), "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'project.completed'", [
        project.id,
      ]),
    ).toHaveLength(1);
  }, 180_000);

  it('pauses reminders while SUSPENDED, sends none after the due instant, and escalates when the grace period \
ends', async () => {
    const fixture = await rankedCallFixture(url(), ['PAUSE', 'OTHER']);
    const pm = { userId: fixture.pmId, role: 'PROGRAMME_MANAGER' };
    const call = await env.client.workflow.start(CALL_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.call(fixture.callId),
      taskQueue: harness.taskQueue,
      args: [fixture.workflowInput],
    });
    await call.executeUpdate(proposeFundingDecisionUpdate, { args: [{ actor: pm }] });
    for (const agency of fixture.agencies) {
      await call.executeUpdate(answerFundingDecisionUpdate, {
        args: [
          { agencyId: agency.id, answer: 'APPROVE', actor: { userId: agency.officers[0].id, role: 'AGENCY_OFFICER' } },
        ],
      });
    }
    const [project] = await queryRows<{ id: string }>(url(), 'SELECT id FROM project WHERE proposal_id = $1', [
      fixture.proposals[0].id,
    ]);
    const handle = await env.client.workflow.start(PROJECT_LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.project(project.id),
      taskQueue: harness.taskQueue,
      args: [{ projectId: project.id }],
    });
    await untilTimerArmed(handle);
    const mail = (kind: string) =>
      queryRows(url(), 'SELECT 1 FROM outbox_message WHERE kind = $1 AND idempotency_key LIKE $2', [
        kind,
        `%:${project.id}:0:%`,
      ]);
    const [m0] = await queryRows<{ due_at: Date; overdue_at: Date }>(
      url(),
      'SELECT due_at, overdue_at FROM project_milestone WHERE project_id = $1 AND idx = 0',
      [project.id],
    );

    expect(
      await handle.executeUpdate(changeProjectStateUpdate, {
        args: [{ event: 'SUSPEND', reason: 'Audit pending.', actor: pm }],
      }),
    ).toMatchObject({ projectState: 'SUSPENDED' });
    await expect(
      handle.executeUpdate(changeProjectStateUpdate, { args: [{ event: 'SUSPEND', reason: 'again', actor: pm }] }),
    ).rejects.toThrow();
    // Both reminder instants and the due instant pass while suspended: nothing is sent.
    await env.sleep(m0.due_at.getTime() - (await env.currentTimeMs()) + DAY);
    expect(await mail('MILESTONE_REMINDER')).toHaveLength(0);
    // Resumed after the due instant, within the grace period: no late "due in N days" reminder; the escalation
    // comes when the grace period ends.
    await handle.executeUpdate(changeProjectStateUpdate, { args: [{ event: 'RESUME', actor: pm }] });
    await env.sleep(m0.overdue_at.getTime() - (await env.currentTimeMs()) - 3_600_000);
    expect(await mail('MILESTONE_OVERDUE')).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect((await mail('MILESTONE_OVERDUE')).length).toBeGreaterThan(0));
    expect(await mail('MILESTONE_REMINDER')).toHaveLength(0);
    await handle.terminate('test done');
  }, 120_000);
});
