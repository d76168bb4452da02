import 'reflect-metadata';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  answerOfferUpdate,
  PROPOSAL_REVIEW_WORKFLOW_TYPE,
  WorkflowIds,
  type ProposalReviewInput,
} from '@app/contracts';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { expectEventually } from '../utils/expect-eventually';
import { queryRows } from '../utils/reset-database';
import { createPoolEvaluator, eligibleProposal } from '../utils/review-fixtures';
import { testEnvironment } from '../utils/test-environment';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../utils/time-skipping-worker';

const DAY = 86_400_000;

type Row = {
  evaluator_id: string;
  state: string;
  origin: string;
};

/** SPEC V4–V5 on the time-skipping server: offer expiry and the next best evaluator, reminders, the overdue alert. */
describe('a proposal’s review workflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let harness: TimeSkippingWorker;
  const url = () => testEnvironment().databaseUrl;

  beforeAll(async () => {
    harness = await startTimeSkippingWorker('review');
    env = harness.env;
  }, 180_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it('expires an unanswered offer after 5 days and offers the next best evaluator; reminds 7 and 2 days before the \
deadline; alerts the programme manager when overdue', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const now = await env.currentTimeMs();
    // Submission closed 5 days ago: the review deadline (submission + 30 days) is 25 days ahead.
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(now - 5 * DAY),
      overrides: { reviewersPerProposal: 1 },
    });
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: 'ROBO',
      topic: 'robotics',
      keywords: ['ai', 'energy'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    const best = await createPoolEvaluator(url(), callId, pm.id, {
      expertise: ['Robotics', 'AI', 'energy'],
      country: 'FR',
    });
    const second = await createPoolEvaluator(url(), callId, pm.id, { expertise: ['robotics', 'ai'], country: 'DE' });
    const third = await createPoolEvaluator(url(), callId, pm.id, { expertise: ['robotics'], country: 'SI' });
    // Works for the coordinator: a hard conflict (V2), never offered despite full affinity.
    await createPoolEvaluator(url(), callId, pm.id, {
      expertise: ['robotics', 'ai', 'energy'],
      country: 'IT',
      organisationId: coordinator.organisationId,
    });

    const assignments = () =>
      queryRows<Row>(
        url(),
        'SELECT evaluator_id, state, origin FROM review_assignment WHERE proposal_id = $1 ORDER BY offered_at, id',
        [proposalId],
      );
    const input: ProposalReviewInput = { callId, proposalId, stageNo: 1 };
    const handle = await env.client.workflow.start(PROPOSAL_REVIEW_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.proposalReview(proposalId, 1),
      taskQueue: harness.taskQueue,
      args: [input],
    });

    await expectEventually(async () =>
      expect(await assignments()).toEqual([{ evaluator_id: best.id, state: 'OFFERED', origin: 'AUTO' }]),
    );
    expect(
      (await queryRows<{ state: string }>(url(), 'SELECT state FROM proposal WHERE id = $1', [proposalId]))[0].state,
    ).toBe('IN_REVIEW');
    expect(
      await queryRows(url(), "SELECT 1 FROM outbox_message WHERE kind = 'REVIEW_OFFER' AND recipient_user_id = $1", [
        best.id,
      ]),
    ).toHaveLength(1);

    // Nobody answers for 5 days: the offer expires and goes to the next best evaluator (affinity 66).
    await env.sleep(5 * DAY + 3_600_000);
    await expectEventually(async () =>
      expect(await assignments()).toEqual([
        { evaluator_id: best.id, state: 'EXPIRED', origin: 'AUTO' },
        { evaluator_id: second.id, state: 'OFFERED', origin: 'REPLACEMENT' },
      ]),
    );
    expect(
      await queryRows(
        url(),
        "SELECT 1 FROM outbox_message WHERE kind = 'REVIEW_OFFER_EXPIRED' AND recipient_user_id = $1",
        [best.id],
      ),
    ).toHaveLength(1);

    // The expired evaluator can no longer accept (the workflow refuses); the next one accepts.
    const [expired] = await queryRows<{ id: string }>(
      url(),
      'SELECT id FROM review_assignment WHERE evaluator_id = $1',
      [best.id],
    );
    await expect(
      handle.executeUpdate(answerOfferUpdate, {
        args: [{ assignmentId: expired.id, answer: 'ACCEPT', actor: { userId: best.id, role: 'EVALUATOR' } }],
      }),
    ).rejects.toMatchObject({
      cause: { type: 'conflict:ASSIGNMENT_STATE_CONFLICT', message: expect.stringContaining('EXPIRED') },
    });
    const [offer] = await queryRows<{ id: string }>(url(), 'SELECT id FROM review_assignment WHERE evaluator_id = $1', [
      second.id,
    ]);
    const accepted = await handle.executeUpdate(answerOfferUpdate, {
      args: [{ assignmentId: offer.id, answer: 'ACCEPT', actor: { userId: second.id, role: 'EVALUATOR' } }],
    });
    expect(accepted).toEqual({ assignmentId: offer.id, state: 'ACCEPTED' });

    const reminders = () =>
      queryRows<{ idempotency_key: string }>(
        url(),
        "SELECT idempotency_key FROM outbox_message WHERE kind = 'REVIEW_REMINDER' AND recipient_user_id = $1 " +
          'ORDER BY created_at',
        [second.id],
      );
    const [{ review_due_at: due }] = await queryRows<{ review_due_at: Date }>(
      url(),
      'SELECT review_due_at FROM review_assignment WHERE id = $1',
      [offer.id],
    );
    const untilDue = due.getTime() - (await env.currentTimeMs());
    // Just before the 7-day reminder: nothing yet.
    await env.sleep(untilDue - 7 * DAY - 3_600_000);
    expect(await reminders()).toHaveLength(0);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () =>
      expect((await reminders()).map((r) => r.idempotency_key)).toEqual([`review-reminder:${offer.id}:7`]),
    );
    await env.sleep(5 * DAY);
    await expectEventually(async () =>
      expect((await reminders()).map((r) => r.idempotency_key)).toEqual([
        `review-reminder:${offer.id}:7`,
        `review-reminder:${offer.id}:2`,
      ]),
    );

    // Past the deadline without a review: the programme manager is alerted, once.
    const overdue = () =>
      queryRows(url(), "SELECT 1 FROM outbox_message WHERE kind = 'REVIEW_OVERDUE' AND recipient_user_id = $1", [
        pm.id,
      ]);
    expect(await overdue()).toHaveLength(0);
    await env.sleep(2 * DAY + 3_600_000);
    await expectEventually(async () => expect(await overdue()).toHaveLength(1));
    expect(
      await queryRows(
        url(),
        "SELECT 1 FROM audit_event WHERE entity_id = $1 AND action = 'assignment.review-overdue'",
        [offer.id],
      ),
    ).toHaveLength(1);
    // The third evaluator was never needed, the conflicted one never offered.
    expect((await assignments()).map((a) => a.evaluator_id)).not.toContain(third.id);
    expect(await assignments()).toHaveLength(2);
  }, 150_000);

  it('expires offers and reminds by the call’s settings: offers valid 2 days, reminders 4 and 1 days before the \
deadline', async () => {
    const pm = await createUser(url(), 'PROGRAMME_MANAGER');
    const now = await env.currentTimeMs();
    const { callId } = await openCallFixture(url(), {
      createdBy: pm.id,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(now - 5 * DAY),
      overrides: { reviewersPerProposal: 1, settings: { offerValidityDays: 2, reviewReminderDaysBefore: [4, 1] } },
    });
    await queryRows(url(), "UPDATE joint_call SET state = 'IN_EVALUATION' WHERE id = $1", [callId]);
    const coordinator = await createApplicantOrganisation(url(), 'ITH2');
    const partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: 'TIDE',
      topic: 'robotics',
      keywords: ['ai', 'energy'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: partner.userId },
      ],
    });
    const best = await createPoolEvaluator(url(), callId, pm.id, {
      expertise: ['robotics', 'ai', 'energy'],
      country: 'FR',
    });
    const second = await createPoolEvaluator(url(), callId, pm.id, { expertise: ['robotics', 'ai'], country: 'DE' });
    const assignments = () =>
      queryRows<Row>(
        url(),
        'SELECT evaluator_id, state, origin FROM review_assignment WHERE proposal_id = $1 ORDER BY offered_at, id',
        [proposalId],
      );
    const handle = await env.client.workflow.start(PROPOSAL_REVIEW_WORKFLOW_TYPE, {
      workflowId: WorkflowIds.proposalReview(proposalId, 1),
      taskQueue: harness.taskQueue,
      args: [{ callId, proposalId, stageNo: 1 } satisfies ProposalReviewInput],
    });
    await expectEventually(async () =>
      expect(await assignments()).toEqual([{ evaluator_id: best.id, state: 'OFFERED', origin: 'AUTO' }]),
    );

    // Valid for 2 days: still open an hour before, expired and passed on an hour after.
    await env.sleep(2 * DAY - 3_600_000);
    expect((await assignments())[0].state).toBe('OFFERED');
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () =>
      expect(await assignments()).toEqual([
        { evaluator_id: best.id, state: 'EXPIRED', origin: 'AUTO' },
        { evaluator_id: second.id, state: 'OFFERED', origin: 'REPLACEMENT' },
      ]),
    );
    const [offer] = await queryRows<{ id: string; review_due_at: Date }>(
      url(),
      'SELECT id, review_due_at FROM review_assignment WHERE evaluator_id = $1',
      [second.id],
    );
    await handle.executeUpdate(answerOfferUpdate, {
      args: [{ assignmentId: offer.id, answer: 'ACCEPT', actor: { userId: second.id, role: 'EVALUATOR' } }],
    });

    // Reminded 4 and 1 days before the review deadline, not 7 and 2.
    const reminders = async () =>
      (
        await queryRows<{ idempotency_key: string }>(
          url(),
          "SELECT idempotency_key FROM outbox_message WHERE kind = 'REVIEW_REMINDER' AND recipient_user_id = $1 " +
            'ORDER BY created_at',
          [second.id],
        )
      ).map((r) => r.idempotency_key);
    await env.sleep(offer.review_due_at.getTime() - 4 * DAY - (await env.currentTimeMs()) - 3_600_000);
    expect(await reminders()).toEqual([]);
    await env.sleep(2 * 3_600_000);
    await expectEventually(async () => expect(await reminders()).toEqual([`review-reminder:${offer.id}:4`]));
    await env.sleep(3 * DAY);
    await expectEventually(async () =>
      expect(await reminders()).toEqual([`review-reminder:${offer.id}:4`, `review-reminder:${offer.id}:1`]),
    );
  }, 150_000);
});
