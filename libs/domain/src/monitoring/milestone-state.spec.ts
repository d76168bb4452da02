import fc from 'fast-check';
import { applyMilestoneEvent, canApplyMilestoneEvent, MILESTONE_STATES, milestoneStatusAt } from './milestone-state';
import type { MilestoneEvent, MilestoneRecord } from './milestone-state';

const planned: MilestoneRecord = {
  index: 1,
  state: 'PLANNED',
  dueAt: '2027-10-01T00:00:00+02:00',
  overdueAt: '2027-10-08T00:00:00+02:00',
};

describe('milestone lifecycle (§4 Milestone, M3, M4)', () => {
  it(`walks PLANNED → DUE_SOON → REPORTED → CHANGES_REQUESTED → REPORTED → ACCEPTED, \
judging punctuality on the first report`, () => {
    let m = applyMilestoneEvent(planned, { kind: 'REMINDER_SENT', at: '2027-09-17T00:00:00+02:00' });
    expect(m.state).toBe('DUE_SOON');
    m = applyMilestoneEvent(m, { kind: 'REMINDER_SENT', at: '2027-09-28T00:00:00+02:00' });
    m = applyMilestoneEvent(m, { kind: 'REPORT_SUBMITTED', at: '2027-09-30T23:59:59+02:00', reportId: 'r1' });
    m = applyMilestoneEvent(m, {
      kind: 'CHANGES_REQUESTED',
      at: '2027-10-03T10:00:00+02:00',
      comment: 'Add the pilot data.',
    });
    expect(m).toMatchObject({ state: 'CHANGES_REQUESTED', changesComment: 'Add the pilot data.' });
    m = applyMilestoneEvent(m, { kind: 'REPORT_SUBMITTED', at: '2027-10-10T10:00:00+02:00', reportId: 'r2' });
    m = applyMilestoneEvent(m, { kind: 'REPORT_ACCEPTED', at: '2027-10-11T10:00:00+02:00' });
    expect(m).toMatchObject({
      state: 'ACCEPTED',
      firstReportedAt: '2027-09-30T23:59:59+02:00',
      lastReportId: 'r2',
      acceptedAt: '2027-10-11T10:00:00+02:00',
    });
    expect(milestoneStatusAt(m, '2028-01-01T00:00:00Z')).toBe('ON_TIME');
  });

  it('becomes OVERDUE when never reported by due + grace, and can still be reported', () => {
    const m = applyMilestoneEvent(planned, { kind: 'GRACE_EXPIRED', at: '2027-10-08T00:00:00+02:00' });
    expect(m.state).toBe('OVERDUE');
    const r = applyMilestoneEvent(m, { kind: 'REPORT_SUBMITTED', at: '2027-10-09T00:00:00+02:00', reportId: 'r' });
    expect(r.state).toBe('REPORTED');
    expect(milestoneStatusAt(r, '2027-10-09T00:00:00+02:00')).toBe('LATE');
  });

  it('refuses illegal transitions with 409, naming the current state', () => {
    const accepted: MilestoneRecord = { ...planned, state: 'ACCEPTED' };
    expect(() =>
      applyMilestoneEvent(accepted, { kind: 'REPORT_SUBMITTED', at: '2027-10-01T00:00:00Z', reportId: 'x' }),
    ).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_MILESTONE_TRANSITION',
        kind: 'conflict',
        message: expect.stringContaining('is ACCEPTED'),
      }),
    );
    expect(() => applyMilestoneEvent(planned, { kind: 'REPORT_ACCEPTED', at: '2027-10-01T00:00:00Z' })).toThrow(
      expect.objectContaining({ kind: 'conflict', message: expect.stringContaining('is PLANNED') }),
    );
    const reported: MilestoneRecord = { ...planned, state: 'REPORTED' };
    expect(() => applyMilestoneEvent(reported, { kind: 'GRACE_EXPIRED', at: '2027-10-08T00:00:00Z' })).toThrow(
      expect.objectContaining({ kind: 'conflict' }),
    );
    expect(() =>
      applyMilestoneEvent(reported, { kind: 'CHANGES_REQUESTED', at: '2027-10-08T00:00:00Z', comment: ' ' }),
    ).toThrow(expect.objectContaining({ code: 'COMMENT_REQUIRED', kind: 'rule' }));
    expect(() => applyMilestoneEvent(planned, { kind: 'REMINDER_SENT', at: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INSTANT' }),
    );
  });

  it('an amendment reschedules an unreported milestone back to PLANNED with its new dates', () => {
    const overdue: MilestoneRecord = { ...planned, state: 'OVERDUE' };
    const m = applyMilestoneEvent(overdue, {
      kind: 'RESCHEDULED',
      at: '2027-10-09T00:00:00Z',
      dueAt: '2028-01-01T00:00:00+01:00',
      overdueAt: '2028-01-08T00:00:00+01:00',
    });
    expect(m).toMatchObject({ state: 'PLANNED', dueAt: '2028-01-01T00:00:00+01:00' });
    expect(() =>
      applyMilestoneEvent(
        { ...planned, state: 'REPORTED' },
        {
          kind: 'RESCHEDULED',
          at: '2027-10-09T00:00:00Z',
          dueAt: '2028-01-01T00:00:00+01:00',
          overdueAt: '2028-01-08T00:00:00+01:00',
        },
      ),
    ).toThrow(expect.objectContaining({ kind: 'conflict' }));
  });

  it('status at now: not due, in grace, overdue; on time vs late judged against the exclusive due instant', () => {
    expect(milestoneStatusAt(planned, '2027-09-30T21:59:59Z')).toBe('NOT_DUE');
    expect(milestoneStatusAt(planned, '2027-09-30T22:00:00Z')).toBe('IN_GRACE');
    expect(milestoneStatusAt(planned, '2027-10-07T21:59:59Z')).toBe('IN_GRACE');
    expect(milestoneStatusAt(planned, '2027-10-07T22:00:00Z')).toBe('OVERDUE');
    expect(
      milestoneStatusAt({ ...planned, firstReportedAt: '2027-09-30T23:59:59+02:00' }, '2030-01-01T00:00:00Z'),
    ).toBe('ON_TIME');
    expect(
      milestoneStatusAt({ ...planned, firstReportedAt: '2027-10-01T00:00:00+02:00' }, '2030-01-01T00:00:00Z'),
    ).toBe('LATE');
  });

  it(`property: any event sequence either applies legally or is refused with the current \
state named; ACCEPTED is final`, () => {
    const event: fc.Arbitrary<MilestoneEvent> = fc.oneof(
      fc.constant<MilestoneEvent>({ kind: 'REMINDER_SENT', at: '2027-09-17T00:00:00Z' }),
      fc.constant<MilestoneEvent>({ kind: 'GRACE_EXPIRED', at: '2027-10-08T00:00:00Z' }),
      fc.constant<MilestoneEvent>({ kind: 'REPORT_SUBMITTED', at: '2027-09-20T00:00:00Z', reportId: 'r' }),
      fc.constant<MilestoneEvent>({ kind: 'REPORT_ACCEPTED', at: '2027-09-21T00:00:00Z' }),
      fc.constant<MilestoneEvent>({ kind: 'CHANGES_REQUESTED', at: '2027-09-21T00:00:00Z', comment: 'more' }),
      fc.constant<MilestoneEvent>({
        kind: 'RESCHEDULED',
        at: '2027-09-21T00:00:00Z',
        dueAt: '2027-12-01T00:00:00Z',
        overdueAt: '2027-12-08T00:00:00Z',
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), (events) => {
        let m = planned;
        for (const e of events) {
          if (canApplyMilestoneEvent(m.state, e.kind)) {
            m = applyMilestoneEvent(m, e);
            expect(MILESTONE_STATES).toContain(m.state);
          } else {
            expect(() => applyMilestoneEvent(m, e)).toThrow(
              expect.objectContaining({ kind: 'conflict', message: expect.stringContaining(m.state) }),
            );
          }
        }
        if (m.state === 'ACCEPTED' || m.state === 'REPORTED' || m.state === 'CHANGES_REQUESTED')
          expect(m.firstReportedAt).toBeDefined();
      }),
    );
  });
});
