import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlerOptions, WORKFLOWS_PATH } from './workflow-bundler-options';

/** Bundle smoke test (STYLE convention 15): workflows/index.ts bundles with the shared options. */
describe('workflow bundle', () => {
  it('bundles every workflow with the shared bundler options', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      ...workflowBundlerOptions,
      logger: undefined,
    });
    expect(code).toContain('runtimeProbeWorkflow');
    expect(code.length).toBeGreaterThan(10_000);
  }, 60_000);
});
