import fc from 'fast-check';
import { CALL_STATES } from './call-lifecycle';
import { callEndWakeAt, nextCallEndStep, type CallEndFacts } from './call-end';

const NOW = Date.parse('2027-03-01T12:00:00Z');
const DAY = 86_400_000;

const facts = (over: Partial<CallEndFacts>): CallEndFacts => ({
  state: 'DECIDED',
  promotionPending: false,
  reserveListClosed: true,
  fundedWithoutProject: 0,
  redressOpen: 0,
  projectsNotStarted: 0,
  projectsRunning: 2,
  projects: 2,
  redressWindowClosesAt: null,
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
    redressWindowClosesAt: fc.constantFrom(null, new Date(NOW - DAY).toISOString(), new Date(NOW + DAY).toISOString()),
  })
  .map(({ ended, startedRunning, ...f }) => ({
    ...f,
    projectsRunning: startedRunning + f.projectsNotStarted,
    projects: ended + startedRunning + f.projectsNotStarted,
  }));

describe('the call’s end (SPEC §4 DECIDED → MONITORING → CLOSED)', () => {
  it('monitors once every project has started and the decision is final, and closes once every project ended', () => {
    expect(nextCallEndStep(facts({ projectsNotStarted: 1 }), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({}), NOW)).toEqual({ kind: 'MONITOR' });
    expect(nextCallEndStep(facts({ state: 'MONITORING' }), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({ state: 'MONITORING', projectsRunning: 1 }), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({ state: 'MONITORING', projectsRunning: 0 }), NOW)).toEqual({ kind: 'CLOSE' });
    expect(nextCallEndStep(facts({ state: 'CLOSED', projectsRunning: 0 }), NOW)).toEqual({ kind: 'DONE' });
  });

  it('waits while the reserve list is open, a promotion awaits the agencies or a funded proposal has no project', () => {
    for (const state of ['DECIDED', 'MONITORING'] as const) {
      for (const over of [
        { reserveListClosed: false },
        { promotionPending: true },
        { fundedWithoutProject: 1 },
        { redressOpen: 1 },
      ]) {
        expect(nextCallEndStep(facts({ state, projectsRunning: 0, ...over }), NOW)).toEqual({ kind: 'WAIT' });
      }
    }
  });

  it('waits while a proposal can still file a redress request (V9), and wakes when the last window closes', () => {
    const open = { redressWindowClosesAt: new Date(NOW + DAY).toISOString() };
    const closed = { redressWindowClosesAt: new Date(NOW).toISOString() };
    const none = { projects: 0, projectsRunning: 0, projectsNotStarted: 0 };
    expect(nextCallEndStep(facts(open), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts({ ...none, ...open }), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts(closed), NOW)).toEqual({ kind: 'MONITOR' });
    expect(nextCallEndStep(facts({ ...none, ...closed }), NOW)).toEqual({ kind: 'CLOSE' });
    expect(callEndWakeAt(facts(open), NOW)).toBe(NOW + DAY);
    expect(callEndWakeAt(facts(closed), NOW)).toBeNull();
    expect(callEndWakeAt(facts({ ...open, state: 'MONITORING' }), NOW)).toBeNull();
    // Facts read before the window existed (a replayed history) carry none.
    const { redressWindowClosesAt: _absent, ...legacy } = facts({});
    expect(nextCallEndStep(legacy, NOW)).toEqual({ kind: 'MONITOR' });
  });

  it('closes a decided call that funded nothing once the reserve list is closed', () => {
    const none = { projects: 0, projectsRunning: 0, projectsNotStarted: 0 };
    expect(nextCallEndStep(facts({ ...none, reserveListClosed: false }), NOW)).toEqual({ kind: 'WAIT' });
    expect(nextCallEndStep(facts(none), NOW)).toEqual({ kind: 'CLOSE' });
  });

  it('never closes with a project running, the reserve list open, a promotion pending or a funded proposal unprojected', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        if (nextCallEndStep(f, NOW).kind !== 'CLOSE') return;
        expect(f.projectsRunning).toBe(0);
        expect(f.reserveListClosed).toBe(true);
        expect(f.promotionPending).toBe(false);
        expect(f.fundedWithoutProject).toBe(0);
        expect(f.redressOpen).toBe(0);
        expect(f.redressWindowClosesAt === null || Date.parse(f.redressWindowClosesAt) <= NOW).toBe(true);
        expect(['DECIDED', 'MONITORING']).toContain(f.state);
      }),
    );
  });

  it('never monitors before every funded proposal has a started project and the decision is final', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        if (nextCallEndStep(f, NOW).kind !== 'MONITOR') return;
        expect(f.state).toBe('DECIDED');
        expect(f.projects).toBeGreaterThan(0);
        expect(f.projectsNotStarted).toBe(0);
        expect(f.fundedWithoutProject).toBe(0);
        expect(f.reserveListClosed).toBe(true);
        expect(f.promotionPending).toBe(false);
        expect(f.redressOpen).toBe(0);
        expect(f.redressWindowClosesAt === null || Date.parse(f.redressWindowClosesAt) <= NOW).toBe(true);
      }),
    );
  });

  it('moves only a DECIDED or MONITORING call, and is DONE exactly when CLOSED', () => {
    fc.assert(
      fc.property(arbitraryFacts, (f) => {
        const step = nextCallEndStep(f, NOW).kind;
        if (f.state === 'CLOSED') expect(step).toBe('DONE');
        else if (f.state !== 'DECIDED' && f.state !== 'MONITORING') expect(step).toBe('WAIT');
        else expect(step).not.toBe('DONE');
      }),
    );
  });
});
