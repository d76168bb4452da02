import { AssignmentEvaluator, AssignmentOptions, AssignmentProposal } from './assignment-model';
import { nextBestEvaluator } from './next-best-evaluator';

const proposal: AssignmentProposal = {
  id: 'p1',
  topic: 'AI',
  keywords: ['robotics', 'energy', 'water'],
  organisationIds: ['org-a'],
  regionCodes: ['r1'],
};

function evaluator(id: string, expertise: string[], extra: Partial<AssignmentEvaluator> = {}): AssignmentEvaluator {
  return {
    id,
    expertise,
    organisationId: null,
    regionCode: 'r9',
    country: 'CH',
    maxLoad: 2,
    declaredConflicts: [],
    ...extra,
  };
}

const options: AssignmentOptions = { reviewersPerProposal: 3, excludePartnerRegions: true };
const none = { offeredEvaluatorIds: [], loadByEvaluatorId: {} };

describe('nextBestEvaluator', () => {
  const pool = [
    evaluator('e-full', ['ai', 'robotics', 'energy', 'water'], { maxLoad: 1 }), // 100, full below
    evaluator('e-declined', ['ai', 'robotics', 'energy']), // 75, offered
    evaluator('e-b', ['ai', 'robotics']), // 50
    evaluator('e-a', ['energy', 'water']), // 50, wins the tie by id
    evaluator('e-low', ['ai']), // 25
  ];

  it('returns the highest-affinity candidate with spare load, never offered, ties by evaluator id', () => {
    const next = nextBestEvaluator(proposal, pool, options, {
      offeredEvaluatorIds: ['e-declined'],
      loadByEvaluatorId: { 'e-full': 1 },
    });
    expect(next).toEqual({ evaluatorId: 'e-a', affinity: 50, reason: "affinity 50: shares 'energy', 'water'" });
  });

  it('takes the best one when nobody was offered and loads are free', () => {
    expect(nextBestEvaluator(proposal, pool, options, none)).toMatchObject({ evaluatorId: 'e-full', affinity: 100 });
  });

  it('does not depend on the order of the evaluators', () => {
    const state = { offeredEvaluatorIds: ['e-declined', 'e-a'], loadByEvaluatorId: { 'e-full': 1 } };
    const forward = nextBestEvaluator(proposal, pool, options, state);
    expect(nextBestEvaluator(proposal, [...pool].reverse(), options, state)).toEqual(forward);
    expect(forward).toMatchObject({ evaluatorId: 'e-b' });
  });

  it('never proposes a conflicted evaluator, however good their affinity', () => {
    const conflicted = [
      evaluator('c-org', ['ai', 'robotics', 'energy', 'water'], { organisationId: 'org-a' }),
      evaluator('c-declared', ['ai', 'robotics', 'energy', 'water'], { declaredConflicts: ['p1'] }),
      evaluator('c-region', ['ai', 'robotics', 'energy', 'water'], { regionCode: 'r1' }),
      evaluator('ok', []),
    ];
    expect(nextBestEvaluator(proposal, conflicted, options, none)).toMatchObject({ evaluatorId: 'ok', affinity: 0 });
    expect(
      nextBestEvaluator(proposal, conflicted, options, { offeredEvaluatorIds: ['ok'], loadByEvaluatorId: {} }),
    ).toEqual({
      evaluatorId: null,
      reason: 'NO_CANDIDATE_LEFT',
    });
  });

  it('allows a partner-region evaluator when the call does not exclude partner regions', () => {
    const pool2 = [evaluator('c-region', ['ai'], { regionCode: 'r1' })];
    expect(nextBestEvaluator(proposal, pool2, { ...options, excludePartnerRegions: false }, none)).toMatchObject({
      evaluatorId: 'c-region',
    });
  });

  it('looks only among the best K candidates of the candidate graph', () => {
    const next = nextBestEvaluator(
      proposal,
      pool,
      { ...options, candidatesPerProposal: 2 },
      {
        offeredEvaluatorIds: ['e-declined'],
        loadByEvaluatorId: { 'e-full': 1 },
      },
    );
    expect(next).toEqual({ evaluatorId: null, reason: 'NO_CANDIDATE_LEFT' });
  });

  it('reports NO_CANDIDATE_LEFT when every candidate is offered or full, or the pool is empty', () => {
    const state = {
      offeredEvaluatorIds: ['e-declined', 'e-a', 'e-b'],
      loadByEvaluatorId: { 'e-full': 1, 'e-low': 2 },
    };
    expect(nextBestEvaluator(proposal, pool, options, state)).toEqual({
      evaluatorId: null,
      reason: 'NO_CANDIDATE_LEFT',
    });
    expect(nextBestEvaluator(proposal, [], options, none)).toEqual({ evaluatorId: null, reason: 'NO_CANDIDATE_LEFT' });
  });
});
