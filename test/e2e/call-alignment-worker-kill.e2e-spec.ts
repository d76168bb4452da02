import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import type { AppProcess } from '../utils/app-process';
import { startWorkerProcess, stopWorkerProcess } from '../utils/worker-process';
import { callBody, createAgency, createUser, terms } from '../utils/call-fixtures';
import { createApiApp } from '../utils/create-api-app';
import { expectEventually } from '../utils/expect-eventually';
import { queryRows } from '../utils/reset-database';
import { setAsideEarlierMail } from '../utils/set-aside-earlier-mail';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment, TEST_JWT_SECRET } from '../utils/test-environment';

/**
 * The worker process is SIGKILLed twice in the middle of a fund alignment (right after the start, and
 * between two agencies' answers). After each restart the workflow resumes from its history: the call
 * opens on time, every officer is invited exactly once, and no transition is written twice.
 */
describe('fund alignment survives a killed worker', () => {
  let app: INestApplication;
  let smtp: SmtpTestServer;
  let worker: AppProcess | undefined;
  const jwt = new JwtService({ secret: TEST_JWT_SECRET });
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(app.getHttpServer());
  const tokenFor = (userId: string) => jwt.sign({ sub: userId, typ: 'access' }, { expiresIn: 3600 });

  const startWorker = async (): Promise<AppProcess> => {
    return startWorkerProcess(smtp.url, { OUTBOX_LEASE_MS: '2000' });
  };
  const killWorker = async (): Promise<void> => {
    await stopWorkerProcess(worker, 'SIGKILL');
  };

  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    await setAsideEarlierMail(url());
    app = await createApiApp(testAppConfig({ LOG_LEVEL: 'error' }));
  }, 60_000);

  afterAll(async () => {
    await killWorker();
    await app?.close();
    await smtp?.close();
  });

  it('opens on time with nothing doubled and no invitation missing', async () => {
    const pm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const a = await createAgency(url(), 'ITC1', 2);
    const b = await createAgency(url(), 'ITH3', 2);
    const startMs = Date.now();
    const created = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(callBody(startMs, { alignment: 50 / 86_400, opens: 60 / 86_400 }));
    expect(created.status).toBe(201);
    const callId = created.body.id as string;

    worker = await startWorker();
    await http()
      .post(`/api/v1/calls/${callId}/start-alignment`)
      .auth(pm, { type: 'bearer' })
      .send({ agencyIds: [a.id, b.id] })
      .expect(202);
    await killWorker(); // first kill: the workflow's first task or its beginAlignment activity is in flight
    worker = await startWorker();
    await expectEventually(
      async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
        ).toBe('FUND_ALIGNMENT'),
      60_000,
    );

    const officerA = tokenFor(a.officers[0].id);
    const officerB = tokenFor(b.officers[0].id);
    await http()
      .put(`/api/v1/calls/${callId}/commitments/${a.id}`)
      .auth(officerA, { type: 'bearer' })
      .send(terms(80_000_000))
      .expect(200);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${a.id}/confirm`)
      .auth(officerA, { type: 'bearer' })
      .expect(200);
    await killWorker(); // second kill: between the two agencies' answers
    worker = await startWorker();
    await http()
      .put(`/api/v1/calls/${callId}/commitments/${b.id}`)
      .auth(officerB, { type: 'bearer' })
      .send(terms(60_000_000))
      .expect(200);
    await http()
      .post(`/api/v1/calls/${callId}/commitments/${b.id}/confirm`)
      .auth(officerB, { type: 'bearer' })
      .expect(200);

    await expectEventually(
      async () =>
        expect(
          (await queryRows<{ state: string }>(url(), 'SELECT state FROM joint_call WHERE id = $1', [callId]))[0].state,
        ).toBe('OPEN'),
      90_000,
      250,
    );
    const audit = await queryRows<{ action: string; occurred_at: Date }>(
      url(),
      'SELECT action, occurred_at FROM audit_event WHERE entity_id = $1 ORDER BY id',
      [callId],
    );
    const count = (action: string) => audit.filter((e) => e.action === action).length;
    expect(count('call.alignment-started')).toBe(1);
    expect(count('call.alignment-concluded')).toBe(1);
    expect(count('call.opened')).toBe(1);
    const openedAt = audit.find((e) => e.action === 'call.opened')!.occurred_at.getTime();
    expect(openedAt).toBeGreaterThanOrEqual(startMs + 60_000);
    expect(openedAt).toBeLessThan(startMs + 60_000 + 15_000);

    const commitmentEvents = await queryRows<{ action: string }>(
      url(),
      "SELECT action FROM audit_event WHERE entity_type = 'fund-commitment' AND entity_id LIKE $1",
      [`${callId}:%`],
    );
    expect(commitmentEvents.map((e) => e.action).sort()).toEqual([
      'commitment.confirmed',
      'commitment.confirmed',
      'commitment.proposed',
      'commitment.proposed',
    ]);

    const officers = [...a.officers, ...b.officers];
    const invitations = await queryRows<{ recipient_user_id: string; message_id: string }>(
      url(),
      'SELECT recipient_user_id, message_id FROM outbox_message ' +
        "WHERE kind = 'ALIGNMENT_INVITATION' AND recipient_user_id = ANY($1)",
      [officers.map((o) => o.id)],
    );
    expect(invitations.map((i) => i.recipient_user_id).sort()).toEqual(officers.map((o) => o.id).sort());
    for (const invitation of invitations) {
      await smtp
        .waitFor((m) => m.messageId === invitation.message_id, 30_000)
        .catch(async (error: Error) => {
          // Say where the mail is stuck: its row, and what the relay has in front of it.
          const rows = await queryRows(
            url(),
            'SELECT status, attempts, locked_until, last_error, created_at FROM outbox_message WHERE message_id = $1',
            [invitation.message_id],
          );
          const ahead = await queryRows(
            url(),
            'SELECT status, count(*)::int AS n, max(attempts) AS attempts, max(last_error) AS error FROM outbox_message ' +
              "WHERE delivery = 'IMMEDIATE' GROUP BY status",
          );
          throw new Error(`${error.message}; row: ${JSON.stringify(rows)}; outbox: ${JSON.stringify(ahead)}`);
        });
    }
    const received = smtp.received.filter((m) => invitations.some((i) => i.message_id === m.messageId));
    expect(new Set(received.map((m) => m.messageId)).size).toBe(officers.length);
  }, 240_000);
});
