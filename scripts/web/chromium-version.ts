/**
 * Playwright drives Debian's Chromium, not the browser its release was built for: the two majors must
 * match (SPEC §10), or the protocol may differ in ways that fail tests for no reason of ours.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The major version in `chromium --version` ("Chromium 156.0.8078.114 built on Debian …") or a bare version. */
export function majorOf(version: string): number {
  const match = /(\d+)\.\d+\.\d+/.exec(version);
  if (!match) throw new Error(`no Chromium version in "${version.trim()}"`);
  return Number(match[1]);
}

/** The Chromium version the installed Playwright release was built for (its playwright-core's browsers.json). */
export function expectedChromium(browsersJson: string): string {
  const browsers = (JSON.parse(browsersJson) as { browsers: Array<{ name: string; browserVersion?: string }> })
    .browsers;
  const chromium = browsers.find((b) => b.name === 'chromium');
  if (!chromium?.browserVersion) throw new Error('browsers.json has no chromium entry with a browserVersion');
  return chromium.browserVersion;
}

/** Undefined when the majors match; otherwise what to do about it. */
export function chromiumMismatch(installed: string, expected: string): string | undefined {
  const have = majorOf(installed);
  const want = majorOf(expected);
  if (have === want) return undefined;
  return (
    `Chromium ${have} is installed but Playwright expects Chromium ${want}: ` +
    `bump @playwright/test to the release built for Chromium ${have}, or install chromium ${want}`
  );
}

export function chromiumPath(): string {
  return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
}

/** Throws with the remedy when the installed Chromium and the Playwright release disagree. */
export function assertChromiumMatchesPlaywright(executable = chromiumPath()): { installed: number; expected: number } {
  // stderr ignored: Debian's wrapper script prints shell noise there.
  const installed = execFileSync(executable, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const expected = expectedChromium(
    readFileSync(path.join(path.dirname(require.resolve('playwright-core')), 'browsers.json'), 'utf8'),
  );
  const problem = chromiumMismatch(installed, expected);
  if (problem) throw new Error(problem);
  return { installed: majorOf(installed), expected: majorOf(expected) };
}
