import request from 'supertest';
import { callBody, createUser, openCallFixture } from '../utils/call-fixtures';
import { decidedCallOverHttp } from '../utils/decided-call';
import { tokenFor } from '../utils/proposal-fixtures';
import { queryRows } from '../utils/reset-database';
import { testEnvironment } from '../utils/test-environment';
import { useWorkerAndApi } from '../utils/worker-and-api';

const DAY = 86_400_000;

const SPEC_DEFAULTS = {
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
};

/**
 * Per-call settings over HTTP (SPEC V5, M3, M6, F4): configured with the call, validated with the rest of its
 * configuration, shown by `GET /calls/{id}` (SPEC's defaults for what a call leaves out, also for calls configured
 * before), and used when the call is decided: the grants' instalment split, the projects' start, grace and reports.
 */
describe('per-call settings over HTTP', () => {
  const env = useWorkerAndApi();
  const url = () => testEnvironment().databaseUrl;
  const http = () => request(env().app.getHttpServer());

  it('configures, shows and edits a call’s settings; defaults fill what it leaves out', async () => {
    const pm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const settings = {
      offerValidityDays: 3,
      reviewReminderDaysBefore: [10, 4, 1],
      milestoneGraceDays: 2,
      reportIntervalMonths: 12,
      instalmentPlan: [
        { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 2000 },
        { trigger: 'MID_TERM_MILESTONE', shareBps: 5000 },
        { trigger: 'FINAL_REPORT', shareBps: 3000 },
      ],
      projectStart: { rule: 'DECISION_DATE' },
    };
    const created = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(callBody(Date.now(), { alignment: 10, opens: 20 }, { settings }));
    expect(created.status).toBe(201);
    expect(created.body.settings).toEqual(settings);
    const shown = await http().get(`/api/v1/calls/${created.body.id}`).auth(pm, { type: 'bearer' }).expect(200);
    expect(shown.body.settings).toEqual(settings);

    // A PATCH of one setting keeps the others.
    const patched = await http()
      .patch(`/api/v1/calls/${created.body.id}`)
      .auth(pm, { type: 'bearer' })
      .send({ settings: { milestoneGraceDays: 0 } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({ ...settings, milestoneGraceDays: 0 });

    // A call that sets nothing, or only some, gets SPEC's values for the rest.
    const plain = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(callBody(Date.now(), { alignment: 10, opens: 20 }, { settings: { offerValidityDays: 9 } }));
    expect(plain.status).toBe(201);
    expect(plain.body.settings).toEqual({ ...SPEC_DEFAULTS, offerValidityDays: 9 });
  });

  it('shows SPEC’s defaults for a call configured before calls had settings', async () => {
    const pmId = (await createUser(url(), 'PROGRAMME_MANAGER')).id;
    const { callId } = await openCallFixture(url(), {
      createdBy: pmId,
      regions: ['ITH2', 'AT31'],
      submissionDeadline: new Date(Date.now() + 10 * DAY),
    });
    await queryRows(url(), "UPDATE joint_call SET configuration = configuration - 'settings' WHERE id = $1", [callId]);
    const shown = await http().get(`/api/v1/calls/${callId}`).auth(tokenFor(pmId), { type: 'bearer' }).expect(200);
    expect(shown.body.settings).toEqual(SPEC_DEFAULTS);
  });

  it('refuses bad settings with one 422 naming every offending field, with the rest of the configuration', async () => {
    const pm = tokenFor((await createUser(url(), 'PROGRAMME_MANAGER')).id);
    const bad = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send(
        callBody(
          Date.now(),
          { alignment: 10, opens: 20 },
          {
            timeZone: 'Mars/Olympus',
            settings: {
              offerValidityDays: 31,
              reviewReminderDaysBefore: [2, 7, 0],
              milestoneGraceDays: 61,
              reportIntervalMonths: 0,
              instalmentPlan: [
                { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 0 },
                { trigger: 'WHENEVER', shareBps: 5000 },
              ],
              projectStart: { rule: 'SOMEDAY' },
            },
          },
        ),
      );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CALL_CONFIGURATION_INVALID');
    expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`).sort()).toEqual(
      [
        'timeZone INVALID_TIME_ZONE',
        'settings.offerValidityDays INVALID_OFFER_VALIDITY',
        'settings.reviewReminderDaysBefore[2] INVALID_REMINDER_OFFSET',
        'settings.reviewReminderDaysBefore REMINDERS_NOT_DESCENDING',
        'settings.milestoneGraceDays INVALID_GRACE_PERIOD',
        'settings.reportIntervalMonths INVALID_REPORT_INTERVAL',
        'settings.instalmentPlan[0].shareBps INVALID_BASIS_POINTS',
        'settings.instalmentPlan[1].trigger INVALID_INSTALMENT_TRIGGER',
        'settings.projectStart.rule INVALID_PROJECT_START_RULE',
      ].sort(),
    );
    // Nothing was written.
    expect(
      await queryRows(url(), "SELECT 1 FROM joint_call WHERE configuration->>'timeZone' = 'Mars/Olympus'"),
    ).toEqual([]);

    // A FIXED_DATE start before the decision deadline, and a split that is not 10 000 basis points.
    const body = callBody(Date.now(), { alignment: 10, opens: 20 });
    const decisionDay = body.timeline.decisionDeadline.slice(0, 10);
    const before = new Date(Date.parse(decisionDay) - 2 * DAY).toISOString().slice(0, 10);
    const second = await http()
      .post('/api/v1/calls')
      .auth(pm, { type: 'bearer' })
      .send({
        ...body,
        settings: {
          instalmentPlan: [{ trigger: 'FINAL_REPORT', shareBps: 9000 }],
          projectStart: { rule: 'FIXED_DATE', fixedDate: before },
        },
      });
    expect(second.status).toBe(422);
    expect(second.body.errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      'settings.instalmentPlan SHARES_NOT_10000_BPS',
      'settings.projectStart.fixedDate PROJECT_START_BEFORE_DECISION',
    ]);
  });

  it('decides a call by its settings: instalments split as set, projects started by its rule, milestones overdue \
after its grace, reports at its interval', async () => {
    const settings = {
      milestoneGraceDays: 2,
      reportIntervalMonths: 12,
      instalmentPlan: [
        { trigger: 'CONSORTIUM_AGREEMENT_ACCEPTED', shareBps: 2000 },
        { trigger: 'MID_TERM_MILESTONE', shareBps: 5000 },
        { trigger: 'FINAL_REPORT', shareBps: 3000 },
      ],
      projectStart: { rule: 'DECISION_DATE' },
    };
    const { callId, pmId, proposals } = await decidedCallOverHttp(env(), url(), ['ONE', 'TWO'], async (fixture) => {
      await queryRows(
        url(),
        "UPDATE joint_call SET configuration = jsonb_set(configuration, '{settings}', $2::jsonb) WHERE id = $1",
        [fixture.callId, JSON.stringify({ ...SPEC_DEFAULTS, ...settings })],
      );
    });
    const pm = tokenFor(pmId);
    const listed = await http().get(`/api/v1/calls/${callId}/projects`).auth(pm, { type: 'bearer' }).expect(200);
    type View = {
      id: string;
      startDate: string;
      milestones: Array<{ dueMonth: number; dueAt: string; overdueAt: string }>;
      grants: Array<{ amount: number; instalments: Array<{ seq: number; shareBps: number; amount: number }> }>;
    };
    const [one] = listed.body.items as View[];
    // DECISION_DATE: the project starts on the decision's day in the call's zone (Europe/Brussels).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
    expect(one.startDate).toBe(today);
    // Each 500.00 grant in 20 / 50 / 30 %.
    for (const grant of one.grants) {
      expect(grant.amount).toBe(50_000);
      expect(grant.instalments.map((i) => [i.seq, i.shareBps, i.amount])).toEqual([
        [1, 2000, 10_000],
        [2, 5000, 25_000],
        [3, 3000, 15_000],
      ]);
    }
    // Overdue 2 local days after each due date (none of these dates crosses a clock change by more than an hour).
    for (const m of one.milestones) {
      const graceMs = Date.parse(m.overdueAt) - Date.parse(m.dueAt);
      expect(Math.abs(graceMs - 2 * DAY)).toBeLessThanOrEqual(3_600_000);
    }
    // Reports every 12 months of the 24: period 1 and the final report (period 2); no period 3.
    const [row] = await queryRows<{ report_every_months: number; grace_days: number }>(
      url(),
      'SELECT report_every_months, grace_days FROM project WHERE id = $1',
      [one.id],
    );
    expect(row).toEqual({ report_every_months: 12, grace_days: 2 });
    const coordinator = tokenFor(proposals[0].coordinator.userId);
    const third = await http()
      .post(`/api/v1/projects/${one.id}/periods/3/report`)
      .auth(coordinator, { type: 'bearer' })
      .send({ summary: 'Nothing yet', kpiValues: {}, partnerParts: [] });
    expect(third.status).toBe(404);
    expect(third.body.detail).toContain('the project has 2');
  }, 240_000);
});
