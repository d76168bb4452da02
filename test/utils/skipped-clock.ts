import { Clock } from '@app/common';

/**
 * The engine's `Clock` kept in step with a time-skipping test server: it reads the wall clock plus the time the
 * server has skipped so far. The server runs at wall-clock speed between skips, so one offset holds until the next
 * skip. `Clock.now()` is synchronous and the server's time is not, so a skip sets the offset to the target first
 * (activities that run during the skip see its end, never a time before the workflow's) and syncs it afterwards.
 */
export class SkippedClock extends Clock {
  private offsetMs = 0;

  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Puts the clock at `serverMs`, the server's current time. */
  syncTo(serverMs: number): void {
    this.offsetMs = serverMs - Date.now();
  }

  /** Moves the clock `ms` ahead before the server skips as far. */
  skipAhead(ms: number): void {
    this.offsetMs += ms;
  }
}
