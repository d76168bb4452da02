import { Injectable, UnauthorizedException } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { UnitOfWork, UserRepository } from '@app/persistence';
import { SessionService, type SessionTokens } from './session.service';
import { SingleUseTokens } from './single-use-tokens';

/** `POST /auth/refresh`: exchanges a refresh token for a new pair; the old one is spent. */
@Injectable()
export class RefreshSessionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
  ) {}

  execute(refreshToken: string): Promise<SessionTokens> {
    return this.uow.run(async (tx) => {
      let consumed;
      try {
        consumed = await this.tokens.consume(tx, 'REFRESH', refreshToken);
      } catch (error) {
        if (error instanceof DomainError)
          throw new UnauthorizedException('The refresh token is invalid, used or expired.');
        throw error;
      }
      if (!(await this.users.isActive(tx, consumed.userId as string)))
        throw new UnauthorizedException('The account is not active.');
      return this.sessions.open(tx, consumed.userId as string);
    });
  }
}
