import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AdjustableClock } from '@app/common';
import { callBody, createUser, openCallFixture } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { buildProposal, tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

const DAY = 86_400_000;

/**
 * The deadlines an applicant meets are judged on the engine's clock (`Clock`), the one the workflows' timers and
 * every other rule read, never on PostgreSQL's: with the engine's time ahead of the database's (a time-skipping
 * run, or a database host whose clock drifts) both must still give the same answer.
 */
describe('deadlines on the engine’s clock', () => {
  let app: INestApplication;
  const clock = new AdjustableClock();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }), { clock });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('refuses a submission once the engine’s clock is past the deadline', async () => {
    clock.set(new Date());
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH3', 'AT31'],
      submissionDeadline: new Date(Date.now() + DAY),
    });
    const p = await buildProposal(app, callId, 'ITH3', 'AT31');
    clock.set(new Date(Date.now() + DAY + 60_000));
    const late = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'SUBMISSION_DEADLINE_PASSED' });

    // Before the deadline on the engine's clock, the receipt carries the engine's instant.
    const at = new Date(Date.now() + DAY - 60_000);
    clock.set(at);
    const receipt = await http()
      .post(`/api/v1/proposals/${p.id}/submit`)
      .auth(p.coord, { type: 'bearer' })
      .send({ draftRevision: p.revision });
    expect(receipt.status).toBe(201);
    expect(new Date(receipt.body.submittedAt as string).getTime()).toBe(at.getTime());
  }, 120_000);

  it('refuses a regional annex once the engine’s clock is past its due date', async () => {
    clock.set(new Date());
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITC4', 'AT32'],
      submissionDeadline: new Date(Date.now() + DAY),
      annexes: { AT32: { required: true, dueDaysAfterDeadline: 2, fields: ['Regional VAT status'], documents: [] } },
    });
    const p = await buildProposal(app, callId, 'ITC4', 'AT32');
    clock.set(new Date(Date.now() + 4 * DAY));
    const late = await http()
      .put(`/api/v1/proposals/${p.id}/annex/${p.partnerB.organisationId}`)
      .auth(tokenFor(p.partnerB.userId), { type: 'bearer' })
      .send({ fields: { 'Regional VAT status': 'registered' }, documents: {} });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'ANNEX_DEADLINE_PASSED' });
  }, 120_000);

  it('dates the audit log on the engine’s clock, from which the redress window of an ineligible result runs', async () => {
    const at = new Date(Date.now() + 40 * DAY);
    clock.set(at);
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const created = await http()
      .post('/api/v1/calls')
      .auth(tokenFor(pmId), { type: 'bearer' })
      .send(callBody(at.getTime()));
    expect(created.status).toBe(201);
    const [event] = await queryRows<{ occurred_at: Date }>(
      url(),
      "SELECT occurred_at FROM audit_event WHERE entity_id = $1 AND action = 'call.created'",
      [created.body.id],
    );
    expect(event.occurred_at.toISOString()).toBe(at.toISOString());
  }, 60_000);
});
