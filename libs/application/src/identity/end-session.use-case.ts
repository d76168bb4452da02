import { Injectable } from '@nestjs/common';
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
      await this.tokens.consume(tx, 'REFRESH', refreshToken).catch(() => undefined);
    });
  }
}
