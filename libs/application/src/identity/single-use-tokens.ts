import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock, hashToken, newOpaqueToken } from '@app/common';
import { DomainError } from '@app/domain';
import { UserTokenRepository, type TokenPurpose, type Tx } from '@app/persistence';

export type { TokenPurpose } from '@app/persistence';

export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: Date;
}

export interface ConsumedToken {
  id: string;
  userId: string | null;
  email: string | null;
  payload: Record<string, unknown>;
}

/**
 * Single-use, expiring tokens (verification, reset, invitation links; refresh sessions). Only the
 * SHA-256 of a token is stored; consuming one locks its row, so a link works exactly once even when
 * clicked twice at the same moment.
 */
@Injectable()
export class SingleUseTokens {
  constructor(
    private readonly clock: Clock,
    private readonly tokens: UserTokenRepository,
  ) {}

  async issue(
    tx: Tx,
    input: { purpose: TokenPurpose; userId?: string; email?: string; payload?: Record<string, unknown>; ttlMs: number },
  ): Promise<IssuedToken> {
    const id = randomUUID();
    const token = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + input.ttlMs);
    await this.tokens.insert(tx, {
      id,
      userId: input.userId ?? null,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      email: input.email ?? null,
      payload: input.payload ?? {},
      expiresAt,
    });
    return { id, token, expiresAt };
  }

  /**
   * Marks the token used and returns it; a used, expired, unknown or other-purpose token is refused (one
   * message for all).
   */
  async consume(tx: Tx, purpose: TokenPurpose, token: string): Promise<ConsumedToken> {
    const row = await this.tokens.lockByHash(tx, purpose, hashToken(token));
    if (!row || row.usedAt !== null || row.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new DomainError('TOKEN_INVALID', 'This link is invalid, has already been used or has expired.', 'rule', [
        { field: 'token', code: 'TOKEN_INVALID', message: 'invalid, used or expired' },
      ]);
    }
    await this.tokens.markUsed(tx, row.id, this.clock.now());
    return { id: row.id, userId: row.userId, email: row.email, payload: row.payload };
  }

  /** Ends every open token of a purpose for a user (e.g. all refresh sessions after a password reset). */
  async revokeAll(tx: Tx, userId: string, purpose: TokenPurpose): Promise<void> {
    await this.tokens.markAllUsed(tx, userId, purpose, this.clock.now());
  }
}
