import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { WorkflowSignalOutboxRepository, type ClaimedSignal } from '@app/persistence';
import { TemporalClientHolder } from '@app/temporal';
import { PollingLoop } from '../polling/polling-loop';

const BATCH_SIZE = 200;
const LEASE_MS = 30_000;
/** Signals of different workflows go out side by side; those of one workflow in order. */
const CONCURRENCY = 16;

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
    this.loop = new PollingLoop(
      'workflow signal relay',
      Math.min(config.OUTBOX_POLL_INTERVAL_MS, 500),
      (stopping) => this.relayDue(stopping),
      this.logger,
    );
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
      const byWorkflow = new Map<string, ClaimedSignal[]>();
      for (const signal of batch)
        byWorkflow.set(signal.workflowId, [...(byWorkflow.get(signal.workflowId) ?? []), signal]);
      const queues = [...byWorkflow.values()];
      const lanes = Array.from({ length: Math.min(CONCURRENCY, queues.length) }, async () => {
        for (let queue = queues.shift(); queue; queue = queues.shift()) {
          for (const signal of queue) {
            // A stopping relay leaves the rest claimed; their lease expires and another relay sends them.
            if (stopping()) return;
            if (await this.relay(signal)) sent += 1;
            else break; // keep this workflow's order: its later signals wait for the retry
          }
        }
      });
      await Promise.all(lanes);
      if (batch.length < BATCH_SIZE || stopping()) break;
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
      this.logger.warn(
        { signalId: signal.id, workflowId: signal.workflowId, err: error },
        `signal ${signal.signalName} not relayed, retry in ${retryIn} ms`,
      );
      await this.outbox.markFailed(signal.id, (error as Error).message, retryIn);
      return false;
    }
  }
}
