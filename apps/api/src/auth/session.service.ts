import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
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
    private readonly dataSource: DataSource,
  ) {}

  async open(manager: EntityManager, userId: string): Promise<SessionTokens> {
    const accessToken = await this.jwt.signAsync(
      { sub: userId, typ: 'access' },
      { expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS, algorithm: 'HS256' },
    );
    const refresh = await this.tokens.issue(manager, {
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

  /** Exchanges a refresh token for a new pair; the old one is spent. */
  async refresh(refreshToken: string): Promise<SessionTokens> {
    return this.dataSource.transaction(async (manager) => {
      let consumed;
      try {
        consumed = await this.tokens.consume(manager, 'REFRESH', refreshToken);
      } catch (error) {
        if (error instanceof DomainError)
          throw new UnauthorizedException('The refresh token is invalid, used or expired.');
        throw error;
      }
      const active: unknown[] = await manager.query("SELECT 1 FROM app_user WHERE id = $1 AND status = 'ACTIVE'", [
        consumed.userId,
      ]);
      if (active.length === 0) throw new UnauthorizedException('The account is not active.');
      return this.open(manager, consumed.userId as string);
    });
  }

  async close(refreshToken: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.tokens.consume(manager, 'REFRESH', refreshToken).catch(() => undefined);
    });
  }
}
