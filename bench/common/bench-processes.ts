/**
 * The child processes of the HTTP benchmarks: the API built as production builds it (a `server.ts` that
 * tells its parent over IPC when it listens) and the load generator (a `load.ts` reading its plan and
 * writing its result as JSON files), each run from TypeScript sources.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Client } from 'pg';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Forks `serverFile` in `cwd` (another checkout's server runs with that checkout's modules and paths);
 * `ready` resolves on its `{ ready: true }` message, rejects if it exits first or takes over 120 s.
 */
export function startBenchServer(
  serverFile: string,
  env: NodeJS.ProcessEnv,
  cwd: string = ROOT,
): { child: ChildProcess; ready: Promise<void> } {
  const child = fork(serverFile, [], {
    cwd,
    env,
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the API did not start within 120 s')), 120_000);
    child.on('message', (message: { ready?: boolean }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the API exited during start (${signal ?? code})`));
    });
  });
  return { child, ready };
}

/** Runs `loadFile <planPath> <resultPath>`; `done` resolves when it exits 0. */
export function runLoadGenerator(
  loadFile: string,
  planPath: string,
  resultPath: string,
): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', loadFile, planPath, resultPath], {
    cwd: ROOT,
    env: process.env,
    stdio: 'inherit',
  });
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`the load generator failed (${signal ?? code})`)),
    );
  });
  return { child, done };
}

/** PostgreSQL's version and durability settings, as the benchmarks print them. */
export async function postgresBackend(client: Client): Promise<string> {
  const { rows } = await client.query<{ version: string; fsync: string; sync: string }>(
    "SELECT version() AS version, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sync",
  );
  return `${rows[0].version} (embedded test cluster: fsync=${rows[0].fsync}, synchronous_commit=${rows[0].sync})`;
}
