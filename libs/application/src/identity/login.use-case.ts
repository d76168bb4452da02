import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { verifyPassword } from '@app/common';
import { AuditWriter, UnitOfWork, UserRepository } from '@app/persistence';
import { LoginThrottle } from './login-throttle';
import { SessionService, type SessionTokens } from './session.service';

/** `POST /auth/login`: a wrong password and an unknown e-mail look the same (message and timing). */
@Injectable()
export class LoginUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly throttle: LoginThrottle,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditWriter,
  ) {}

  async execute(input: { email: string; password: string; ip: string }): Promise<SessionTokens> {
    await this.uow.run((tx) => this.throttle.assertAllowed(tx, input.email, input.ip));
    const user = await this.uow.read((tx) => this.users.findCredentials(tx, input.email));
    const ok = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !ok || user.status === 'DISABLED') {
      await this.uow.run((tx) => this.throttle.record(tx, input.email, input.ip, false));
      throw new UnauthorizedException('Invalid e-mail or password.');
    }
    if (user.status === 'PENDING_VERIFICATION') {
      throw new ForbiddenException('Confirm your e-mail address first: follow the link in the verification e-mail.');
    }
    return this.uow.run(async (tx) => {
      await this.throttle.record(tx, input.email, input.ip, true);
      await this.audit.record(tx, {
        actor: { userId: user.id, role: 'USER' },
        action: 'user.logged-in',
        entityType: 'user',
        entityId: user.id,
      });
      return this.sessions.open(tx, user.id);
    });
  }
}
