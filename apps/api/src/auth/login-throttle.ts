import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';

const WINDOW_MS = 15 * 60 * 1000;

/**
 * Login rate limit kept in PostgreSQL (so it holds across API replicas): too many failures in 15
 * minutes for one e-mail or from one address gives 429 before any password is checked.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async assertAllowed(manager: EntityManager, email: string, ip: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - WINDOW_MS);
    const [row]: Array<{ by_email: string; by_ip: string }> = await manager.query(
      `SELECT count(*) FILTER (WHERE email_normalised = $1) AS by_email, count(*) FILTER (WHERE ip = $2) AS by_ip
         FROM login_attempt WHERE NOT succeeded AND attempted_at > $3 AND (email_normalised = $1 OR ip = $2)`,
      [email.toLowerCase(), ip, since],
    );
    if (
      Number(row.by_email) >= this.config.LOGIN_MAX_FAILURES_PER_EMAIL ||
      Number(row.by_ip) >= this.config.LOGIN_MAX_FAILURES_PER_IP
    ) {
      throw new HttpException(
        'Too many failed logins. Try again in 15 minutes or reset your password.',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async record(manager: EntityManager, email: string, ip: string, succeeded: boolean): Promise<void> {
    await manager.query(
      'INSERT INTO login_attempt (email_normalised, ip, succeeded, attempted_at) VALUES ($1, $2, $3, $4)',
      [email.toLowerCase(), ip, succeeded, this.clock.now()],
    );
  }
}
