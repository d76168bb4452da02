import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { MailTransport, toMailOptions, type OutgoingMail } from './mail-transport';

/**
 * Development transport: each e-mail becomes `<MAIL_FILE_DIR>/<outbox id>.eml` (RFC 5322, as an SMTP
 * server would receive it). Written to a temporary name and renamed, so a repeat replaces the file whole.
 */
export class FileMailTransport extends MailTransport {
  private readonly composer = createTransport({ streamTransport: true, buffer: true });

  constructor(
    private readonly directory: string,
    private readonly from: string,
  ) {
    super();
  }

  async send(mail: OutgoingMail): Promise<void> {
    const info = await this.composer.sendMail(toMailOptions(mail, this.from));
    await mkdir(this.directory, { recursive: true });
    const target = path.join(this.directory, `${mail.outboxId}.eml`);
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, info.message as Buffer);
    await rename(temporary, target);
  }
}
