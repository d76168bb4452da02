import type { SendMailOptions } from 'nodemailer';

/** One e-mail as the outbox stored it; the Message-ID was fixed at enqueue and never changes. */
export interface OutgoingMail {
  outboxId: string;
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Where e-mails go (MAIL_TRANSPORT): `smtp` in production, `log` or `file` in development. `send`
 * resolves once the mail is accepted (by the SMTP server, the log or the disk) and rejects otherwise.
 * An abstract class rather than an interface so that it is also the Nest injection token.
 */
export abstract class MailTransport {
  abstract send(mail: OutgoingMail): Promise<void>;

  close(): Promise<void> | void {}
}

/** nodemailer's message for an outbox mail: our stored Message-ID, plain text, From = MAIL_FROM. */
export function toMailOptions(mail: OutgoingMail, from: string): SendMailOptions {
  return { from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId };
}
