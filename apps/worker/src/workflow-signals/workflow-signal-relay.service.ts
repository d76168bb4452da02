import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WorkflowSignalOutboxRepository, type ClaimedSignal } from '@app/persistence';
import { TemporalClientHolder } from '@app/temporal';
import { PollingLoop } from '../polling/polling-loop';

const BATCH_SIZE = 100;
const LEASE_MS = 30_000;

/**
 * Relays the workflow-signal outbox to Temporal with signal-with-start (the first signal starts the
 * workflow under its business id). At least once: a relay that dies after Temporal accepted a signal
 * but before recording it sends it again, and the workflows ignore what they already know.
 */
@Injectable()
export class WorkflowSignalRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowSignalRelayService.name);
  private readonly loop: PollingLoop;

  constructor(
    config: AppConfig,
    private readonly outbox: WorkflowSignalOutboxRepository,
    private readonly temporal: TemporalClientHolder,
  ) {
    this.loop = new PollingLoop('workflow signal relay', Math.min(config.OUTBOX_POLL_INTERVAL_MS, 500), (stopping) => this.relayDue(stopping), this.logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async relayDue(stopping: () => boolean = () => false): Promise<number> {
    let sent = 0;
    while (!stopping()) {
      const batch = await this.outbox.claim(BATCH_SIZE, LEASE_MS);
      for (const signal of batch) {
        if (stopping()) return sent;
        if (await this.relay(signal)) sent += 1;
      }
      if (batch.length < BATCH_SIZE) break;
    }
    return sent;
  }

  private async relay(signal: ClaimedSignal): Promise<boolean> {
    try {
      await this.temporal.client.workflow.signalWithStart(signal.workflowType, {
        workflowId: signal.workflowId,
        taskQueue: signal.taskQueue,
        args: signal.startArgs,
        signal: signal.signalName,
        signalArgs: signal.signalArgs,
      });
      await this.outbox.markSent(signal.id);
      return true;
    } catch (error) {
      const retryIn = Math.min(60_000, 500 * 2 ** Math.min(signal.attempts, 7));
      this.logger.warn({ signalId: signal.id, workflowId: signal.workflowId, err: error }, `signal ${signal.signalName} not relayed, retry in ${retryIn} ms`);
      await this.outbox.markFailed(signal.id, (error as Error).message, retryIn);
      return false;
    }
  }
}
