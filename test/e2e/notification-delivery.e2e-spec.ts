import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { simpleParser } from 'mailparser';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AdjustableClock, Clock } from '@app/common';
import { digestCutoff, digestDayFor, type NotificationData, type NotificationKind } from '@app/domain';
import { buildDataSourceOptions, OutboxRepository, OutboxWriter, type EnqueuedMessage } from '@app/persistence';
import { DigestService } from '../../apps/worker/src/notifications/digest.service';
import { OutboxDeliveryService } from '../../apps/worker/src/notifications/outbox-delivery.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { spawnEntry, type AppProcess } from '../utils/app-process';
import { expectEventually } from '../utils/expect-eventually';
import { resetDatabase } from '../utils/reset-database';
import { startSmtpTestServer, type SmtpTestServer } from '../utils/smtp-test-server';
import { appProcessEnv, testAppConfig, testEnvironment } from '../utils/test-environment';

interface OutboxRow {
  id: string;
  message_id: string;
  kind: string;
  status: string;
  attempts: number;
  locked_until: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  digest_id: string | null;
  digest_date: string | null;
  created_at: Date;
  subject: string;
  recipient_email: string;
}

const LEASE_MS = 2_000;

/** SPEC §5 N1: the outbox delivered by the real worker to a real SMTP server, at least once, never lost. */
describe('notification delivery from the outbox', () => {
  let dataSource: DataSource;
  let writer: OutboxWriter;
  const workers: AppProcess[] = [];
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    await resetDatabase(testEnvironment().databaseUrl);
    dataSource = new DataSource(
      buildDataSourceOptions({
        url: testEnvironment().databaseUrl,
        poolSize: 4,
        applicationName: 'notification-delivery-e2e',
      }),
    );
    await dataSource.initialize();
    writer = new OutboxWriter(testAppConfig());
  });

  afterEach(async () => {
    for (const worker of workers.splice(0)) {
      worker.kill('SIGKILL');
      await worker.exited;
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function smtpServer(): Promise<SmtpTestServer> {
    const server = await startSmtpTestServer();
    cleanups.push(() => server.close());
    return server;
  }

  async function createUser(label: string): Promise<{ id: string; email: string; displayName: string }> {
    const user = { id: randomUUID(), email: `${label}-${randomUUID()}@example.test`, displayName: `User ${label}` };
    await dataSource.query(`INSERT INTO app_user (id, email, display_name, status) VALUES ($1, $2, $3, 'ACTIVE')`, [
      user.id,
      user.email,
      user.displayName,
    ]);
    return user;
  }

  async function enqueue(
    user: { id: string; email: string; displayName: string },
    kind: NotificationKind,
    data: NotificationData,
  ): Promise<EnqueuedMessage> {
    return dataSource.transaction((manager) =>
      writer.enqueue(manager, {
        kind,
        recipient: { userId: user.id, email: user.email, displayName: user.displayName },
        data,
        idempotencyKey: `test:${randomUUID()}`,
      }),
    );
  }

  async function row(id: string): Promise<OutboxRow> {
    const rows: OutboxRow[] = await dataSource.query(
      'SELECT *, digest_date::text AS digest_date FROM outbox_message WHERE id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  async function startWorker(smtpUrl: string): Promise<AppProcess> {
    const worker = spawnEntry(
      'apps/worker/src/main.ts',
      appProcessEnv({
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: smtpUrl,
        OUTBOX_POLL_INTERVAL_MS: '100',
        OUTBOX_LEASE_MS: String(LEASE_MS),
      }),
    );
    workers.push(worker);
    await worker.waitForOutput(/Outbox delivery started/);
    return worker;
  }

  const countOf = (smtp: SmtpTestServer, messageId: string): number =>
    smtp.received.filter((mail) => mail.messageId === messageId).length;
  const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

  it(`sends a message enqueued while the worker runs once, \
with its stored Message-ID, and records it SENT`, async () => {
    const smtp = await smtpServer();
    await startWorker(smtp.url);
    const user = await createUser('immediate');

    const message = await enqueue(user, 'EMAIL_VERIFICATION', { link: 'https://acie.test/verify/abc' });

    const mail = await smtp.waitFor((m) => m.messageId === message.messageId);
    expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@acie\.local>$/);
    expect(mail.to).toEqual([user.email]);
    expect(mail.from).toContain('no-reply@acie.local');
    expect(mail.subject).toBe('Confirm your e-mail address');
    expect(mail.text).toContain('https://acie.test/verify/abc');
    const sent = await expectEventually(async () => {
      const current = await row(message.id);
      expect(current.status).toBe('SENT');
      return current;
    });
    expect(sent.sent_at).toBeInstanceOf(Date);
    expect(sent.attempts).toBe(1);
    expect(sent.locked_until).toBeNull();
    // Longer than a lease: a recorded message is never sent again.
    await pause(LEASE_MS + 1_000);
    expect(countOf(smtp, message.messageId)).toBe(1);
  }, 120_000);

  it(`repeats only the message whose acceptance was not recorded (worker killed in the crash \
window), with the same Message-ID`, async () => {
    const smtp = await smtpServer();
    const hold = smtp.holdAcceptance();
    const first = await startWorker(smtp.url);
    const user = await createUser('crash-window');
    const messages = [
      await enqueue(user, 'PASSWORD_RESET', { link: 'https://acie.test/reset/1' }),
      await enqueue(user, 'EMAIL_VERIFICATION', { link: 'https://acie.test/verify/2' }),
    ];

    const held = await hold.held;
    first.kill('SIGKILL');
    await first.exited;
    hold.release();
    const heldMessage = messages.find((m) => m.messageId === held.messageId);
    expect(heldMessage).toBeDefined();
    // The server has the mail, the outbox does not know: the row is still PENDING under its lease.
    const unrecorded = await row(heldMessage!.id);
    expect(unrecorded).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(unrecorded.sent_at).toBeNull();

    await startWorker(smtp.url);
    await expectEventually(async () => {
      for (const message of messages) expect((await row(message.id)).status).toBe('SENT');
    });
    await pause(LEASE_MS + 1_000);

    expect(countOf(smtp, heldMessage!.messageId)).toBe(2);
    const repeats = smtp.received.filter((mail) => mail.messageId === heldMessage!.messageId);
    expect(repeats.map((mail) => mail.subject)).toEqual([held.subject, held.subject]);
    expect((await row(heldMessage!.id)).attempts).toBe(2);
    const ids = smtp.received.map((mail) => mail.messageId);
    const duplicated = [...new Set(ids)].filter((id) => ids.filter((other) => other === id).length > 1);
    expect(duplicated).toEqual([heldMessage!.messageId]);
    for (const message of messages) expect(countOf(smtp, message.messageId)).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('delivers after a restart a message whose worker was killed before the SMTP server saw it', async () => {
    // A server that accepts the connection and never greets: the worker is stuck before sending anything.
    const connected: net.Socket[] = [];
    let onConnection!: () => void;
    const firstConnection = new Promise<void>((resolve) => (onConnection = resolve));
    const silent = net.createServer((socket) => {
      connected.push(socket);
      onConnection();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      for (const socket of connected) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });
    const smtp = await smtpServer();
    const first = await startWorker(`smtp://127.0.0.1:${(silent.address() as net.AddressInfo).port}`);
    const user = await createUser('lost');

    const message = await enqueue(user, 'EMAIL_VERIFICATION', { link: 'https://acie.test/verify/lost' });
    await firstConnection;
    first.kill('SIGKILL');
    await first.exited;
    const claimed = await row(message.id);
    expect(claimed).toMatchObject({ status: 'PENDING', attempts: 1, last_error: null });
    expect(claimed.locked_until).toBeInstanceOf(Date);

    await startWorker(smtp.url);
    const mail = await smtp.waitFor((m) => m.messageId === message.messageId);
    expect(mail.to).toEqual([user.email]);
    await expectEventually(async () => expect(await row(message.id)).toMatchObject({ status: 'SENT', attempts: 2 }));
    expect(countOf(smtp, message.messageId)).toBe(1);
  }, 120_000);

  it('writes one JSON log line per message with MAIL_TRANSPORT=log', async () => {
    const worker = spawnEntry(
      'apps/worker/src/main.ts',
      appProcessEnv({ MAIL_TRANSPORT: 'log', OUTBOX_POLL_INTERVAL_MS: '100' }),
    );
    workers.push(worker);
    await worker.waitForOutput(/Outbox delivery started/);
    const user = await createUser('log');

    const message = await enqueue(user, 'EMAIL_VERIFICATION', { link: 'https://acie.test/verify/log' });

    await expectEventually(async () => expect((await row(message.id)).status).toBe('SENT'));
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.includes('"mail"') && line.includes(message.id));
    expect(lines).toHaveLength(1);
    const logged = JSON.parse(lines[0]) as { mail: Record<string, string> };
    expect(logged.mail).toMatchObject({
      outboxId: message.id,
      messageId: message.messageId,
      to: user.email,
      subject: 'Confirm your e-mail address',
    });
    expect(logged.mail.text).toContain('https://acie.test/verify/log');
  }, 120_000);

  describe('in-process worker with an adjustable clock', () => {
    let moduleRef: TestingModule | undefined;

    afterEach(async () => {
      await moduleRef?.close();
      moduleRef = undefined;
    });

    async function startInProcess(clock: AdjustableClock, overrides: Record<string, string>): Promise<TestingModule> {
      moduleRef = await Test.createTestingModule({
        imports: [
          WorkerModule.forRoot(
            testAppConfig({ OUTBOX_POLL_INTERVAL_MS: '100', OUTBOX_LEASE_MS: String(LEASE_MS), ...overrides }),
          ),
        ],
      })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile();
      await moduleRef.init();
      return moduleRef;
    }

    it(`sends a digest user one e-mail a day with the day's messages, from the digest hour on, \
and critical messages at once`, async () => {
      const smtp = await smtpServer();
      const clock = new AdjustableClock();
      const app = await startInProcess(clock, { MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url, DIGEST_HOUR_UTC: '6' });
      const user = await createUser('digest');
      await dataSource.query(
        `INSERT INTO notification_preference (user_id, kind, mode) VALUES ($1, 'MEMBERSHIP_REQUESTED', 'DAILY_DIGEST')`,
        [user.id],
      );

      const requests = [
        await enqueue(user, 'MEMBERSHIP_REQUESTED', { applicantName: 'Ada Lovelace', organisationName: 'Alpine Labs' }),
        await enqueue(user, 'MEMBERSHIP_REQUESTED', { applicantName: 'Bob Builder', organisationName: 'Alpine Labs' }),
      ];
      const critical = await enqueue(user, 'EMAIL_VERIFICATION', { link: 'https://acie.test/verify/digest-user' });
      expect(requests.map((r) => r.delivery)).toEqual(['DAILY_DIGEST', 'DAILY_DIGEST']);

      // The critical kind does not wait for the digest.
      await smtp.waitFor((m) => m.messageId === critical.messageId);
      await expectEventually(async () => expect((await row(critical.id)).status).toBe('SENT'));

      const createdAt = await Promise.all(requests.map(async (r) => (await row(r.id)).created_at));
      const day = digestDayFor(new Date(Math.max(...createdAt.map((d) => d.getTime()))), 6);
      const cutoff = digestCutoff(day, 6);
      const digests = app.get(DigestService);

      // A minute before the digest hour: nothing is due, however often the digest runs.
      clock.set(new Date(cutoff.getTime() - 60_000));
      expect(await digests.runOnce()).toBe(0);
      await pause(1_000);
      for (const r of requests) expect((await row(r.id)).status).toBe('PENDING');
      expect(
        await dataSource.query(`SELECT 1 FROM outbox_message WHERE kind = 'DAILY_DIGEST' AND recipient_user_id = $1`, [
          user.id,
        ]),
      ).toHaveLength(0);

      // From the hour on: the loop, two concurrent runs and a second worker's service make ONE digest.
      clock.set(new Date(cutoff.getTime() + 1_000));
      const secondWorker = new DigestService(testAppConfig({ DIGEST_HOUR_UTC: '6' }), app.get(OutboxRepository), clock);
      const created = await Promise.all([digests.runOnce(), digests.runOnce(), secondWorker.runOnce()]);
      expect(created.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);

      const digestRows: OutboxRow[] = await expectEventually(async () => {
        const rows: OutboxRow[] = await dataSource.query(
          `SELECT *, digest_date::text AS digest_date FROM outbox_message WHERE kind = 'DAILY_DIGEST'
              AND recipient_user_id = $1`,
          [user.id],
        );
        expect(rows).toHaveLength(1);
        return rows;
      });
      const digest = digestRows[0];
      expect(digest).toMatchObject({
        digest_date: day,
        recipient_email: user.email,
        subject: `Your ACIE digest for ${day}: 2 messages`,
      });
      for (const r of requests)
        expect(await row(r.id)).toMatchObject({ status: 'DIGESTED', digest_id: digest.id, digest_date: day });

      const mail = await smtp.waitFor((m) => m.messageId === digest.message_id);
      expect(mail.to).toEqual([user.email]);
      expect(mail.subject).toBe(`Your ACIE digest for ${day}: 2 messages`);
      expect(mail.text).toContain('Ada Lovelace asks to join Alpine Labs');
      expect(mail.text).toContain('Bob Builder asks to join Alpine Labs');
      await expectEventually(async () => expect((await row(digest.id)).status).toBe('SENT'));

      // Later runs and later polls make nothing more for the day.
      expect(await digests.runOnce()).toBe(0);
      expect(await secondWorker.runOnce()).toBe(0);
      await pause(LEASE_MS + 1_000);
      const toUser = smtp.received.filter((m) => m.to.includes(user.email));
      expect(toUser.map((m) => m.messageId).sort()).toEqual([critical.messageId, digest.message_id].sort());
      // The individual digest messages never went out on their own.
      for (const r of requests) expect(countOf(smtp, r.messageId)).toBe(0);
    }, 180_000);

    it('writes <outbox id>.eml files with MAIL_TRANSPORT=file', async () => {
      const directory = await mkdtemp(path.join(os.tmpdir(), 'acie-mail-'));
      cleanups.push(() => rm(directory, { recursive: true, force: true }));
      await startInProcess(new AdjustableClock(), {
        MAIL_TRANSPORT: 'file',
        MAIL_FILE_DIR: path.join(directory, 'out'),
      });
      const user = await createUser('file');

      const message = await enqueue(user, 'PASSWORD_RESET', { link: 'https://acie.test/reset/file' });

      await expectEventually(async () => expect((await row(message.id)).status).toBe('SENT'));
      const parsed = await simpleParser(await readFile(path.join(directory, 'out', `${message.id}.eml`)));
      expect(parsed.messageId).toBe(message.messageId);
      expect(parsed.subject).toBe('Reset your password');
      expect(parsed.text).toContain('https://acie.test/reset/file');
      expect(parsed.from?.text).toContain('no-reply@acie.local');
    }, 120_000);

    it('fails a message it cannot render alone and delivers the others of its batch', async () => {
      const smtp = await smtpServer();
      const app = await startInProcess(new AdjustableClock(), { MAIL_TRANSPORT: 'smtp', SMTP_URL: smtp.url });
      await app.get(OutboxDeliveryService).deliverDue();
      const user = await createUser('poison');
      const poison = await enqueue(user, 'PASSWORD_RESET', { link: 'https://acie.test/reset/poison' });
      // Stored data no template can read (a page that is not a path): rendering it throws.
      await dataSource.query(
        `UPDATE outbox_message SET template_data = '{"page": 5}'::jsonb, created_at = created_at - interval '1 minute'
          WHERE id = $1`,
        [poison.id],
      );
      const good = await enqueue(user, 'PASSWORD_RESET', { link: 'https://acie.test/reset/good' });
      await smtp.waitFor((m) => m.messageId === good.messageId, 30_000);
      await expectEventually(async () => {
        const current = await row(poison.id);
        expect(current).toMatchObject({ status: 'PENDING', attempts: 1 });
        expect(current.last_error).toMatch(/startsWith/);
      });
    }, 120_000);

    it('retries a failing delivery with backoff and gives up after OUTBOX_MAX_ATTEMPTS', async () => {
      // A port with nothing listening: every attempt is refused.
      const closed = net.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
      const port = (closed.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => closed.close(() => resolve()));
      const clock = new AdjustableClock();
      const app = await startInProcess(clock, {
        MAIL_TRANSPORT: 'smtp',
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        OUTBOX_MAX_ATTEMPTS: '2',
      });
      const user = await createUser('failing');

      const message = await enqueue(user, 'PASSWORD_RESET', { link: 'https://acie.test/reset/failing' });
      const firstFailure = await expectEventually(async () => {
        const current = await row(message.id);
        expect(current).toMatchObject({ status: 'PENDING', attempts: 1 });
        expect(current.last_error).toMatch(/ECONNREFUSED/);
        return current;
      });
      // Backed off by 30 s of the worker's clock: polls in the meantime do not retry it.
      expect(firstFailure.locked_until!.getTime() - clock.now().getTime()).toBeGreaterThan(25_000);
      expect(await app.get(OutboxDeliveryService).deliverDue()).toBe(0);
      expect((await row(message.id)).attempts).toBe(1);

      clock.advance(31_000);
      await expectEventually(async () =>
        expect(await row(message.id)).toMatchObject({ status: 'FAILED', attempts: 2, locked_until: null }),
      );
      clock.advance(24 * 60 * 60 * 1000);
      await pause(500);
      expect((await row(message.id)).attempts).toBe(2);
    }, 180_000);
  });
});
