import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/**
 * The workflow bundler ignores tsconfig `paths` (STYLE convention 8). Every bundling call — the
 * worker, the tests, `scripts/bundle-workflows.ts` — takes its options from here, so that the aliases
 * workflows may use (`@app/contracts`, `@app/domain`; nothing else) resolve the same everywhere.
 * Paths are relative to this file, so they work from the sources and from the compiled `dist/`.
 */
const ROOT = path.resolve(__dirname, '..', '..', '..');

function resolveModule(withoutExtension: string): string {
  for (const ext of ['.ts', '.js']) {
    if (existsSync(withoutExtension + ext)) return withoutExtension + ext;
  }
  throw new Error(`Cannot find ${withoutExtension}.ts or .js`);
}

/** The single entry file that exports every workflow. */
export const WORKFLOWS_PATH = resolveModule(path.join(ROOT, 'workflows', 'index'));

export const WORKFLOW_ALIASES: Record<string, string> = {
  '@app/contracts': path.join(ROOT, 'libs', 'contracts', 'src'),
  '@app/domain': path.join(ROOT, 'libs', 'domain', 'src'),
};

type WebpackConfigHook = NonNullable<BundleOptions['webpackConfigHook']>;

export const workflowWebpackConfigHook: WebpackConfigHook = (config) => {
  const existing = (config.resolve?.alias ?? {}) as Record<string, string>;
  return { ...config, resolve: { ...config.resolve, alias: { ...existing, ...WORKFLOW_ALIASES } } };
};

/** Options for `bundleWorkflowCode`, `Worker.create({ workflowsPath, bundlerOptions })` and replay. */
export const workflowBundlerOptions: Pick<BundleOptions, 'webpackConfigHook'> = {
  webpackConfigHook: workflowWebpackConfigHook,
};
