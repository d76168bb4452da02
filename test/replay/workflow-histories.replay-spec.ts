import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayHistoriesIterable } from '@temporalio/worker';
import { installWorkerRuntime, workerInterceptors, workflowBundlerOptions, WORKFLOWS_PATH } from '@app/temporal';
import { REPLAY_HISTORY_NAMES } from './replay-scenarios';

const HISTORIES_DIR = path.join(__dirname, 'histories');

function committedHistories(): Array<{ workflowId: string; history: ReturnType<typeof historyFromJSON> }> {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
}

async function* asIterable(items: ReturnType<typeof committedHistories>): ReplayHistoriesIterable {
  for (const item of items) yield item;
}

/** Every committed workflow history replays against today's workflow code: a determinism violation fails CI. */
describe('replay of committed workflow histories', () => {
  beforeAll(() => installWorkerRuntime());

  it('has a committed history for every replay scenario', () => {
    const names = committedHistories().map((h) => h.workflowId);
    expect([...names].sort()).toEqual([...REPLAY_HISTORY_NAMES].sort());
  });

  it('replays every history against workflows/index.ts without a determinism violation', async () => {
    const histories = committedHistories();
    expect(histories.length).toBeGreaterThan(0);
    const results = [];
    for await (const result of Worker.runReplayHistories(
      {
        workflowsPath: WORKFLOWS_PATH,
        bundlerOptions: workflowBundlerOptions,
        interceptors: workerInterceptors,
        replayName: 'committed-histories',
      },
      asIterable(histories),
    )) {
      results.push(result);
    }
    expect(results.map((r) => ({ workflowId: r.workflowId, error: r.error }))).toEqual(
      histories.map((h) => ({ workflowId: h.workflowId, error: undefined })),
    );
  }, 120_000);

  it('fails on an incompatible change of the workflow code (negative control)', async () => {
    const first = committedHistories().find((h) => h.workflowId === 'runtime-probe-immediate')!;
    await expect(
      Worker.runReplayHistory(
        {
          workflowsPath: path.join(__dirname, 'fixtures', 'incompatible-runtime-probe.workflows.ts'),
          bundlerOptions: workflowBundlerOptions,
          replayName: 'incompatible-change',
        },
        first.history,
        first.workflowId,
      ),
    ).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 120_000);
});
