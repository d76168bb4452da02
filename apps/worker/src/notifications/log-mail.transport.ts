import { Logger } from '@nestjs/common';
import { MailTransport, type OutgoingMail } from './mail-transport';

/** Development transport: one JSON log line per e-mail, with its whole text. */
export class LogMailTransport extends MailTransport {
  private readonly logger = new Logger('MailLog');

  constructor(private readonly from: string) {
    super();
  }

  send(mail: OutgoingMail): Promise<void> {
    this.logger.log(
      {
        mail: {
          outboxId: mail.outboxId,
          messageId: mail.messageId,
          from: this.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        },
      },
      `e-mail to ${mail.to}: ${mail.subject}`,
    );
    return Promise.resolve();
  }
}
