import { Injectable } from '@nestjs/common';
import { DatabaseHealth } from '@app/persistence';
import { TemporalClientHolder } from '@app/temporal';
import type { DependencyHealthDto, HealthResponseDto } from './health.response.dto';

const CHECK_TIMEOUT_MS = 2_000;

async function timed(check: () => Promise<boolean | void>): Promise<DependencyHealthDto> {
  const started = performance.now();
  try {
    const result = await Promise.race([
      check(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
      ),
    ]);
    if (result === false) throw new Error('not serving');
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message };
  }
}

/** Readiness: the database answers a query and the Temporal frontend answers a system-info call. */
@Injectable()
export class HealthService {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly temporal: TemporalClientHolder,
  ) {}

  async readiness(): Promise<HealthResponseDto> {
    const [database, temporal] = await Promise.all([
      timed(() => this.database.ping()),
      timed(() => this.temporal.isServing(CHECK_TIMEOUT_MS)),
    ]);
    const status = database.status === 'up' && temporal.status === 'up' ? 'ok' : 'unavailable';
    return { status, checks: { database, temporal }, time: new Date().toISOString() };
  }
}
