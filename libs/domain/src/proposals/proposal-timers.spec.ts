import fc from 'fast-check';
import { REDRESS_WINDOW_MS } from '../evaluation/redress';
import { PROPOSAL_STATES } from './proposal-model';
import {
  isProposalFinal,
  nextProposalTimerStep,
  REDRESS_WINDOW_GRACE_MS,
  type ProposalTimerFacts,
} from './proposal-timers';

const NOW = Date.parse('2027-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const facts = (over: Partial<ProposalTimerFacts>): ProposalTimerFacts => ({
  state: 'ELIGIBILITY_CHECK',
  eligibilityDueAt: [],
  resultIssuedAt: null,
  redress: 'NONE',
  submissionsClosed: true,
  stageOver: false,
  callEnded: false,
  ...over,
});

const arbitraryFacts = fc.record({
  state: fc.constantFrom(...PROPOSAL_STATES, null),
  eligibilityDueAt: fc.array(
    fc.integer({ min: -40, max: 40 }).map((d) => iso(NOW + d * DAY)),
    { maxLength: 4 },
  ),
  resultIssuedAt: fc.option(fc.integer({ min: -60, max: 0 }).map((d) => iso(NOW + d * DAY))),
  redress: fc.constantFrom('NONE' as const, 'FILED' as const, 'DECIDED' as const),
  submissionsClosed: fc.boolean(),
  stageOver: fc.boolean(),
  callEnded: fc.boolean(),
});

describe('the proposal workflow’s timers (SPEC R2, V9)', () => {
  it('escalates the earliest regional decision that is due, and waits for the next one otherwise', () => {
    const due = [iso(NOW + 3 * DAY), iso(NOW - DAY), iso(NOW - 2 * DAY)];
    expect(nextProposalTimerStep(facts({ eligibilityDueAt: due }), NOW)).toEqual({
      kind: 'ESCALATE',
      at: iso(NOW - 2 * DAY),
    });
    expect(nextProposalTimerStep(facts({ eligibilityDueAt: [iso(NOW + 3 * DAY), iso(NOW + DAY)] }), NOW)).toEqual({
      kind: 'WAIT',
      until: iso(NOW + DAY),
    });
    // Everything escalated: the proposal waits in ELIGIBILITY_CHECK — it never passes silently.
    expect(nextProposalTimerStep(facts({ eligibilityDueAt: [] }), NOW)).toEqual({ kind: 'WAIT', until: null });
  });

  it('keeps a final proposal until its 30-day redress window (and the grace) is over', () => {
    const resultIssuedAt = iso(NOW - 10 * DAY);
    const windowOver = Date.parse(resultIssuedAt) + REDRESS_WINDOW_MS + REDRESS_WINDOW_GRACE_MS;
    expect(nextProposalTimerStep(facts({ state: 'INELIGIBLE', resultIssuedAt }), NOW)).toEqual({
      kind: 'WAIT',
      until: iso(windowOver),
    });
    expect(nextProposalTimerStep(facts({ state: 'INELIGIBLE', resultIssuedAt }), windowOver)).toEqual({
      kind: 'COMPLETE',
    });
    expect(nextProposalTimerStep(facts({ state: 'INELIGIBLE', resultIssuedAt }), windowOver - 1).kind).toBe('WAIT');
    // A filed request is waited for past the window: its outcome may re-open the proposal.
    expect(
      nextProposalTimerStep(facts({ state: 'BELOW_THRESHOLD', resultIssuedAt, redress: 'FILED' }), NOW + 60 * DAY),
    ).toEqual({ kind: 'WAIT', until: null });
    // One request per stage: once decided, nothing more can come.
    expect(nextProposalTimerStep(facts({ state: 'BELOW_THRESHOLD', resultIssuedAt, redress: 'DECIDED' }), NOW)).toEqual(
      {
        kind: 'COMPLETE',
      },
    );
  });

  it('knows which states end the lifecycle', () => {
    expect(isProposalFinal(facts({ state: 'WITHDRAWN', submissionsClosed: false }))).toBe(false);
    expect(isProposalFinal(facts({ state: 'WITHDRAWN', submissionsClosed: true }))).toBe(true);
    expect(isProposalFinal(facts({ state: 'RANKED' }))).toBe(false);
    expect(isProposalFinal(facts({ state: 'RANKED', stageOver: true }))).toBe(true);
    expect(isProposalFinal(facts({ state: 'IN_REVIEW', callEnded: true }))).toBe(true);
    for (const state of ['INELIGIBLE', 'BELOW_THRESHOLD', 'NOT_FUNDED', 'FUNDED'] as const)
      expect(isProposalFinal(facts({ state }))).toBe(true);
    expect(nextProposalTimerStep(facts({ state: null }), NOW)).toEqual({ kind: 'COMPLETE' });
  });

  it('never completes a proposal that is not final, and never escalates before a due date', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const step = nextProposalTimerStep(f, NOW);
        if (step.kind === 'COMPLETE') expect(isProposalFinal(f)).toBe(true);
        if (step.kind === 'ESCALATE') {
          expect(f.state).toBe('ELIGIBILITY_CHECK');
          expect(f.eligibilityDueAt).toContain(step.at);
          expect(Date.parse(step.at)).toBeLessThanOrEqual(NOW);
        }
        if (step.kind === 'WAIT' && step.until !== null) expect(Date.parse(step.until)).toBeGreaterThan(NOW);
      }),
    );
  });

  it('completes a final proposal without a filed request no sooner than its window closes', () => {
    fc.assert(
      fc.property(arbitraryFacts, fc.integer({ min: 0, max: 40 * DAY }), (f, later) => {
        const step = nextProposalTimerStep(f, NOW + later);
        const waitsForRedress = f.state !== null && !f.callEnded && f.redress === 'NONE' && f.resultIssuedAt !== null;
        if (step.kind === 'COMPLETE' && waitsForRedress)
          expect(NOW + later).toBeGreaterThanOrEqual(Date.parse(f.resultIssuedAt!) + REDRESS_WINDOW_MS);
      }),
    );
  });
});
