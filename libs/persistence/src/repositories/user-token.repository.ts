import { Injectable } from '@nestjs/common';
import type { Tx } from '../unit-of-work';

export type TokenPurpose = 'EMAIL_VERIFICATION' | 'PASSWORD_RESET' | 'INVITATION' | 'REFRESH';

/** A row of `user_token`: a single-use link or refresh session, stored as the SHA-256 of the token. */
export interface UserTokenRow {
  id: string;
  user_id: string | null;
  purpose: TokenPurpose;
  token_hash: Buffer;
  email: string | null;
  payload: Record<string, unknown>;
  expires_at: Date;
  used_at: Date | null;
}

export interface UserTokenRecord {
  id: string;
  userId: string | null;
  email: string | null;
  payload: Record<string, unknown>;
  expiresAt: Date;
  usedAt: Date | null;
}

const toUserToken = (r: Omit<UserTokenRow, 'purpose' | 'token_hash'>): UserTokenRecord => ({
  id: r.id,
  userId: r.user_id,
  email: r.email,
  payload: r.payload,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

/** The single-use tokens of the identity aggregate (verification, reset and invitation links; refresh sessions). */
@Injectable()
export class UserTokenRepository {
  async insert(
    tx: Tx,
    token: {
      id: string;
      userId: string | null;
      purpose: TokenPurpose;
      tokenHash: Buffer;
      email: string | null;
      payload: Record<string, unknown>;
      expiresAt: Date;
    },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO user_token (id, user_id, purpose, token_hash, email, payload, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        token.id,
        token.userId,
        token.purpose,
        token.tokenHash,
        token.email,
        JSON.stringify(token.payload),
        token.expiresAt,
      ],
    );
  }

  /** The token of that hash and purpose, locked until the transaction ends (so it is spent once). */
  async lockByHash(tx: Tx, purpose: TokenPurpose, tokenHash: Buffer): Promise<UserTokenRecord | null> {
    const rows: Array<Omit<UserTokenRow, 'purpose' | 'token_hash'>> = await tx.query(
      `SELECT id, user_id, email, payload, expires_at, used_at FROM user_token
        WHERE token_hash = $1 AND purpose = $2 FOR UPDATE`,
      [tokenHash, purpose],
    );
    return rows[0] ? toUserToken(rows[0]) : null;
  }

  async markUsed(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.query('UPDATE user_token SET used_at = $2 WHERE id = $1', [id, at]);
  }

  /** Spends every open token of a purpose for a user. */
  async markAllUsed(tx: Tx, userId: string, purpose: TokenPurpose, at: Date): Promise<void> {
    await tx.query('UPDATE user_token SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL', [
      userId,
      purpose,
      at,
    ]);
  }
}
