import { Logger } from '@nestjs/common';
import type { AssignmentProgress } from '@app/domain';
import { RunAutoAssignmentUseCase, type AssignmentSolve } from './run-auto-assignment.use-case';

/** The job's progress is saved on the side while the solver runs; a failed save is neither fatal nor silent. */
describe('RunAutoAssignmentUseCase progress saves', () => {
  afterEach(() => jest.restoreAllMocks());

  function useCase(saveProgress: jest.Mock) {
    const job = { id: 'job-1', callId: 'call-1', status: 'RUNNING', parameters: { stageNo: 1 } };
    const tx = {};
    const uow = { read: (work: (t: object) => unknown) => work(tx), run: (work: (t: object) => unknown) => work(tx) };
    const jobs = { find: async () => job, transitionToRunning: async () => undefined, saveProgress };
    const calls = { find: async () => ({ state: 'IN_EVALUATION', configuration: { reviewersPerProposal: 2 } }) };
    const assignments = {
      assignmentProposals: async () => [],
      liveLoads: async () => ({}),
      offeredPairs: async () => [],
    };
    const pool = { loadAssignmentPool: async () => [] };
    const none = {} as never;
    return new RunAutoAssignmentUseCase(
      uow as never,
      jobs as never,
      calls as never,
      none,
      assignments as never,
      pool as never,
      none,
      none,
      none,
      none,
    );
  }

  /** A solver that reports the given progress, then stops (the rest of the job is not under test here). */
  const reporting =
    (...reports: AssignmentProgress[]): AssignmentSolve =>
    async (_problem, onProgress) => {
      for (const report of reports) {
        onProgress(report);
        await new Promise((resolve) => setImmediate(resolve));
      }
      throw new Error('solver stopped by the test');
    };

  it('logs a failed save with the job and its error, and saves again at the next report', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const saveProgress = jest
      .fn()
      .mockRejectedValueOnce(new Error('connection terminated'))
      .mockResolvedValue(undefined);
    await expect(
      useCase(saveProgress).execute(
        { jobId: 'job-1', at: '2027-01-01T00:00:00Z' },
        reporting({ phase: 'candidates', done: 1, total: 10 }, { phase: 'solving', done: 2, total: 10 }),
      ),
    ).rejects.toThrow('solver stopped by the test');
    // The second report comes well within the save interval: it is saved because the first save failed.
    expect(saveProgress).toHaveBeenCalledTimes(2);
    expect(saveProgress.mock.calls[1][2]).toEqual({ phase: 'solving', done: 2, total: 10 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/job-1.*connection terminated/));
  });

  it('saves at most once a second while saves succeed', async () => {
    const saveProgress = jest.fn().mockResolvedValue(undefined);
    await expect(
      useCase(saveProgress).execute(
        { jobId: 'job-1', at: '2027-01-01T00:00:00Z' },
        reporting({ phase: 'candidates', done: 1, total: 10 }, { phase: 'solving', done: 2, total: 10 }),
      ),
    ).rejects.toThrow('solver stopped by the test');
    expect(saveProgress).toHaveBeenCalledTimes(1);
  });
});
