import type { CallSettings } from './call-settings';
import {
  callSettingsOf,
  DEFAULT_CALL_SETTINGS,
  instalmentPlanFor,
  projectStartFor,
  validateCallSettings,
} from './call-settings';
import { offerExpiry } from '../assignment/review-timing';

const DAY = 86_400_000;
const at = { decisionDeadline: '2027-10-01T15:00:00Z', timeZone: 'Europe/Brussels' };
const settings = (changes: Partial<CallSettings> = {}): CallSettings => ({ ...callSettingsOf({}), ...changes });
const fields = (s: unknown) =>
  validateCallSettings(s as CallSettings, at).map((v) => [v.field, v.code] as [string, string]);

describe('per-call settings (SPEC V5, M3, M6, F4 defaults)', () => {
  it('defaults to SPEC’s values: offers 5 days, reminders 7 and 2, grace 7, reports every 6 months, 30/40/30, \
start on the first day of the second month after the decision', () => {
    expect(callSettingsOf({})).toEqual({
      offerValidityDays: 5,
      reviewReminderDaysBefore: [7, 2],
      milestoneGraceDays: 7,
      reportIntervalMonths: 6,
      instalmentPlan: [
        { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 3000 },
        { trigger: 'MID_TERM_MILESTONE', shareBps: 4000 },
        { trigger: 'FINAL_REPORT', shareBps: 3000 },
      ],
      projectStart: { rule: 'FIRST_DAY_OF_SECOND_MONTH_AFTER_DECISION' },
    });
    expect(validateCallSettings(callSettingsOf({}), at)).toEqual([]);
    // Filling defaults never shares the default arrays with the caller.
    callSettingsOf({}).reviewReminderDaysBefore.push(1);
    expect(DEFAULT_CALL_SETTINGS.reviewReminderDaysBefore).toEqual([7, 2]);
  });

  it('keeps what a call sets and fills only what it leaves out', () => {
    expect(callSettingsOf({ settings: { offerValidityDays: 3, milestoneGraceDays: 0 } })).toMatchObject({
      offerValidityDays: 3,
      milestoneGraceDays: 0,
      reportIntervalMonths: 6,
      reviewReminderDaysBefore: [7, 2],
    });
  });

  it('names every offending setting at once', () => {
    expect(
      fields({
        offerValidityDays: 0,
        reviewReminderDaysBefore: [2, 0, 2.5, 7],
        milestoneGraceDays: 61,
        reportIntervalMonths: 25,
        instalmentPlan: [
          { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 0 },
          { trigger: 'SOMETIME', shareBps: 5000 },
          { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 4000 },
        ],
        projectStart: { rule: 'WHENEVER' },
      }),
    ).toEqual([
      ['settings.offerValidityDays', 'INVALID_OFFER_VALIDITY'],
      ['settings.reviewReminderDaysBefore[1]', 'INVALID_REMINDER_OFFSET'],
      ['settings.reviewReminderDaysBefore[2]', 'INVALID_REMINDER_OFFSET'],
      ['settings.reviewReminderDaysBefore', 'REMINDERS_NOT_DESCENDING'],
      ['settings.milestoneGraceDays', 'INVALID_GRACE_PERIOD'],
      ['settings.reportIntervalMonths', 'INVALID_REPORT_INTERVAL'],
      ['settings.instalmentPlan[0].shareBps', 'INVALID_BASIS_POINTS'],
      ['settings.instalmentPlan[1].trigger', 'INVALID_INSTALMENT_TRIGGER'],
      ['settings.instalmentPlan[2].trigger', 'DUPLICATE_INSTALMENT_TRIGGER'],
      ['settings.projectStart.rule', 'INVALID_PROJECT_START_RULE'],
    ]);
  });

  it('bounds each number: offers 1–30 days, grace 0–60 days, reports 1–24 months, whole numbers only', () => {
    for (const ok of [1, 30]) expect(fields(settings({ offerValidityDays: ok }))).toEqual([]);
    for (const bad of [0, 31, 2.5, '5', null])
      expect(fields(settings({ offerValidityDays: bad as number }))).toEqual([
        ['settings.offerValidityDays', 'INVALID_OFFER_VALIDITY'],
      ]);
    for (const ok of [0, 60]) expect(fields(settings({ milestoneGraceDays: ok }))).toEqual([]);
    for (const bad of [-1, 61, 1.5])
      expect(fields(settings({ milestoneGraceDays: bad }))).toEqual([
        ['settings.milestoneGraceDays', 'INVALID_GRACE_PERIOD'],
      ]);
    for (const ok of [1, 24]) expect(fields(settings({ reportIntervalMonths: ok }))).toEqual([]);
    for (const bad of [0, 25, 6.5])
      expect(fields(settings({ reportIntervalMonths: bad }))).toEqual([
        ['settings.reportIntervalMonths', 'INVALID_REPORT_INTERVAL'],
      ]);
  });

  it('takes reminders as distinct positive whole days, longest first, at most 5 (none is allowed)', () => {
    expect(fields(settings({ reviewReminderDaysBefore: [] }))).toEqual([]);
    expect(fields(settings({ reviewReminderDaysBefore: [14, 7, 3, 2, 1] }))).toEqual([]);
    expect(fields(settings({ reviewReminderDaysBefore: [7, 7] }))).toEqual([
      ['settings.reviewReminderDaysBefore', 'REMINDERS_NOT_DESCENDING'],
    ]);
    expect(fields(settings({ reviewReminderDaysBefore: [6, 5, 4, 3, 2, 1] }))).toEqual([
      ['settings.reviewReminderDaysBefore', 'TOO_MANY_REMINDERS'],
    ]);
    expect(fields(settings({ reviewReminderDaysBefore: 7 as unknown as number[] }))).toEqual([
      ['settings.reviewReminderDaysBefore', 'INVALID_REMINDER_OFFSET'],
    ]);
  });

  it('splits grants in basis points summing to 10 000, at least one instalment, each above 0', () => {
    expect(fields(settings({ instalmentPlan: [{ trigger: 'FINAL_REPORT', shareBps: 10_000 }] }))).toEqual([]);
    expect(fields(settings({ instalmentPlan: [] }))).toEqual([['settings.instalmentPlan', 'EMPTY_INSTALMENT_PLAN']]);
    expect(
      fields(
        settings({
          instalmentPlan: [
            { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 5000 },
            { trigger: 'FINAL_REPORT', shareBps: 4000 },
          ],
        }),
      ),
    ).toEqual([['settings.instalmentPlan', 'SHARES_NOT_10000_BPS']]);
  });

  it('starts projects by an enumerated rule; a fixed date is a local date, not before the decision deadline', () => {
    expect(fields(settings({ projectStart: { rule: 'DECISION_DATE' } }))).toEqual([]);
    expect(fields(settings({ projectStart: { rule: 'FIXED_DATE', fixedDate: '2027-11-01' } }))).toEqual([]);
    expect(fields(settings({ projectStart: { rule: 'FIXED_DATE' } }))).toEqual([
      ['settings.projectStart.fixedDate', 'INVALID_START_DATE'],
    ]);
    expect(fields(settings({ projectStart: { rule: 'FIXED_DATE', fixedDate: '2027-02-30' } }))).toEqual([
      ['settings.projectStart.fixedDate', 'INVALID_START_DATE'],
    ]);
    expect(fields(settings({ projectStart: { rule: 'FIXED_DATE', fixedDate: '2027-09-30' } }))).toEqual([
      ['settings.projectStart.fixedDate', 'PROJECT_START_BEFORE_DECISION'],
    ]);
    expect(fields(settings({ projectStart: { rule: 'DECISION_DATE', fixedDate: '2027-11-01' } }))).toEqual([
      ['settings.projectStart.fixedDate', 'FIXED_DATE_NOT_ALLOWED'],
    ]);
  });

  it('dates a project’s start by the rule in the call’s zone', () => {
    const decidedAt = '2027-05-14T23:30:00Z'; // 15 May, 01:30 in Brussels
    const tz = 'Europe/Brussels';
    expect(projectStartFor(settings(), decidedAt, tz).startDate).toBe('2027-07-01');
    expect(projectStartFor(settings({ projectStart: { rule: 'DECISION_DATE' } }), decidedAt, tz)).toEqual({
      startDate: '2027-05-15',
      startsAt: '2027-05-15T00:00:00+02:00',
    });
    const fixed = settings({ projectStart: { rule: 'FIXED_DATE', fixedDate: '2027-09-01' } });
    expect(projectStartFor(fixed, decidedAt, tz).startDate).toBe('2027-09-01');
    // A decision later than the fixed date (the deadline was extended) starts projects on the decision's day.
    expect(projectStartFor(fixed, '2027-09-03T10:00:00Z', tz).startDate).toBe('2027-09-03');
  });

  it('builds the grant plan from the call’s split, in the order of the project’s life', () => {
    const workPlan = [
      { title: 'Prototype', dueMonth: 6, midTerm: false },
      { title: 'Pilot', dueMonth: 12, midTerm: false },
    ];
    expect(
      instalmentPlanFor(
        settings({
          instalmentPlan: [
            { trigger: 'FINAL_REPORT', shareBps: 2000 },
            { trigger: 'MID_TERM_MILESTONE', shareBps: 5000 },
            { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 3000 },
          ],
        }),
        workPlan,
        24,
      ),
    ).toEqual([
      { trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, shareBps: 3000 },
      { trigger: { kind: 'MILESTONE', milestoneIndex: 1, title: 'Pilot', dueMonth: 12 }, shareBps: 5000 },
      { trigger: { kind: 'FINAL_REPORT' }, shareBps: 2000 },
    ]);
    // Without a mid-term instalment an empty work plan is fine.
    expect(
      instalmentPlanFor(
        settings({
          instalmentPlan: [
            { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 6000 },
            { trigger: 'FINAL_REPORT', shareBps: 4000 },
          ],
        }),
        [],
        24,
      ),
    ).toEqual([
      { trigger: { kind: 'CONSORTIUM_AGREEMENT_ACCEPTED' }, shareBps: 6000 },
      { trigger: { kind: 'FINAL_REPORT' }, shareBps: 4000 },
    ]);
  });

  it('expires offers after the call’s validity', () => {
    const offeredAt = new Date('2027-05-01T10:00:00Z');
    expect(offerExpiry(offeredAt).getTime() - offeredAt.getTime()).toBe(5 * DAY);
    expect(offerExpiry(offeredAt, 2).getTime() - offeredAt.getTime()).toBe(2 * DAY);
  });
});
