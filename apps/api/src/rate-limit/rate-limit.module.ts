import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import { AppConfig } from '@app/config';
import { AccessTokenModule } from '@app/application';
import { RATE_LIMITS, RateLimitGuard } from './rate-limit.guard';

/** The configured limits; a limit of 0 is left out. */
export function rateLimits(
  config: Pick<AppConfig, 'RATE_LIMIT_PER_CALLER_PER_MINUTE' | 'RATE_LIMIT_OVERALL_PER_SECOND'>,
): ThrottlerOptions[] {
  const limits: ThrottlerOptions[] = [];
  if (config.RATE_LIMIT_OVERALL_PER_SECOND > 0)
    limits.push({ name: RATE_LIMITS.overall, ttl: 1_000, limit: config.RATE_LIMIT_OVERALL_PER_SECOND });
  if (config.RATE_LIMIT_PER_CALLER_PER_MINUTE > 0)
    limits.push({ name: RATE_LIMITS.caller, ttl: 60_000, limit: config.RATE_LIMIT_PER_CALLER_PER_MINUTE });
  return limits;
}

/**
 * Rate limits of every route (SPEC §8) with `@nestjs/throttler`'s in-memory sliding windows, so they
 * hold per API process: behind N replicas a caller gets up to N times the limit (docs/decisions.md).
 * Imported before the auth module so that its guard runs first. Routes marked `@SkipThrottle()` (health)
 * are not counted.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const throttlers = rateLimits(config);
    if (!throttlers.length) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [ThrottlerModule.forRoot({ throttlers }), AccessTokenModule],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
