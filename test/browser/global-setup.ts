/**
 * Before the browser tests: checks that Debian's Chromium and the Playwright release share a major,
 * then starts the real engine (test/browser/engine/start-engine.ts) in a child process and hands its
 * addresses to the tests through the environment. Returns the teardown that stops it.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { assertChromiumMatchesPlaywright } from '../../scripts/web/chromium-version';

const ROOT = path.resolve(__dirname, '..', '..');
const READY = 'ACIE_BROWSER_ENGINE ';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { installed } = assertChromiumMatchesPlaywright();
  process.stderr.write(`[browser-setup] Chromium ${installed} matches Playwright; starting the engine\n`);
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(ROOT, 'test/browser/engine/start-engine.ts')],
    {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const engine = await new Promise<{
    baseURL: string;
    apiURL: string;
    mailDir: string;
    databaseURL: string;
    temporalAddress: string;
  }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the engine did not start in 5 minutes:\n${output.slice(-4000)}`)),
      300_000,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith(READY));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY.length)));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.ACIE_BROWSER_ENGINE_LOG) process.stderr.write(chunk);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the engine exited with ${code}:\n${output.slice(-4000)}`));
    });
  });
  process.env.ACIE_BASE_URL = engine.baseURL;
  process.env.ACIE_API_URL = engine.apiURL;
  process.env.ACIE_MAIL_DIR = engine.mailDir;
  process.env.ACIE_DATABASE_URL = engine.databaseURL;
  process.env.ACIE_TEMPORAL_ADDRESS = engine.temporalAddress;
  process.stderr.write(`[browser-setup] engine ready: pages ${engine.baseURL}, API ${engine.apiURL}\n`);
  return async () => {
    child.removeAllListeners('exit');
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
  };
}
