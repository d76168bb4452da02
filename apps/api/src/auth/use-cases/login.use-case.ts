import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyPassword } from '@app/common';
import { AuditWriter } from '@app/persistence';
import { LoginThrottle } from '../login-throttle';
import { SessionService, type SessionTokens } from '../session.service';

/** `POST /auth/login`: a wrong password and an unknown e-mail look the same (message and timing). */
@Injectable()
export class LoginUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionService,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { email: string; password: string; ip: string }): Promise<SessionTokens> {
    await this.dataSource.transaction((manager) => this.throttle.assertAllowed(manager, input.email, input.ip));
    const users: Array<{ id: string; password_hash: string | null; status: string }> = await this.dataSource.query(
      'SELECT id, password_hash, status FROM app_user WHERE email_normalised = lower($1)',
      [input.email],
    );
    const user = users[0];
    const ok = await verifyPassword(user?.password_hash, input.password);
    if (!user || !ok || user.status === 'DISABLED') {
      await this.dataSource.transaction((manager) => this.throttle.record(manager, input.email, input.ip, false));
      throw new UnauthorizedException('Invalid e-mail or password.');
    }
    if (user.status === 'PENDING_VERIFICATION') {
      throw new ForbiddenException('Confirm your e-mail address first: follow the link in the verification e-mail.');
    }
    return this.dataSource.transaction(async (manager) => {
      await this.throttle.record(manager, input.email, input.ip, true);
      await this.audit.record(manager, {
        actor: { userId: user.id, role: 'USER' },
        action: 'user.logged-in',
        entityType: 'user',
        entityId: user.id,
      });
      return this.sessions.open(manager, user.id);
    });
  }
}
