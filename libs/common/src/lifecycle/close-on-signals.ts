interface Closable {
  close(signal?: string): Promise<void>;
}

/**
 * Graceful stop on SIGTERM/SIGINT: runs Nest's shutdown hooks once (the worker drains, the pool
 * closes) and exits 0 — or 1 if closing failed. Used instead of `enableShutdownHooks`, which
 * re-raises the signal after closing, so that a clean drain ends with a clean exit code.
 */
export function closeOnSignals(app: Closable, name: string, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    app.close(signal).then(
      () => process.exit(process.exitCode ?? 0),
      (error: unknown) => {
        process.stderr.write(
          `${name}: shutdown failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
}
