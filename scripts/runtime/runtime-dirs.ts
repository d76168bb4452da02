import { mkdirSync, chmodSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RuntimeConfig } from '@app/config';

export interface RuntimeDirs {
  /** Binaries built or fetched once and reused by every clone: PostgreSQL copy, Temporal CLI, Java test server. */
  cacheDir: string;
  /** Persistent data of the embedded servers for `npm start`. */
  dataDir: string;
}

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Where the runtime keeps what must outlive a clone. As root (CI, this machine) the defaults are
 * system folders that the `postgres` user can traverse — a root home directory or a private temporary
 * clone is not reachable by it. Both are overridable with ACIE_CACHE_DIR and ACIE_DATA_DIR.
 */
export function resolveRuntimeDirs(config: RuntimeConfig): RuntimeDirs {
  const home = config.HOME ?? os.homedir();
  const cacheDir =
    config.ACIE_CACHE_DIR ??
    (isRoot() ? '/var/cache/acie' : path.join(config.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'acie'));
  const dataDir =
    config.ACIE_DATA_DIR ??
    (isRoot() ? '/var/lib/acie' : path.join(config.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'acie'));
  return { cacheDir: path.resolve(cacheDir), dataDir: path.resolve(dataDir) };
}

/** Creates a folder that other local users (the `postgres` user) may traverse and read. */
export function ensureSharedDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}
