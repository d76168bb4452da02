import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { stopProcess, waitUntil } from './process-tools';
import { removePid, stopLeftover, writePid } from './pid-file';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; omit for a headless server (tests). */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server (tests). */
  dbFile?: string;
  /** Server log file. */
  logFile: string;
  namespace?: string;
  /** Own process group, so a terminal's Ctrl-C reaches only the runner, which stops this server in order. */
  detached?: boolean;
  /** Pid file: a server left running by a killed runner is stopped before a new start. */
  pidFile?: string;
  log?: (line: string) => void;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

async function answers(address: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await connection.workflowService.getSystemInfo({});
    return true;
  } finally {
    await connection.close();
  }
}

/** Starts `temporal server start-dev` (the official CLI's development server, with its Web UI). */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporal> {
  const log = options.log ?? (() => undefined);
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--log-format',
    'json',
    '--log-level',
    'warn',
  ];
  args.push('--namespace', options.namespace ?? 'default');
  if (options.uiPort !== undefined) args.push('--ui-ip', '127.0.0.1', '--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  if (options.pidFile) await stopLeftover(options.pidFile, 'SIGTERM', 'start-dev', log);
  const logFd = openSync(options.logFile, 'a');
  const child = spawn(options.cliPath, args, { stdio: ['ignore', logFd, logFd], detached: options.detached ?? false });
  if (options.pidFile && child.pid) writePid(options.pidFile, child.pid);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `the Temporal dev server exited (${signal ?? `code ${code}`}); see ${options.logFile}`;
  });
  child.on('error', (error) => {
    exited = `the Temporal dev server could not start: ${error.message}`;
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitUntil(() => answers(address), {
      timeoutMs: 120_000,
      intervalMs: 300,
      describe: `Temporal dev server on ${address}`,
      abortIf: () => {
        if (!exited) return undefined;
        let tail = '';
        try {
          tail = readFileSync(options.logFile, 'utf8').split('\n').slice(-15).join('\n');
        } catch {
          // no log yet
        }
        return `${exited}\n${tail}`;
      },
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const uiUrl = options.uiPort === undefined ? undefined : `http://localhost:${options.uiPort}`;
  log(
    `Temporal dev server ready on ${address}${uiUrl ? `, Web UI ${uiUrl}` : ''}` +
      `${options.dbFile ? ` (data ${options.dbFile})` : ''}`,
  );
  const stop = async (): Promise<void> => {
    await stopProcess(child, 'SIGTERM', 20_000);
    if (options.pidFile) removePid(options.pidFile);
  };
  return { address, uiUrl, process: child, logFile: options.logFile, stop };
}
