import fc from 'fast-check';
import {
  applyRelease,
  confirmInstalmentPayment,
  instalmentsReleasedBy,
  releasableInstalments,
} from './instalment-release';
import type { MonitoredInstalment, ReleaseEvent, ReleaseFacts } from './instalment-release';
import { checkLedgerInvariants } from './ledger';
import type { LedgerEntry } from './ledger';

const inst = (
  id: string,
  trigger: MonitoredInstalment['trigger'],
  amount: number,
  regionCode = 'ITC4',
  currency = 'EUR',
): MonitoredInstalment => ({ id, regionCode, currency, amount, trigger, state: 'SCHEDULED' });
const schedule: MonitoredInstalment[] = [
  inst('a1', { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, 30_000),
  inst('m1', { kind: 'MILESTONE', milestoneIndex: 1, title: 'Prototype', dueMonth: 12 }, 40_000),
  inst('f1', { kind: 'FINAL_REPORT' }, 30_000),
  inst('a2', { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, 3_000, 'CH02', 'CHF'),
];
const fresh: ReleaseFacts = {
  projectState: 'ACTIVE',
  consortiumAgreementAccepted: false,
  acceptedMilestoneIndexes: [],
  finalReportAccepted: false,
};

describe('instalment release (F4, M4)', () => {
  it(`the accepted consortium agreement releases the advances; a milestone its linked instalments; \
the final report the final ones`, () => {
    const ca = instalmentsReleasedBy(fresh, { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, schedule);
    expect(ca).toMatchObject({ outcome: 'RELEASE', instalmentIds: ['a1', 'a2'] });
    const after = applyRelease(schedule, ca.outcome === 'RELEASE' ? ca.instalmentIds : []);
    expect(after.entries).toEqual([
      { regionCode: 'ITC4', currency: 'EUR', kind: 'RELEASED', amount: 30_000 },
      { regionCode: 'CH02', currency: 'CHF', kind: 'RELEASED', amount: 3_000 },
    ]);
    expect(
      instalmentsReleasedBy(ca.facts, { kind: 'MILESTONE_REPORT_ACCEPTED', milestoneIndex: 0 }, after.instalments),
    ).toMatchObject({ outcome: 'RELEASE', instalmentIds: [] });
    expect(
      instalmentsReleasedBy(ca.facts, { kind: 'MILESTONE_REPORT_ACCEPTED', milestoneIndex: 1 }, after.instalments),
    ).toMatchObject({ outcome: 'RELEASE', instalmentIds: ['m1'] });
    expect(instalmentsReleasedBy(ca.facts, { kind: 'FINAL_REPORT_ACCEPTED' }, after.instalments)).toMatchObject({
      outcome: 'RELEASE',
      instalmentIds: ['f1'],
    });
    // Replayed: nothing twice.
    expect(instalmentsReleasedBy(ca.facts, { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, after.instalments)).toMatchObject(
      { outcome: 'RELEASE', instalmentIds: [] },
    );
  });

  it('nothing before the consortium agreement; earned instalments follow the advance when it is accepted', () => {
    const early = instalmentsReleasedBy(fresh, { kind: 'MILESTONE_REPORT_ACCEPTED', milestoneIndex: 1 }, schedule);
    expect(early).toMatchObject({ outcome: 'REFUSED', code: 'CONSORTIUM_AGREEMENT_NOT_ACCEPTED' });
    expect(early.facts.acceptedMilestoneIndexes).toEqual([1]);
    expect(instalmentsReleasedBy(early.facts, { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, schedule)).toMatchObject({
      outcome: 'RELEASE',
      instalmentIds: ['a1', 'm1', 'a2'],
    });
  });

  it('a terminated, suspended or completed project releases nothing', () => {
    for (const projectState of ['TERMINATED', 'SUSPENDED', 'COMPLETED'] as const) {
      const d = instalmentsReleasedBy(
        { ...fresh, projectState, consortiumAgreementAccepted: true },
        { kind: 'FINAL_REPORT_ACCEPTED' },
        schedule,
      );
      expect(d).toMatchObject({
        outcome: 'REFUSED',
        code: 'PROJECT_NOT_ACTIVE',
        message: expect.stringContaining(projectState),
      });
      expect(releasableInstalments(d.facts, schedule)).toEqual([]);
    }
  });

  it('payment is confirmed only for a released instalment (409 naming the state otherwise)', () => {
    expect(() => confirmInstalmentPayment(schedule[0])).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_INSTALMENT_TRANSITION',
        kind: 'conflict',
        message: expect.stringContaining('SCHEDULED'),
      }),
    );
    const paid = confirmInstalmentPayment({ ...schedule[0], state: 'RELEASED' });
    expect(paid.instalment.state).toBe('PAID');
    expect(paid.entry).toEqual({ regionCode: 'ITC4', currency: 'EUR', kind: 'PAID', amount: 30_000 });
    expect(() => confirmInstalmentPayment(paid.instalment)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('PAID') }),
    );
  });

  it('the ledger checker reports every breach', () => {
    const e = (kind: LedgerEntry['kind'], amount: number, regionCode = 'ITC4', currency = 'EUR'): LedgerEntry => ({
      regionCode,
      currency,
      kind,
      amount,
    });
    expect(checkLedgerInvariants([e('ALLOCATED', 100), e('RELEASED', 100), e('PAID', 60)])).toEqual([]);
    expect(checkLedgerInvariants([e('ALLOCATED', 100), e('RELEASED', 101), e('PAID', 102)]).map((v) => v.code)).toEqual(
      ['RELEASED_EXCEEDS_ALLOCATED', 'PAID_EXCEEDS_RELEASED'],
    );
    expect(checkLedgerInvariants([e('ALLOCATED', 1.5), e('PAID', -1)]).map((v) => v.field)).toEqual([
      'entries[0].amount',
      'entries[1].amount',
    ]);
    expect(checkLedgerInvariants([e('ALLOCATED', 1), e('ALLOCATED', 1, 'ITC4', 'CHF')]).map((v) => v.code)).toEqual([
      'MIXED_CURRENCIES',
    ]);
  });

  it(`property: over any event sequence, nothing before the gate, nothing twice, \
released ≤ allocated and paid ≤ released per region`, () => {
    const eventArb: fc.Arbitrary<
      ReleaseEvent | { kind: 'PAY'; pick: number } | { kind: 'STATE'; state: ReleaseFacts['projectState'] }
    > = fc.oneof(
      fc.constant({ kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' as const }),
      fc
        .integer({ min: 0, max: 3 })
        .map((milestoneIndex) => ({ kind: 'MILESTONE_REPORT_ACCEPTED' as const, milestoneIndex })),
      fc.constant({ kind: 'FINAL_REPORT_ACCEPTED' as const }),
      fc.nat(20).map((pick) => ({ kind: 'PAY' as const, pick })),
      fc
        .constantFrom('ACTIVE', 'SUSPENDED', 'TERMINATED')
        .map((state) => ({ kind: 'STATE' as const, state: state as ReleaseFacts['projectState'] })),
    );
    const grantArb = fc.record({
      region: fc.constantFrom('ITC4', 'AT31'),
      grant: fc.nat(10_000_000),
      milestone: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(
        fc.array(grantArb, { minLength: 1, maxLength: 5 }),
        fc.array(eventArb, { maxLength: 25 }),
        (grants, events) => {
          let instalments: MonitoredInstalment[] = grants.flatMap((g, i) => {
            const adv = Math.floor((g.grant * 3) / 10);
            const mid = Math.floor((g.grant * 4) / 10);
            return [
              inst(`g${i}-a`, { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, adv, g.region),
              inst(
                `g${i}-m`,
                { kind: 'MILESTONE', milestoneIndex: g.milestone, title: 'm', dueMonth: 6 },
                mid,
                g.region,
              ),
              inst(`g${i}-f`, { kind: 'FINAL_REPORT' }, g.grant - adv - mid, g.region),
            ];
          });
          const ledger: LedgerEntry[] = grants.map((g) => ({
            regionCode: g.region,
            currency: 'EUR',
            kind: 'ALLOCATED',
            amount: g.grant,
          }));
          const released = new Set<string>();
          let facts = fresh;
          for (const ev of events) {
            if (ev.kind === 'STATE') {
              if (facts.projectState !== 'TERMINATED') facts = { ...facts, projectState: ev.state };
              continue;
            }
            if (ev.kind === 'PAY') {
              const x = instalments.filter((i) => i.state === 'RELEASED')[ev.pick];
              if (x) {
                const paid = confirmInstalmentPayment(x);
                instalments = instalments.map((i) => (i.id === x.id ? paid.instalment : i));
                ledger.push(paid.entry);
              }
              continue;
            }
            const wasTerminated = facts.projectState === 'TERMINATED';
            const d = instalmentsReleasedBy(facts, ev, instalments);
            facts = d.facts;
            if (d.outcome === 'RELEASE') {
              expect(facts.consortiumAgreementAccepted).toBe(true);
              expect(wasTerminated).toBe(false);
              for (const id of d.instalmentIds) {
                expect(released.has(id)).toBe(false);
                released.add(id);
              }
              const r = applyRelease(instalments, d.instalmentIds);
              instalments = r.instalments;
              ledger.push(...r.entries);
            }
          }
          expect(checkLedgerInvariants(ledger)).toEqual([]);
        },
      ),
    );
  });
});
