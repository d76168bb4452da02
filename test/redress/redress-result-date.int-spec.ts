import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AdjustableClock } from '@app/common';
import { ProposalTimerFactsReadModel, UnitOfWork } from '@app/persistence';
import { createApplicantOrganisation, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { eligibleProposal } from '../utils/review-fixtures';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * SPEC V9: the 30-day redress window opens when the result is sent to the applicant — an evaluated
 * proposal's at the funding decision (the FUNDING_DECISION_RESULT message), a pre-proposal's when stage 2
 * opens (the STAGE_ONE_RESULT message) — not at the consensus, which the applicant does not see. The filing
 * rule and the proposal workflow's timer facts use the same instant.
 */
describe('redress window from the day the result is sent', () => {
  let app: INestApplication;
  const clock = new AdjustableClock();
  const url = () => testEnvironment().databaseUrl;
  let pmId: string;
  let coordinator: Awaited<ReturnType<typeof createApplicantOrganisation>>;
  let partner: Awaited<ReturnType<typeof createApplicantOrganisation>>;

  const file = (proposalId: string) =>
    request(app.getHttpServer())
      .post(`/api/v1/proposals/${proposalId}/redress`)
      .auth(tokenFor(coordinator.userId), { type: 'bearer' })
      .send({ grounds: 'The panel did not read the annex.' });
  const timerFacts = (proposalId: string) =>
    app.get(UnitOfWork).read((tx) => app.get(ProposalTimerFactsReadModel).load(tx, proposalId));

  /** An evaluated proposal of a fresh call in `callState`, its consensus recorded at `consensusAt`. */
  async function evaluated(callState: string, proposalState: string, consensusAt: Date, stageNo = 1) {
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() - 90 * DAY),
    });
    await queryRows(url(), 'UPDATE joint_call SET state = $2 WHERE id = $1', [callId, callState]);
    const proposalId = await eligibleProposal(url(), callId, {
      acronym: `V9-${randomUUID().slice(0, 4)}`,
      topic: 'Advanced manufacturing',
      keywords: ['robotics'],
      partners: [
        { organisationId: coordinator.organisationId, regionCode: 'ITH2', createdBy: coordinator.userId },
        { organisationId: partner.organisationId, regionCode: 'AT31', createdBy: coordinator.userId },
      ],
    });
    await queryRows(url(), 'UPDATE proposal SET state = $2, stage_no = $3 WHERE id = $1', [
      proposalId,
      proposalState,
      stageNo,
    ]);
    await queryRows(
      url(),
      `INSERT INTO proposal_evaluation (proposal_id, stage_no, consensus, consensus_by, consensus_at, outcome,
          weighted_total, unweighted_sum)
       VALUES ($1, $2, '[]'::jsonb, $3, $4, 'ABOVE_THRESHOLD', 12, 12)`,
      [proposalId, stageNo, pmId, consensusAt],
    );
    return { callId, proposalId };
  }

  async function approvedDecision(callId: string, decidedAt: Date) {
    await queryRows(
      url(),
      `INSERT INTO funding_decision (id, call_id, revision, status, policy, summary, created_by, decided_at)
       VALUES ($1, $2, 1, 'APPROVED', 'CONTINUE_PAST_GAPS', '{}'::jsonb, $3, $4)`,
      [randomUUID(), callId, pmId, decidedAt],
    );
  }

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }), { clock });
    pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    coordinator = await createApplicantOrganisation(url(), 'ITH2', 'SME');
    partner = await createApplicantOrganisation(url(), 'AT31', 'UNIVERSITY');
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it(`opens at the funding decision: a consensus 40 days before a decision 5 days ago \
still leaves 25 days, and the workflow's timer counts from the same instant`, async () => {
    const now = Date.now();
    clock.set(new Date(now));
    const decidedAt = new Date(now - 5 * DAY);
    const { callId, proposalId } = await evaluated('DECIDED', 'NOT_FUNDED', new Date(now - 45 * DAY));
    await approvedDecision(callId, decidedAt);
    const res = await file(proposalId);
    expect([res.status, res.body.errors?.map((e: { code: string }) => e.code)]).toEqual([201, undefined]);
    expect(Date.parse(res.body.resultAt)).toBe(decidedAt.getTime());
    expect(Date.parse(res.body.windowClosesAt)).toBe(decidedAt.getTime() + 30 * DAY);
    expect((await timerFacts(proposalId)).resultIssuedAt).toBe(decidedAt.toISOString());
  });

  it('has no result before the decision: a consensus alone is not sent to the applicant', async () => {
    clock.set(new Date());
    const { proposalId } = await evaluated('RANKED', 'RANKED', new Date(Date.now() - 3 * DAY));
    const res = await file(proposalId);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { code: string }) => e.code)).toEqual(['RESULT_NOT_YET_ISSUED']);
    expect((await timerFacts(proposalId)).resultIssuedAt).toBeNull();
  });

  it('opens for a pre-proposal when stage 2 opens (its stage-one result is sent then)', async () => {
    const now = Date.now();
    clock.set(new Date(now));
    const { callId, proposalId } = await evaluated('IN_EVALUATION', 'RANKED', new Date(now - 50 * DAY));
    await queryRows(url(), 'UPDATE joint_call SET stages = 2 WHERE id = $1', [callId]);
    // Before stage 2 opens: no result.
    expect((await timerFacts(proposalId)).resultIssuedAt).toBeNull();
    const openedAt = new Date(now - 2 * DAY);
    await queryRows(url(), "UPDATE joint_call SET state = 'OPEN', current_stage = 2 WHERE id = $1", [callId]);
    await queryRows(
      url(),
      `INSERT INTO audit_event (occurred_at, actor_user_id, actor_role, action, entity_type, entity_id, after)
       VALUES ($1, $2, 'PROGRAMME_MANAGER', 'call.stage-two-opened', 'call', $3, '{}'::jsonb)`,
      [openedAt, pmId, callId],
    );
    expect((await timerFacts(proposalId)).resultIssuedAt).toBe(openedAt.toISOString());
    const res = await file(proposalId);
    expect(res.status).toBe(201);
    expect(Date.parse(res.body.resultAt)).toBe(openedAt.getTime());
  });
});
