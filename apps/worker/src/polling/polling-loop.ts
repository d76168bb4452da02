import type { LoggerService } from '@nestjs/common';

/**
 * Runs `tick` now and then every `intervalMs` until `stop()`. One kept promise, never floated: a tick's
 * error is logged and the loop goes on; `stop()` wakes a sleeping loop, lets a running tick finish (the
 * tick sees `stopping()` and returns after its in-flight item) and leaves no timer behind.
 */
export class PollingLoop {
  private running?: Promise<void>;
  private stopRequested = false;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly tick: (stopping: () => boolean) => Promise<unknown>,
    private readonly logger: LoggerService,
  ) {}

  start(): void {
    if (this.running) return;
    this.stopRequested = false;
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    const stopping = (): boolean => this.stopRequested;
    while (!this.stopRequested) {
      try {
        await this.tick(stopping);
      } catch (error) {
        this.logger.error({ err: error }, `${this.name}: poll failed`);
      }
      if (this.stopRequested) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.intervalMs);
      });
      this.timer = undefined;
      this.wake = undefined;
    }
  }
}
