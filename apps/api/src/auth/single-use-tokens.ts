import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, hashToken, newOpaqueToken } from '@app/common';
import { DomainError } from '@app/domain';

export type TokenPurpose = 'EMAIL_VERIFICATION' | 'PASSWORD_RESET' | 'INVITATION' | 'REFRESH';

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
  constructor(private readonly clock: Clock) {}

  async issue(
    manager: EntityManager,
    input: { purpose: TokenPurpose; userId?: string; email?: string; payload?: Record<string, unknown>; ttlMs: number },
  ): Promise<IssuedToken> {
    const id = randomUUID();
    const token = newOpaqueToken();
    const expiresAt = new Date(this.clock.now().getTime() + input.ttlMs);
    await manager.query(
      'INSERT INTO user_token (id, user_id, purpose, token_hash, email, payload, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        id,
        input.userId ?? null,
        input.purpose,
        hashToken(token),
        input.email ?? null,
        JSON.stringify(input.payload ?? {}),
        expiresAt,
      ],
    );
    return { id, token, expiresAt };
  }

  /** Marks the token used and returns it; a used, expired, unknown or other-purpose token is refused (one message for all). */
  async consume(manager: EntityManager, purpose: TokenPurpose, token: string): Promise<ConsumedToken> {
    const rows: Array<{
      id: string;
      user_id: string | null;
      email: string | null;
      payload: Record<string, unknown>;
      expires_at: Date;
      used_at: Date | null;
    }> = await manager.query(
      'SELECT id, user_id, email, payload, expires_at, used_at FROM user_token WHERE token_hash = $1 AND purpose = $2 FOR UPDATE',
      [hashToken(token), purpose],
    );
    const row = rows[0];
    if (!row || row.used_at !== null || row.expires_at.getTime() <= this.clock.now().getTime()) {
      throw new DomainError('TOKEN_INVALID', 'This link is invalid, has already been used or has expired.', 'rule', [
        { field: 'token', code: 'TOKEN_INVALID', message: 'invalid, used or expired' },
      ]);
    }
    await manager.query('UPDATE user_token SET used_at = $2 WHERE id = $1', [row.id, this.clock.now()]);
    return { id: row.id, userId: row.user_id, email: row.email, payload: row.payload };
  }

  /** Ends every open token of a purpose for a user (e.g. all refresh sessions after a password reset). */
  async revokeAll(manager: EntityManager, userId: string, purpose: TokenPurpose): Promise<void> {
    await manager.query('UPDATE user_token SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [
      userId,
      purpose,
      this.clock.now(),
    ]);
  }
}
