import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { run } from './process-tools';

/** The newest modification time of any file under `dir` (skipping node_modules). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web application into `dist/web` unless the build there is newer than every source it came
 * from (the app, its generated API types and catalogs, and the lock file), so that a second `npm start`
 * does not pay for it again. Returns whether it built.
 */
export async function ensureWebBuild(root: string, log: (line: string) => void): Promise<boolean> {
  const stamp = path.join(root, 'dist', 'web', '.build-stamp');
  const sources = Math.max(
    newestMtime(path.join(root, 'apps', 'web')),
    statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  if (
    existsSync(stamp) &&
    Number(readFileSync(stamp, 'utf8')) >= sources &&
    existsSync(path.join(root, 'dist', 'web', 'index.html'))
  ) {
    return false;
  }
  log('building the web application (npm run build:web)');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['run', '--silent', 'build:web'], { cwd: root });
  writeFileSync(stamp, String(sources));
  return true;
}
