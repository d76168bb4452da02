import { Injectable } from '@nestjs/common';

/**
 * "Now" outside workflows (STYLE convention 16): every server-side time decision (token expiry,
 * digest day, rate-limit windows) reads this provider, so tests can align it with the scenario.
 * Workflows use their own clock (`Date.now()` inside workflow code is the workflow clock).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that tests set and advance. */
export class AdjustableClock extends Clock {
  constructor(private current: Date = new Date()) {
    super();
  }

  override now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): void {
    this.current = new Date(to.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
