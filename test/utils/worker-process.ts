import { spawnEntry, type AppProcess } from './app-process';
import { appProcessEnv } from './test-environment';

/** The real worker entry point, delivering e-mail to `smtpUrl`, started and ready to poll. */
export async function startWorkerProcess(smtpUrl: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const worker = spawnEntry(
    'apps/worker/src/main.ts',
    appProcessEnv({ MAIL_TRANSPORT: 'smtp', SMTP_URL: smtpUrl, OUTBOX_POLL_INTERVAL_MS: '100', ...env }),
  );
  await worker.waitForOutput(/Temporal worker polling task queue/, 120_000);
  return worker;
}

export async function stopWorkerProcess(
  worker: AppProcess | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  worker?.kill(signal);
  await worker?.exited;
}
