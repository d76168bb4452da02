import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { TaskQueues } from '@app/contracts';
import { AppConfig } from '@app/config';
import { installWorkerRuntime, workerInterceptors, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';
import { ActivitiesRegistry } from './activities/activities.registry';

/**
 * Owns the Temporal worker's start and drain (STYLE convention 7). `worker.run()` is awaited by a
 * kept promise, never floated: if it fails the process exits non-zero. On shutdown the worker stops
 * polling and lets in-flight activities finish within WORKER_SHUTDOWN_GRACE_MS, before TypeORM closes.
 */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TemporalWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ActivitiesRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    installWorkerRuntime();
    this.connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
    const workflowSource = this.config.WORKFLOW_BUNDLE_PATH
      ? { workflowBundle: { codePath: this.config.WORKFLOW_BUNDLE_PATH } }
      : { workflowsPath: WORKFLOWS_PATH, bundlerOptions: workflowBundlerOptions };
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: TaskQueues.main,
      activities: this.registry.activities(),
      interceptors: workerInterceptors,
      shutdownGraceTime: this.config.WORKER_SHUTDOWN_GRACE_MS,
      ...(this.config.WORKER_MAX_CACHED_WORKFLOWS === undefined
        ? {}
        : { maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS }),
      ...workflowSource,
    });
    const worker = this.worker;
    this.running = worker.run().catch((error: unknown) => {
      this.logger.error({ err: error }, 'Temporal worker stopped with an error');
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(
      `Temporal worker polling task queue ${TaskQueues.main} on ${this.config.TEMPORAL_ADDRESS} ` +
        `(workflow cache ${worker.options.maxCachedWorkflows})`,
    );
  }

  /** Resolves once the worker is polling (for callers that start workflows right after boot). */
  getState(): string {
    return this.worker?.getState() ?? 'NOT_CREATED';
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (!this.worker) return;
    this.logger.log(
      `Draining Temporal worker (${signal ?? 'shutdown'}), grace ${this.config.WORKER_SHUTDOWN_GRACE_MS} ms`,
    );
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
    this.logger.log('Temporal worker drained');
  }
}
