import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AdjustableClock, Clock } from '@app/common';
import { digestCutoff, digestDayFor, type Language, type NotificationData, type NotificationKind } from '@app/domain';
import { buildDataSourceOptions, OutboxWriter, type EnqueuedMessage } from '@app/persistence';
import { DigestService } from '../../apps/worker/src/notifications/digest.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { createApiApp } from '../utils/create-api-app';
import { expectEventually } from '../utils/expect-eventually';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { testAppConfig, testEnvironment } from '../utils/test-environment';

interface User {
  id: string;
  email: string;
  displayName: string;
}

/**
 * E-mails are rendered when they are sent, in the recipient's language of that moment (SPEC §10
 * Languages), by the real worker module to a real SMTP server; the Message-ID stays the one fixed when
 * the message was written, and rows written before delivery-time rendering go out as they were.
 */
describe('e-mails in the recipient language, rendered at delivery', () => {
  let dataSource: DataSource;
  let writer: OutboxWriter;
  let smtp: SmtpTestServer;
  let worker: TestingModule | undefined;
  const clock = new AdjustableClock();

  beforeAll(async () => {
    dataSource = new DataSource(
      buildDataSourceOptions({ url: testEnvironment().databaseUrl, poolSize: 4, applicationName: 'mail-language-e2e' }),
    );
    await dataSource.initialize();
    writer = new OutboxWriter(testAppConfig());
    smtp = await startSmtpTestServer();
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    await smtp?.close();
    await dataSource?.destroy();
  });

  async function startWorker(): Promise<TestingModule> {
    worker = await Test.createTestingModule({
      imports: [
        WorkerModule.forRoot(
          testAppConfig({
            MAIL_TRANSPORT: 'smtp',
            SMTP_URL: smtp.url,
            OUTBOX_POLL_INTERVAL_MS: '100',
            DIGEST_HOUR_UTC: '6',
          }),
        ),
      ],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    await worker.init();
    return worker;
  }

  async function createUser(label: string, language?: Language): Promise<User> {
    const user = { id: randomUUID(), email: `${label}-${randomUUID()}@example.test`, displayName: `Ana ${label}` };
    await dataSource.query(
      `INSERT INTO app_user (id, email, display_name, status, language)
          VALUES ($1, $2, $3, 'ACTIVE', coalesce($4, 'en'))`,
      [user.id, user.email, user.displayName, language ?? null],
    );
    return user;
  }

  const enqueue = (user: User, kind: NotificationKind, data: NotificationData): Promise<EnqueuedMessage> =>
    dataSource.transaction((manager) =>
      writer.enqueue(manager, {
        kind,
        recipient: { userId: user.id, email: user.email, displayName: user.displayName },
        data,
        idempotencyKey: `test:${randomUUID()}`,
      }),
    );

  const row = async (
    id: string,
  ): Promise<{ status: string; subject: string; body_text: string; template_data: unknown; message_id: string }> =>
    (
      await dataSource.query(
        'SELECT status, subject, body_text, template_data, message_id FROM outbox_message WHERE id = $1',
        [id],
      )
    )[0];

  it('sends in the language the recipient has when the message goes out, not when it was written', async () => {
    const ana = await createUser('switches');
    const message = await enqueue(ana, 'PASSWORD_RESET', {
      link: 'https://acie.test/reset-password?token=de1',
      expiresAt: '2026-12-03T13:00:00.000Z',
    });
    const written = await row(message.id);
    expect(written.subject).toBe('Reset your password');
    expect(written.template_data).toMatchObject({
      recipientName: ana.displayName,
      link: 'https://acie.test/reset-password?token=de1',
    });

    // The person chooses German before the worker gets to the message.
    await dataSource.query("UPDATE app_user SET language = 'de' WHERE id = $1", [ana.id]);
    await startWorker();
    const mail = await smtp.waitFor((m) => m.messageId === message.messageId);
    expect(mail.subject).toBe('Passwort zurücksetzen');
    expect(mail.text).toContain(`Guten Tag ${ana.displayName},`);
    expect(mail.text).toContain('https://acie.test/reset-password?token=de1');
    expect(mail.text).toContain('läuft am 2026-12-03T13:00:00.000Z (UTC) ab');
    // The row records what went out.
    const sent = await expectEventually(async () => {
      const current = await row(message.id);
      expect(current.status).toBe('SENT');
      return current;
    });
    expect(sent).toMatchObject({ subject: 'Passwort zurücksetzen', message_id: message.messageId });
    expect(sent.body_text).toBe(mail.text.trimEnd());
  }, 120_000);

  it(`speaks each recipient language, and sends a row written before \
delivery-time rendering as it was written`, async () => {
    const recipients = await Promise.all(
      (['it', 'fr', 'sl', 'en'] as const).map((language) => createUser(`lang-${language}`, language)),
    );
    const messages = await Promise.all(
      recipients.map((user) =>
        enqueue(user, 'CALL_OPENED', { callTitle: 'Alpine AI 2027', deadline: '2027-03-01 17:00 Europe/Rome' }),
      ),
    );
    const legacyUser = await createUser('legacy', 'de');
    const legacyId = randomUUID();
    const legacyMessageId = `<${legacyId}@acie.local>`;
    await dataSource.query(
      `INSERT INTO outbox_message (id, message_id, idempotency_key, kind, recipient_user_id, recipient_email, subject,
          body_text, critical, delivery, status)
       VALUES ($1, $2, $3, 'CALL_OPENED', $4, $5, 'The joint call "Old" is open', 'Written before languages.', false,
         'IMMEDIATE', 'PENDING')`,
      [legacyId, legacyMessageId, `legacy:${legacyId}`, legacyUser.id, legacyUser.email],
    );

    await startWorker();
    const subjects = await Promise.all(
      messages.map(async (m) => (await smtp.waitFor((mail) => mail.messageId === m.messageId)).subject),
    );
    expect(subjects).toEqual([
      'Il bando congiunto «Alpine AI 2027» è aperto',
      "L'appel conjoint « Alpine AI 2027 » est ouvert",
      'Skupni razpis „Alpine AI 2027“ je odprt',
      'The joint call "Alpine AI 2027" is open',
    ]);
    const legacy = await smtp.waitFor((mail) => mail.messageId === legacyMessageId);
    expect(legacy.subject).toBe('The joint call "Old" is open');
    expect(legacy.text.trim()).toBe('Written before languages.');
  }, 120_000);

  it("makes the daily digest in the user's language of the digest day", async () => {
    const user = await createUser('digest', 'fr');
    await dataSource.query(
      `INSERT INTO notification_preference (user_id, kind, mode) VALUES ($1, 'MEMBERSHIP_REQUESTED', 'DAILY_DIGEST')`,
      [user.id],
    );
    const requests = [
      await enqueue(user, 'MEMBERSHIP_REQUESTED', { applicantName: 'Ada Lovelace', organisationName: 'Alpine Labs' }),
      await enqueue(user, 'MEMBERSHIP_REQUESTED', { applicantName: 'Bob Builder', organisationName: 'Alpine Labs' }),
    ];
    const createdAt: Array<{ created_at: Date }> = await dataSource.query(
      'SELECT created_at FROM outbox_message WHERE id = ANY($1::uuid[])',
      [requests.map((r) => r.id)],
    );
    const day = digestDayFor(new Date(Math.max(...createdAt.map((r) => r.created_at.getTime()))), 6);
    clock.set(new Date(digestCutoff(day, 6).getTime() + 1_000));
    await dataSource.query("UPDATE app_user SET language = 'it' WHERE id = $1", [user.id]);

    const app = await startWorker();
    await app.get(DigestService).runOnce();
    const mail = await smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.subject).toBe(`Il tuo riepilogo ACIE del ${day}: 2 messaggi`);
    expect(mail.text).toContain('1. Ada Lovelace chiede di unirsi a Alpine Labs');
    expect(mail.text).toContain('2. Bob Builder chiede di unirsi a Alpine Labs');
    expect(mail.text).toContain(`Gentile ${user.displayName},`);
  }, 120_000);

  it('writes to a registrant in the language chosen at registration, and lets an invitee choose one', async () => {
    const admin = { email: `admin-${randomUUID()}@acie.test`, password: 'admin-password-123456' };
    const api: INestApplication = await createApiApp(
      testAppConfig({ ACIE_ADMIN_EMAIL: admin.email, ACIE_ADMIN_PASSWORD: admin.password, LOG_LEVEL: 'error' }),
    );
    try {
      await startWorker();
      const http = () => request(api.getHttpServer());
      const email = `registrant-${randomUUID().slice(0, 8)}@acie.test`;
      await http()
        .post('/api/v1/auth/register')
        .send({
          email,
          password: 'correct horse battery staple',
          displayName: 'Greta Grenzgängerin',
          language: 'de',
          organisation: {
            legalName: `Org ${randomUUID()}`,
            type: 'SME',
            regionCode: 'ITH2',
            registrationId: `IT${Math.floor(Math.random() * 1e10)}`,
          },
        })
        .expect(202);
      const verification = await smtp.waitFor((m) => m.to.includes(email));
      expect(verification.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse');
      expect(verification.text).toContain('Guten Tag Greta Grenzgängerin,');
      expect(verification.text).toMatch(/\/verify-email\?token=[A-Za-z0-9_-]+/);

      const adminToken = (await http().post('/api/v1/auth/login').send(admin).expect(200)).body.accessToken as string;
      const invitee = `expert-${randomUUID().slice(0, 8)}@acie.test`;
      await http()
        .post('/api/v1/evaluator-invitations')
        .auth(adminToken, { type: 'bearer' })
        .send({ email: invitee, displayName: 'Eva Expert' })
        .expect(202);
      // No account yet: the invitation goes out in English.
      const invitation = await smtp.waitFor((m) => m.to.includes(invitee));
      expect(invitation.subject).toBe('Invitation to the ACIE evaluator pool');
      const token = /token=([A-Za-z0-9_-]+)/.exec(invitation.text)?.[1];
      const bad = await http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token, displayName: 'Eva Expert', password: 'another long password 1', language: 'xx' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['language']);
      await http()
        .post('/api/v1/auth/accept-invitation')
        .send({ token, displayName: 'Eva Expert', password: 'another long password 1', language: 'sl' })
        .expect(200);
      const session = await http()
        .post('/api/v1/auth/login')
        .send({ email: invitee, password: 'another long password 1' })
        .expect(200);
      const me = await http().get('/api/v1/me').auth(session.body.accessToken, { type: 'bearer' }).expect(200);
      expect(me.body.language).toBe('sl');
    } finally {
      await api.close();
    }
  }, 120_000);
});
