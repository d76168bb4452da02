/**
 * Writes the prebuilt workflow bundle (`dist/workflow-bundle.js`) with the shared bundler options.
 * Production workers load it through WORKFLOW_BUNDLE_PATH instead of bundling at start.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTORS_PATH, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'workflow-bundle.js'));
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
    ...workflowBundlerOptions,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB) from ${WORKFLOWS_PATH}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
