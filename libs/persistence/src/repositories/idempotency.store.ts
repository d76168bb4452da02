import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A row of `idempotency_record`. */
export interface IdempotencyRecordRow<T = unknown> {
  user_id: string;
  key: string;
  scope: string;
  request_hash: string;
  response: T;
}

export type IdempotencyClaim<T> = { kind: 'claimed' } | { kind: 'replay'; response: T } | { kind: 'mismatch' };

/**
 * `Idempotency-Key` records (SPEC S5), scoped to the user, kept at least 7 days. A request claims its
 * key inside its business transaction: a concurrent request with the same key waits on the unique
 * index until the first commits, then replays its response; if the first rolls back nothing was
 * acknowledged and the key is free again.
 */
@Injectable()
export class IdempotencyStore {
  async claim<T>(
    manager: EntityManager,
    input: { userId: string; key: string; scope: string; requestHash: string },
  ): Promise<IdempotencyClaim<T>> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO idempotency_record (user_id, key, scope, request_hash, response) VALUES ($1, $2, $3, $4, '{}'::jsonb)
       ON CONFLICT (user_id, key) DO NOTHING RETURNING key`,
      [input.userId, input.key, input.scope, input.requestHash],
    );
    if (inserted.length === 1) return { kind: 'claimed' };
    const rows: Array<Pick<IdempotencyRecordRow<T>, 'scope' | 'request_hash' | 'response'>> = await manager.query(
      'SELECT scope, request_hash, response FROM idempotency_record WHERE user_id = $1 AND key = $2',
      [input.userId, input.key],
    );
    const row = rows[0];
    if (!row || row.scope !== input.scope || row.request_hash !== input.requestHash) return { kind: 'mismatch' };
    return { kind: 'replay', response: row.response };
  }

  async complete(manager: EntityManager, input: { userId: string; key: string; response: unknown }): Promise<void> {
    await manager.query('UPDATE idempotency_record SET response = $3 WHERE user_id = $1 AND key = $2', [
      input.userId,
      input.key,
      JSON.stringify(input.response),
    ]);
  }
}
