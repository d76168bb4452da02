import type { Provider } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { FileMailTransport } from './file-mail.transport';
import { LogMailTransport } from './log-mail.transport';
import { MailTransport } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail.transport';

/** The transport MAIL_TRANSPORT names (the configuration already refused a missing SMTP_URL or MAIL_FILE_DIR). */
export function createMailTransport(config: AppConfig): MailTransport {
  switch (config.MAIL_TRANSPORT) {
    case 'smtp':
      return new SmtpMailTransport(required(config.SMTP_URL, 'SMTP_URL'), config.MAIL_FROM, config.OUTBOX_LEASE_MS);
    case 'file':
      return new FileMailTransport(required(config.MAIL_FILE_DIR, 'MAIL_FILE_DIR'), config.MAIL_FROM);
    case 'log':
      return new LogMailTransport(config.MAIL_FROM);
  }
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required with MAIL_TRANSPORT`);
  return value;
}

export const mailTransportProvider: Provider = {
  provide: MailTransport,
  inject: [AppConfig],
  useFactory: createMailTransport,
};
