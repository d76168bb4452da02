import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's minimum recommendation. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A fixed hash to verify against when the e-mail is unknown, so both failures take the same time. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$4xwCYoazG0ABptI1d849yw$Id62i+6aHbX/aE/QT8nfnBGu8hPvtyJryS+nQivc2OM';

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

/** A random single-use token for links (verification, reset, invitation) and refresh sessions. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a database leak gives no usable link. */
export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
