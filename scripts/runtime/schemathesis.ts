import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { findOnPath, run } from './process-tools';
import { ensureSharedDir } from './runtime-dirs';

/**
 * Schemathesis (the OpenAPI fuzzer, from PyPI) in a Python virtual environment built once into the shared
 * cache: `<cacheDir>/schemathesis/<version>/`, with every dependency pinned by `schemathesis-requirements.txt`.
 * The environment is built in a staging folder and renamed into place, so two runs never see half of one.
 * It is run as `<venv>/bin/python -m schemathesis.cli`: the interpreter finds its environment from its own
 * location, while pip's generated scripts would keep the staging folder's path in their first line.
 */
export const SCHEMATHESIS_VERSION = '4.32.5';

const REQUIREMENTS = path.join(__dirname, 'schemathesis-requirements.txt');

export interface LocateSchemathesisOptions {
  cacheDir: string;
  pathVar?: string;
  log?: (line: string) => void;
}

export function cachedSchemathesisPython(cacheDir: string): string {
  return path.join(cacheDir, 'schemathesis', SCHEMATHESIS_VERSION, 'bin', 'python');
}

/** The command (interpreter and module arguments) that runs the cached schemathesis CLI, building it if missing. */
export async function locateSchemathesis(
  options: LocateSchemathesisOptions,
): Promise<{ command: string; args: string[] }> {
  const log = options.log ?? (() => undefined);
  const python = cachedSchemathesisPython(options.cacheDir);
  const targetDir = path.dirname(path.dirname(python));
  const marker = path.join(targetDir, '.complete');
  const command = { command: python, args: ['-m', 'schemathesis.cli'] };
  if (existsSync(marker) && readFileSync(marker, 'utf8') === readFileSync(REQUIREMENTS, 'utf8')) return command;
  const python3 = findOnPath('python3', options.pathVar);
  if (!python3)
    throw new Error(
      'schemathesis is missing and cannot be installed: python3 (3.9 or newer, with venv) is not on PATH',
    );
  ensureSharedDir(path.dirname(targetDir));
  const staging = `${targetDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(staging), { recursive: true });
  log(`installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${targetDir}`);
  try {
    await run(python3, ['-m', 'venv', staging]);
    await run(path.join(staging, 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      '-r',
      REQUIREMENTS,
    ]);
    writeFileSync(path.join(staging, '.complete'), readFileSync(REQUIREMENTS, 'utf8'));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Installing schemathesis ${SCHEMATHESIS_VERSION} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // Another run may have finished first: its environment is as good as ours.
  if (existsSync(marker)) {
    rmSync(staging, { recursive: true, force: true });
    return command;
  }
  rmSync(targetDir, { recursive: true, force: true });
  try {
    renameSync(staging, targetDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(marker)) throw error;
  }
  return command;
}
