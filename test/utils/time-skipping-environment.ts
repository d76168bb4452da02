import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { freePort, stopProcess, waitUntil } from '../../scripts/runtime/process-tools';
import { testEnvironment } from './test-environment';

/** How long the Java server may take to listen; a busy two-core machine has taken more than the SDK's fixed 5 s. */
const START_TIMEOUT_MS = 90_000;

/** The SDK's own factory, which attaches to a running server and keeps the time-skipping client. */
type CreateEnvironment = (options: {
  server: { type: 'existing' };
  address: string;
  supportsTimeSkipping: true;
}) => Promise<TestWorkflowEnvironment>;

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * A time-skipping test server of its own for one suite: the Java launcher started here, waited for
 * with a generous readiness bound, then attached to. `TestWorkflowEnvironment.createTimeSkipping` with
 * an `existing-path` executable gives the server a fixed 5 s to start, which failed on a loaded CI run.
 */
export async function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment & { address: string }> {
  const port = await freePort();
  const child = spawn(testEnvironment().timeSkippingServerPath, [String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  try {
    await waitUntil(() => portAccepts(port), {
      timeoutMs: START_TIMEOUT_MS,
      intervalMs: 100,
      describe: `time-skipping test server on port ${port}`,
      abortIf: () => (child.exitCode !== null ? `exited with ${child.exitCode}: ${stderr}` : undefined),
    });
    // `create` is the SDK's shared factory behind createTimeSkipping and createFromExistingServer;
    // only it attaches to an existing server while keeping the time-skipping client.
    const create = (TestWorkflowEnvironment as unknown as { create: CreateEnvironment }).create.bind(
      TestWorkflowEnvironment,
    );
    const env = await create({
      server: { type: 'existing' },
      address: `127.0.0.1:${port}`,
      supportsTimeSkipping: true,
    });
    const teardown = env.teardown.bind(env);
    // The server is ours, not the SDK's: stop it after the connections close.
    Object.defineProperty(env, 'teardown', {
      value: async () => {
        await teardown();
        await stopProcess(child, 'SIGTERM', 10_000);
      },
    });
    // Clients other than the environment's own (an API or worker under test) connect here.
    return Object.assign(env, { address: `127.0.0.1:${port}` });
  } catch (error) {
    await stopProcess(child, 'SIGKILL', 5_000);
    throw error;
  }
}
