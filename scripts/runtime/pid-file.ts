import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the first line of a pid file (PostgreSQL's postmaster.pid has the pid first too). */
export function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function writePid(file: string, pid: number): void {
  writeFileSync(file, `${pid}\n`);
}

export function removePid(file: string): void {
  rmSync(file, { force: true });
}

/**
 * Stops a server that an earlier run left behind (the runner was killed with SIGKILL and could not
 * stop it): sends `signal` to the pid in `file` and waits until it is gone.
 */
export async function stopLeftover(
  file: string,
  signal: NodeJS.Signals,
  expectCommand: string,
  log: (line: string) => void,
): Promise<void> {
  const pid = readPid(file);
  if (pid === undefined || !isAlive(pid)) return;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!cmdline.includes(expectCommand)) return;
  log(`stopping a server left running by an earlier start (pid ${pid})`);
  process.kill(pid, signal);
  const deadline = Date.now() + 30_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
