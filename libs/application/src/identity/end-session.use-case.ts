import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/domain';
import { UnitOfWork } from '@app/persistence';
import { SingleUseTokens } from './single-use-tokens';

/** `POST /auth/logout`: spends the refresh token; an unknown or spent one is no error. */
@Injectable()
export class EndSessionUseCase {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tokens: SingleUseTokens,
  ) {}

  async execute(refreshToken: string): Promise<void> {
    await this.uow.run(async (tx) => {
      // Only "unknown, spent or expired" is no error: any other failure leaves the session alive, and a logout
      // answered 204 then would be a lie.
      await this.tokens.consume(tx, 'REFRESH', refreshToken).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === 'TOKEN_INVALID')) throw error;
      });
    });
  }
}
