import fc from 'fast-check';
import { parseIsoInstant } from '../calls/iso-instant';
import { defaultProjectStart } from '../funding/project-start';
import {
  endOfProjectMonth,
  milestoneDueAt,
  milestoneSchedule,
  parseLocalDate,
  projectEndsAt,
} from './milestone-schedule';

const ms = (iso: string): number => parseIsoInstant(iso) as number;

describe('milestone schedule (M2, M3)', () => {
  it('worked example: a 24-month project starting 2027-09-01 in Brussels', () => {
    const s = milestoneSchedule('2027-09-01', 'Europe/Brussels', [
      { dueMonth: 1 },
      { dueMonth: 2 },
      { dueMonth: 7 },
      { dueMonth: 12 },
    ]);
    expect(s[0]).toEqual({
      index: 0,
      dueMonth: 1,
      dueAt: '2027-10-01T00:00:00+02:00',
      reminders: [
        { daysBefore: 14, at: '2027-09-17T00:00:00+02:00' },
        { daysBefore: 3, at: '2027-09-28T00:00:00+02:00' },
      ],
      overdueAt: '2027-10-08T00:00:00+02:00',
    });
    // Summer time ends on 31 October 2027: the due date is in winter time, the reminders in summer time.
    expect(s[1]).toMatchObject({
      dueAt: '2027-11-01T00:00:00+01:00',
      reminders: [
        { daysBefore: 14, at: '2027-10-18T00:00:00+02:00' },
        { daysBefore: 3, at: '2027-10-29T00:00:00+02:00' },
      ],
      overdueAt: '2027-11-08T00:00:00+01:00',
    });
    // 3 local days across the change are 73 hours.
    expect(ms(s[1].dueAt) - ms(s[1].reminders[1].at)).toBe(73 * 3_600_000);
    // Summer time starts on 26 March 2028: the reminder 14 days before 1 April is in winter time.
    expect(s[2]).toMatchObject({
      dueAt: '2028-04-01T00:00:00+02:00',
      reminders: [
        { daysBefore: 14, at: '2028-03-18T00:00:00+01:00' },
        { daysBefore: 3, at: '2028-03-29T00:00:00+02:00' },
      ],
    });
    expect(s[3].dueAt).toBe('2028-09-01T00:00:00+02:00');
    expect(projectEndsAt('2027-09-01', 24, 'Europe/Brussels')).toBe('2029-09-01T00:00:00+02:00');
  });

  it('uses the start defaultProjectStart gives', () => {
    const { startDate, startsAt } = defaultProjectStart('2027-07-14T10:00:00Z', 'Europe/Brussels');
    expect(startsAt).toBe('2027-09-01T00:00:00+02:00');
    expect(milestoneDueAt(startDate, 24, 'Europe/Brussels')).toBe('2029-09-01T00:00:00+02:00');
  });

  it('month ends: a month that lacks the start day runs to its end', () => {
    const d = (start: string, n: number) => {
      const e = endOfProjectMonth(parseLocalDate(start)!, n);
      return `${e.year}-${String(e.month).padStart(2, '0')}-${String(e.day).padStart(2, '0')}`;
    };
    expect(d('2028-01-31', 1)).toBe('2028-03-01'); // Feb 2028 has 29 days: month 1 = 31 Jan – 29 Feb
    expect(d('2028-01-30', 1)).toBe('2028-03-01');
    expect(d('2028-01-29', 1)).toBe('2028-02-29');
    expect(d('2027-01-31', 1)).toBe('2027-03-01');
    expect(d('2027-01-31', 2)).toBe('2027-03-31');
    expect(d('2027-08-31', 1)).toBe('2027-10-01');
    expect(d('2027-10-31', 1)).toBe('2027-12-01');
    expect(d('2027-12-31', 2)).toBe('2028-03-01');
    expect(d('2027-12-15', 1)).toBe('2028-01-15');
    expect(d('2027-09-01', 24)).toBe('2029-09-01');
    expect(milestoneDueAt('2028-01-31', 1, 'Europe/Brussels')).toBe('2028-03-01T00:00:00+01:00');
  });

  it('where a clock change skips midnight, the due instant is the first instant of the day', () => {
    // Chile moved its clocks from 00:00 to 01:00 on 11 September 2022.
    expect(milestoneDueAt('2022-08-11', 1, 'America/Santiago')).toBe('2022-09-11T01:00:00-03:00');
  });

  it('reminder offsets are configurable (deduplicated, earliest first) and grace may be 0', () => {
    const [m] = milestoneSchedule('2027-09-01', 'UTC', [{ dueMonth: 1 }], {
      reminderDaysBefore: [1, 30, 1],
      graceDays: 0,
    });
    expect(m.reminders).toEqual([
      { daysBefore: 30, at: '2027-09-01T00:00:00+00:00' },
      { daysBefore: 1, at: '2027-09-30T00:00:00+00:00' },
    ]);
    expect(m.overdueAt).toBe(m.dueAt);
    expect(milestoneSchedule('2027-09-01', 'UTC', [{ dueMonth: 1 }], { reminderDaysBefore: [] })[0].reminders).toEqual(
      [],
    );
  });

  it('refuses bad input, listing every problem', () => {
    expect(() =>
      milestoneSchedule('2027-02-30', 'Europe/Brussels', [{ dueMonth: 0 }, { dueMonth: 1.5 }], {
        reminderDaysBefore: [0],
        graceDays: -1,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INVALID_MILESTONE_SCHEDULE',
        violations: [
          expect.objectContaining({ field: 'startDate' }),
          expect.objectContaining({ field: 'milestones[0].dueMonth' }),
          expect.objectContaining({ field: 'milestones[1].dueMonth' }),
          expect.objectContaining({ field: 'reminderDaysBefore[0]' }),
          expect.objectContaining({ field: 'graceDays' }),
        ],
      }),
    );
    expect(() => milestoneDueAt('2027-09-01', 0, 'UTC')).toThrow(
      expect.objectContaining({ code: 'INVALID_DUE_MONTH' }),
    );
    expect(() => milestoneDueAt('2027-09-01', 1, 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
  });

  it(`property: reminders strictly before the due instant and strictly ordered; overdue ≥ due; \
later months due later; due at local midnight`, () => {
    const zones = fc.constantFrom(
      'Europe/Brussels',
      'Europe/Zurich',
      'America/New_York',
      'America/Santiago',
      'Asia/Kolkata',
      'Pacific/Auckland',
      'UTC',
    );
    const date = fc
      .record({
        y: fc.integer({ min: 2020, max: 2040 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 31 }),
      })
      .map(({ y, m, d }) => {
        const max = new Date(Date.UTC(y, m, 0)).getUTCDate();
        return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, max)).padStart(2, '0')}`;
      });
    fc.assert(
      fc.property(
        date,
        zones,
        fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }),
        fc.nat(30),
        (start, zone, months, reminderDaysBefore, graceDays) => {
          const s = milestoneSchedule(
            start,
            zone,
            months.map((dueMonth) => ({ dueMonth })),
            { reminderDaysBefore, graceDays },
          );
          for (const m of s) {
            const due = ms(m.dueAt);
            const times = m.reminders.map((r) => ms(r.at));
            times.forEach((t, i) => {
              expect(t).toBeLessThan(due);
              if (i > 0) expect(t).toBeGreaterThan(times[i - 1]);
            });
            expect(m.reminders.length).toBe(new Set(reminderDaysBefore).size);
            expect(ms(m.overdueAt)).toBeGreaterThanOrEqual(due);
            if (graceDays > 0) expect(ms(m.overdueAt)).toBeGreaterThan(due);
            expect(m.dueAt.slice(11, 16) === '00:00' || zone === 'America/Santiago').toBe(true);
          }
          const byMonth = [...s].sort((a, b) => a.dueMonth - b.dueMonth);
          byMonth.forEach((m, i) => {
            if (i > 0 && m.dueMonth > byMonth[i - 1].dueMonth)
              expect(ms(m.dueAt)).toBeGreaterThan(ms(byMonth[i - 1].dueAt));
          });
        },
      ),
    );
  });
});
