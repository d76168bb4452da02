import { DomainError } from '../domain-error';
import { AssignmentEvaluator, AssignmentProposal } from './assignment-model';
import { buildCandidates } from './candidate-graph';

const proposal = (id: string, over: Partial<AssignmentProposal> = {}): AssignmentProposal => ({
  id,
  topic: 'robotics',
  keywords: ['ai', 'energy'],
  organisationIds: ['org-a'],
  regionCodes: ['CH-ZH'],
  ...over,
});

const evaluator = (id: string, over: Partial<AssignmentEvaluator> = {}): AssignmentEvaluator => ({
  id,
  expertise: ['robotics'],
  organisationId: null,
  regionCode: 'DE-BY',
  country: 'DE',
  maxLoad: 3,
  declaredConflicts: [],
  ...over,
});

const options = { reviewersPerProposal: 2, excludePartnerRegions: false };

describe('buildCandidates', () => {
  it('drops the consortium organisations and declared conflicts, and partner regions only when asked', () => {
    const evaluators = [
      evaluator('e1', { organisationId: 'org-a' }),
      evaluator('e2', { declaredConflicts: ['p1'] }),
      evaluator('e3', { regionCode: 'CH-ZH' }),
      evaluator('e4'),
    ];
    const ids = (exclude: boolean): string[] =>
      buildCandidates([proposal('p1')], evaluators, { ...options, excludePartnerRegions: exclude })[0].candidates.map(
        (c) => c.evaluatorId,
      );
    expect(ids(false)).toEqual(['e3', 'e4']);
    expect(ids(true)).toEqual(['e4']);
  });

  it('keeps the best K by affinity, ties by evaluator id, whatever the input order', () => {
    const evaluators = [
      evaluator('e9', { expertise: ['robotics'] }),
      evaluator('e2', { expertise: ['ai', 'energy', 'robotics'] }),
      evaluator('e5', { expertise: ['robotics'] }),
      evaluator('e1', { expertise: [] }),
      evaluator('e3', { expertise: ['ai'] }),
    ];
    const run = (list: AssignmentEvaluator[]) =>
      buildCandidates([proposal('p1')], list, { ...options, candidatesPerProposal: 3 })[0].candidates;
    expect(run(evaluators).map((c) => [c.evaluatorId, c.affinity])).toEqual([
      ['e2', 100],
      ['e3', 33],
      ['e5', 33],
    ]);
    expect(run([...evaluators].reverse())).toEqual(run(evaluators));
    expect(run(evaluators)[0].sharedTerms).toEqual(['robotics', 'ai', 'energy']);
  });

  it('defaults K to 50', () => {
    const many = Array.from({ length: 60 }, (_, i) => evaluator(`e${String(i).padStart(2, '0')}`));
    expect(buildCandidates([proposal('p1')], many, options)[0].candidates).toHaveLength(50);
  });

  it('says why a proposal has fewer candidates than reviewers per proposal', () => {
    expect(buildCandidates([proposal('p1')], [], options)[0].shortfall).toBe('NO_EVALUATORS');
    expect(buildCandidates([proposal('p1')], [evaluator('e1', { organisationId: 'org-a' })], options)[0].shortfall).toBe(
      'ALL_CONFLICTED',
    );
    expect(buildCandidates([proposal('p1')], [evaluator('e1')], options)[0].shortfall).toBe('TOO_FEW_CANDIDATES');
    expect(
      buildCandidates([proposal('p1')], [evaluator('e1'), evaluator('e2')], { ...options, candidatesPerProposal: 1 })[0]
        .shortfall,
    ).toBe('TOO_FEW_CANDIDATES');
    expect(buildCandidates([proposal('p1')], [evaluator('e1'), evaluator('e2')], options)[0].shortfall).toBeUndefined();
  });

  it('returns proposals sorted by id', () => {
    expect(buildCandidates([proposal('p2'), proposal('p1')], [], options).map((p) => p.proposalId)).toEqual(['p1', 'p2']);
  });

  it('refuses duplicate ids and invalid counts', () => {
    expect(() => buildCandidates([proposal('p1'), proposal('p1')], [], options)).toThrow(DomainError);
    expect(() => buildCandidates([], [evaluator('e1'), evaluator('e1')], options)).toThrow(/duplicate evaluator id 'e1'/);
    expect(() => buildCandidates([], [evaluator('e1', { maxLoad: -1 })], options)).toThrow(/maxLoad/);
    expect(() => buildCandidates([], [], { ...options, reviewersPerProposal: 1.5 })).toThrow(/reviewersPerProposal/);
    expect(() => buildCandidates([], [], { ...options, candidatesPerProposal: -1 })).toThrow(/candidatesPerProposal/);
  });
});
