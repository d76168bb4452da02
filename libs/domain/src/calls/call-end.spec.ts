import fc from 'fast-check';
import { CALL_STATES } from './call-lifecycle';
import { nextCallEndStep, type CallEndFacts } from './call-end';

const facts = (over: Partial<CallEndFacts>): CallEndFacts => ({
  state: 'DECIDED',
  promotionPending: false,
  reserveListClosed: true,
  fundedWithoutProject: 0,
  redressOpen: 0,
  projectsNotStarted: 0,
  projectsRunning: 2,
  projects: 2,
  ...over,
});

/** Consistent counts: not started ⊆ running ⊆ projects. */
const arbitraryFacts = fc
  .record({
    state: fc.constantFrom(...CALL_STATES),
    promotionPending: fc.boolean(),
    reserveListClosed: fc.boolean(),
    fundedWithoutProject: fc.nat(3),
    redressOpen: fc.nat(2),
    ended: fc.nat(3),
    startedRunning: fc.nat(3),
    projectsNotStarted: fc.nat(3),
  })
  .map(({ ended, startedRunning, ...f }) => ({
    ...f,
    projectsRunning: startedRunning + f.projectsNotStarted,
    projects: ended + startedRunning + f.projectsNotStarted,
  }));

describe('the call’s end (SPEC §4 DECIDED → MONITORING → CLOSED)', () => {
  it('monitors once every project has started and the decision is final, and closes once every project ended', () => {
    expect(nextCallEndStep(facts({ projectsNotStarted: 1 }))).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({}))).toEqual({ kind: 'MONITOR' });
    expect(nextCallEndStep(facts({ state: 'MONITORING' }))).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({ state: 'MONITORING', projectsRunning: 1 }))).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({ state: 'MONITORING', projectsRunning: 0 }))).toEqual({ kind: 'CLOSE' });
    expect(nextCallEndStep(facts({ state: 'CLOSED', projectsRunning: 0 }))).toEqual({ kind: 'DONE' });
  });

  it('waits while the reserve list is open, a promotion awaits the agencies or a funded proposal has no project', () => {
    for (const state of ['DECIDED', 'MONITORING'] as const) {
      for (const over of [
        { reserveListClosed: false },
        { promotionPending: true },
        { fundedWithoutProject: 1 },
        { redressOpen: 1 },
      ]) {
        expect(nextCallEndStep(facts({ state, projectsRunning: 0, ...over }))).toEqual({ kind: 'WAIT' });
      }
    }
  });

  it('closes a decided call that funded nothing once the reserve list is closed', () => {
    const none = { projects: 0, projectsRunning: 0, projectsNotStarted: 0 };
    expect(nextCallEndStep(facts({ ...none, reserveListClosed: false }))).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts(none))).toEqual({ kind: 'CLOSE' });
  });

  it('never closes with a project running, the reserve list open, a promotion pending or a funded proposal unprojected', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        if (nextCallEndStep(f).kind !== 'CLOSE') return;
        expect(f.projectsRunning).toBe(0);
        expect(f.reserveListClosed).toBe(true);
        expect(f.promotionPending).toBe(false);
        expect(f.fundedWithoutProject).toBe(0);
        expect(f.redressOpen).toBe(0);
        expect(['DECIDED', 'MONITORING']).toContain(f.state);
      }),
    );
  });

  it('never monitors before every funded proposal has a started project and the decision is final', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        if (nextCallEndStep(f).kind !== 'MONITOR') return;
        expect(f.state).toBe('DECIDED');
        expect(f.projects).toBeGreaterThan(0);
        expect(f.projectsNotStarted).toBe(0);
        expect(f.fundedWithoutProject).toBe(0);
        expect(f.reserveListClosed).toBe(true);
        expect(f.promotionPending).toBe(false);
        expect(f.redressOpen).toBe(0);
      }),
    );
  });

  it('moves only a DECIDED or MONITORING call, and is DONE exactly when CLOSED', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const step = nextCallEndStep(f).kind;
        if (f.state === 'CLOSED') expect(step).toBe('DONE');
        else if (f.state !== 'DECIDED' && f.state !== 'MONITORING') expect(step).toBe('WAIT');
        else expect(step).not.toBe('DONE');
      }),
    );
  });
});
