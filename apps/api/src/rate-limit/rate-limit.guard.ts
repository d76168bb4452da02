import { HttpException, HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AccessTokens } from '@app/application';

/** The two limits (SPEC §8): per caller, and of everyone together on this API process. */
export const RATE_LIMITS = { caller: 'caller', overall: 'overall' } as const;

interface HttpRequestLike {
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
}

interface HttpResponseLike {
  setHeader(name: string, value: string | number): void;
}

/**
 * Rate limits before anything else is done for a request: a caller is the user of a valid bearer
 * access token (checked here by its signature alone — no database read for a request that is refused),
 * otherwise the client address; one caller's requests count across every route. The overall limit
 * counts every request of this process under one key. A refused request gets 429 problem+json naming
 * the limit, with `Retry-After` in seconds.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: AccessTokens,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as HttpRequestLike;
    // An invalid token counts against its address; the access guard answers 401 afterwards.
    const bearer = await this.tokens.check(request.headers.authorization);
    if (bearer.kind === 'valid') return `user:${bearer.subject}`;
    return `address:${request.ip ?? 'unknown'}`;
  }

  /** Keys span routes (the library's default counts per route): one budget per caller, one overall. */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return name === RATE_LIMITS.overall ? RATE_LIMITS.overall : `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<HttpResponseLike>().setHeader('Retry-After', retryAfterSeconds);
    const which =
      detail.key === RATE_LIMITS.overall
        ? `The API is taking more than ${detail.limit} requests per second from all callers together`
        : `More than ${detail.limit} requests per minute came from this caller`;
    const params = {
      limit: detail.limit,
      per: detail.key === RATE_LIMITS.overall ? 'second' : 'minute',
      retryAfterSeconds,
    };
    throw new HttpException(
      { message: `${which}; try again in ${retryAfterSeconds} s.`, params },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
