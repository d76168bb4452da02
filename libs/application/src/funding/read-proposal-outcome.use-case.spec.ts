import type { Principal } from '@app/common';
import { ReadProposalOutcomeUseCase } from './read-proposal-outcome.use-case';

/**
 * The outcome's evaluation report names each criterion's weight from the call's configuration. When the
 * configuration cannot give the stage's criteria, that is a broken invariant to surface (logged as a 500
 * by the edge), never a report that silently drops the weights.
 */
describe('ReadProposalOutcomeUseCase evaluation report weights', () => {
  const coordinator = 'org-1';
  const user = {
    userId: 'user-1',
    grants: [{ role: 'APPLICANT', organisationId: coordinator }],
  } as unknown as Principal;
  const criteria = [
    { name: 'Excellence', weight: 50, threshold: 3 },
    { name: 'Impact', weight: 50, threshold: 3 },
  ];

  function useCase(configuration: Record<string, unknown>, stageNo: number) {
    const tx = {};
    const uow = { read: (work: (t: object) => unknown) => work(tx) };
    const proposals = {
      find: async () => ({
        id: 'p-1',
        callId: 'call-1',
        state: 'NOT_FUNDED',
        stageNo,
        coordinatorOrganisationId: coordinator,
        content: { acronym: 'ONE', title: 'One' },
      }),
    };
    const calls = { find: async () => ({ id: 'call-1', configuration }) };
    const evaluations = {
      find: async () => ({
        consensus: [
          { criterion: 'Excellence', score: 4, comment: 'Clear.' },
          { criterion: 'Impact', score: 3.5, comment: 'Plausible.' },
        ],
        weightedTotal: '3.75',
        unweightedSum: '7.5',
        reasons: [],
        outcome: 'ABOVE_THRESHOLD',
      }),
    };
    const decisions = {
      firstDecidedAt: async () => new Date('2027-05-01T10:00:00Z'),
      approvedEntryOf: async () => ({ decisionId: 'd-1', rank: 3, outcome: 'NOT_FUNDED', amounts: [], reasons: null }),
    };
    const reads = { consortium: async () => [coordinator], grants: async () => [], approvalConditions: async () => [] };
    return new ReadProposalOutcomeUseCase(
      uow as never,
      proposals as never,
      calls as never,
      evaluations as never,
      decisions as never,
      reads as never,
      {} as never,
    );
  }

  it('gives each criterion its weight', async () => {
    const view = await useCase({ stages: 1, criteria, overallThreshold: 6 }, 1).execute({ user, proposalId: 'p-1' });
    expect(view.status === 'DECIDED' && view.report?.criteria.map((c) => [c.criterion, c.weight])).toEqual([
      ['Excellence', 50],
      ['Impact', 50],
    ]);
  });

  it('surfaces a configuration that cannot give the stage’s criteria instead of dropping the weights', async () => {
    // A two-stage call without stage-1 criteria cannot have scored a stage-1 proposal.
    await expect(
      useCase({ stages: 2, criteria, overallThreshold: 6 }, 1).execute({ user, proposalId: 'p-1' }),
    ).rejects.toMatchObject({ code: 'STAGE1_CRITERIA_REQUIRED' });
  });
});
