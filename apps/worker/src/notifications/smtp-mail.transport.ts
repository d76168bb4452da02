import { createTransport, type Transporter } from 'nodemailer';
import { MailTransport, toMailOptions, type OutgoingMail } from './mail-transport';

/**
 * Sends through an SMTP server (SMTP_URL). A hung server is given up on within the claim's lease, so
 * that a second worker retrying after the lease rarely overlaps a first attempt still in flight.
 */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    leaseMs: number,
  ) {
    super();
    const timeout = Math.max(1_000, leaseMs);
    this.transporter = createTransport({
      url,
      connectionTimeout: Math.min(120_000, timeout),
      greetingTimeout: Math.min(30_000, timeout),
      socketTimeout: Math.min(600_000, timeout),
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(toMailOptions(mail, this.from));
  }

  override close(): void {
    this.transporter.close();
  }
}
