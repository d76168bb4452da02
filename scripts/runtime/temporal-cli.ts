import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { findOnPath, run } from './process-tools';
import { ensureSharedDir } from './runtime-dirs';

/** The newest tag `go install` accepts (later tags carry a `replace` directive). Pure Go, no cgo. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export interface TemporalCliLocation {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';
}

export interface LocateTemporalCliOptions {
  cacheDir: string;
  explicitPath?: string;
  pathVar?: string;
  /** Build with Go when nothing is found (default true). */
  build?: boolean;
  log?: (line: string) => void;
}

export function cachedTemporalCliPath(cacheDir: string): string {
  return path.join(cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION, 'temporal');
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, else PATH, else the cache, else `go install` of the
 * pinned version into the cache (minutes, once per machine). Returns undefined when none works and
 * Go is absent — the caller then falls back to the SDK's own download, or says what is missing.
 */
export async function locateTemporalCli(options: LocateTemporalCliOptions): Promise<TemporalCliLocation | undefined> {
  const log = options.log ?? (() => undefined);
  if (options.explicitPath) {
    if (!existsSync(options.explicitPath)) throw new Error(`TEMPORAL_CLI_PATH=${options.explicitPath} does not exist`);
    return { path: options.explicitPath, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal', options.pathVar);
  if (onPath) return { path: onPath, source: 'PATH' };
  const cached = cachedTemporalCliPath(options.cacheDir);
  if (existsSync(cached) && statSync(cached).size > 0) return { path: cached, source: 'cache' };
  if (options.build === false) return undefined;
  const go = findOnPath('go', options.pathVar);
  if (!go) return undefined;

  const targetDir = path.dirname(cached);
  ensureSharedDir(path.dirname(targetDir));
  const staging = `${targetDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${targetDir} (first time only; takes minutes)`);
  const started = Date.now();
  try {
    await run(go, ['install', '-ldflags=-s -w', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      cwd: staging,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Building the Temporal CLI with Go failed: ${(error as Error).message}`, { cause: error });
  }
  rmSync(targetDir, { recursive: true, force: true });
  renameSync(staging, targetDir);
  log(`built the Temporal CLI in ${Math.round((Date.now() - started) / 1000)} s`);
  return { path: cached, source: 'go install' };
}

export const MISSING_TEMPORAL_MESSAGE = [
  'No Temporal server available. Any one of these fixes it:',
  '  - set TEMPORAL_ADDRESS to a running Temporal frontend (host:port);',
  '  - set TEMPORAL_CLI_PATH to a `temporal` CLI binary, or put `temporal` on PATH;',
  `  - install Go, so the project builds \`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}\` into its cache;`,
  '  - allow internet access, so the Temporal SDK downloads its own dev server.',
].join('\n');
