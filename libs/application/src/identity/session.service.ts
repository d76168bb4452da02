import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@app/config';
import type { Tx } from '@app/persistence';
import { SingleUseTokens } from './single-use-tokens';

export interface SessionTokens {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

/** Short-lived JWT access tokens plus rotating, single-use refresh tokens stored hashed in PostgreSQL. */
@Injectable()
export class SessionService {
  constructor(
    private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly tokens: SingleUseTokens,
  ) {}

  async open(tx: Tx, userId: string): Promise<SessionTokens> {
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access' },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, algorithm: 'HS256' },
    );
    const refresh = await this.tokens.issue(tx, {
      purpose: 'REFRESH',
      userId,
      ttlMs: this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    });
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      refreshToken: refresh.token,
      refreshExpiresAt: refresh.expiresAt.toISOString(),
    };
  }
}
