import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

/**
 * What an `Authorization` header carries: no bearer token, one that does not verify, or a valid access
 * token's subject.
 */
export type BearerCheck = { kind: 'missing' } | { kind: 'invalid' } | { kind: 'valid'; subject: string };

/**
 * The one reading of a request's bearer access token (HS256, `typ: 'access'`, a string subject), for the
 * access guard and the rate limit alike. Signature and expiry only: whether the account is active is the
 * access guard's question (a database read).
 */
@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  async check(authorization: string | string[] | undefined): Promise<BearerCheck> {
    const token = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
    if (!token) return { kind: 'missing' };
    try {
      const claims = await this.jwt.verifyAsync<{ sub?: unknown; typ?: unknown }>(token, { algorithms: ['HS256'] });
      return claims.typ === 'access' && typeof claims.sub === 'string'
        ? { kind: 'valid', subject: claims.sub }
        : { kind: 'invalid' };
    } catch {
      return { kind: 'invalid' };
    }
  }
}
