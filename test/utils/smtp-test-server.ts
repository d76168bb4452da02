import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../scripts/runtime/process-tools';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  raw: string;
  receivedAt: Date;
}

export interface SmtpTestServer {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Resolves with the first mail (from now on or already received) that matches. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /**
   * While set, each message is stored as received but the server holds back its "250 OK" until the
   * returned release function is called — the window in which a client crash leaves the message
   * delivered but unrecorded by the sender.
   */
  holdAcceptance(): { held: Promise<ReceivedMail>; release: () => void };
  close(): Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on a free loopback port, keeping what it receives. */
export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let hold: { onHeld: (mail: ReceivedMail) => void; released: Promise<void> } | undefined;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (parsed) => {
            const to = Array.isArray(parsed.to) ? parsed.to.flatMap((a) => a.value) : (parsed.to?.value ?? []);
            const mail: ReceivedMail = {
              messageId: parsed.messageId ?? '',
              from: parsed.from?.text ?? '',
              to: to.map((a) => a.address ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              raw,
              receivedAt: new Date(),
            };
            received.push(mail);
            for (const waiter of waiters) waiter();
            const current = hold;
            if (current) {
              current.onHeld(mail);
              await current.released;
            }
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  // A client killed mid-session (the crash tests SIGKILL the worker) resets its socket: that is expected
  // here, not a failure of the suite.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE')
      process.stderr.write(`smtp test server: ${error.message}\n`);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    waitFor: (match, timeoutMs = 30_000) =>
      new Promise<ReceivedMail>((resolve, reject) => {
        const check = (): void => {
          const found = received.find(match);
          if (found) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching mail within ${timeoutMs} ms; received: ${received.map((m) => m.subject).join(' | ')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    holdAcceptance: () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let onHeld!: (mail: ReceivedMail) => void;
      const held = new Promise<ReceivedMail>((resolve) => (onHeld = resolve));
      hold = { onHeld, released };
      return {
        held,
        release: () => {
          hold = undefined;
          release();
        },
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
