import { Logger as NestLogger } from '@nestjs/common';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { Runtime } from '@temporalio/worker';

/** Forwards the SDK's log lines to Nest's logger (pino in the apps), under the `Temporal` context. */
export class NestTemporalLogger implements Logger {
  private readonly nest = new NestLogger('Temporal');

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    switch (level) {
      case 'TRACE':
      case 'DEBUG':
        this.nest.debug({ ...meta }, message);
        break;
      case 'INFO':
        this.nest.log({ ...meta }, message);
        break;
      case 'WARN':
        this.nest.warn({ ...meta }, message);
        break;
      case 'ERROR':
        this.nest.error({ ...meta }, message);
        break;
    }
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs the SDK runtime once per process with no shutdown signals of its own (STYLE convention 7):
 * Nest owns SIGINT/SIGTERM and drains the worker from `beforeApplicationShutdown`.
 */
export function installWorkerRuntime(): void {
  if (Runtime._instance) return;
  Runtime.install({ shutdownSignals: [], logger: new NestTemporalLogger() });
}
