import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { AppConfig } from '@app/config';
import { LoginAttemptRepository, type Tx } from '@app/persistence';

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
    private readonly attempts: LoginAttemptRepository,
  ) {}

  async assertAllowed(tx: Tx, email: string, ip: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - WINDOW_MS);
    const failures = await this.attempts.failuresSince(tx, email, ip, since);
    if (
      failures.byEmail >= this.config.LOGIN_MAX_FAILURES_PER_EMAIL ||
      failures.byIp >= this.config.LOGIN_MAX_FAILURES_PER_IP
    ) {
      throw new HttpException(
        'Too many failed logins. Try again in 15 minutes or reset your password.',
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
  }

  async record(tx: Tx, email: string, ip: string, succeeded: boolean): Promise<void> {
    await this.attempts.record(tx, { email, ip, succeeded, at: this.clock.now() });
  }
}
