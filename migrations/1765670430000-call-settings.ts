import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-call settings (SPEC V5, M3, M6, F4): offer validity, review reminders, milestone grace, report interval,
 * instalment split and project start live in the call's configuration document under `settings`, validated
 * with the rest of it. Calls configured before get SPEC's defaults written in, so that every stored
 * configuration says what it uses (the repository also reads a missing `settings` as the defaults).
 *
 * A project keeps the grace period and report interval its call had when it was decided (as it keeps its
 * start date), so that its dates never move under it: `report_every_months` existed with its default 6;
 * `grace_days` is new with the default 7 for projects decided before.
 */
const DEFAULTS = {
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

export class CallSettings1765670430000 implements MigrationInterface {
  name = 'CallSettings1765670430000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE joint_call SET configuration = jsonb_set(configuration, '{settings}', $1::jsonb)
        WHERE NOT configuration ? 'settings'`,
      [JSON.stringify(DEFAULTS)],
    );
    await q.query(`
      ALTER TABLE project
        ADD COLUMN grace_days smallint NOT NULL DEFAULT 7
          CONSTRAINT project_grace_days_check CHECK (grace_days BETWEEN 0 AND 60)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE project DROP COLUMN grace_days');
    // The defaults written in read the same as none; settings a call chose are dropped with the feature.
    await q.query(`UPDATE joint_call SET configuration = configuration - 'settings'`);
  }
}
