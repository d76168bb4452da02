import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';

/** A row of `login_attempt`. */
export interface LoginAttemptRow {
  id: string;
  email_normalised: string;
  ip: string;
  succeeded: boolean;
  attempted_at: Date;
}

/** Login attempts, kept in PostgreSQL so that the login rate limit holds across API replicas. */
@Injectable()
export class LoginAttemptRepository {
  /** Failed attempts since `since` for the e-mail and from the address. */
  async failuresSince(tx: Tx, email: string, ip: string, since: Date): Promise<{ byEmail: number; byIp: number }> {
    const [row]: Array<{ by_email: string; by_ip: string }> = await tx.query(
      `SELECT count(*) FILTER (WHERE email_normalised = $1) AS by_email, count(*) FILTER (WHERE ip = $2) AS by_ip
         FROM login_attempt WHERE NOT succeeded AND attempted_at > $3 AND (email_normalised = $1 OR ip = $2)`,
      [email.toLowerCase(), ip, since],
    );
    return { byEmail: Number(row.by_email), byIp: Number(row.by_ip) };
  }

  async record(tx: Tx, attempt: { email: string; ip: string; succeeded: boolean; at: Date }): Promise<void> {
    await tx.query(
      'INSERT INTO login_attempt (email_normalised, ip, succeeded, attempted_at) VALUES ($1, $2, $3, $4)',
      [attempt.email.toLowerCase(), attempt.ip, attempt.succeeded, attempt.at],
    );
  }
}
