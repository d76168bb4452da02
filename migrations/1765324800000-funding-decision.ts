import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The funding decision over the virtual common pot (SPEC F1–F5): decisions and their entries, each
 * agency's approval, the budget ledger, grants and instalments. No region is ever overdrawn (F2): every
 * ledger write moves the commitment's running totals under its row lock, and a CHECK on the commitment
 * refuses totals above the commitment plus the flexibility it declared where the call allows it — also
 * for an A1 cut of the amount below what is proposed and allocated.
 */
export class FundingDecision1765324800000 implements MigrationInterface {
  name = 'FundingDecision1765324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE fund_commitment
        ADD COLUMN flexibility_usable boolean NOT NULL DEFAULT false,
        ADD COLUMN proposed_total bigint NOT NULL DEFAULT 0 CHECK (proposed_total >= 0),
        ADD COLUMN allocated_total bigint NOT NULL DEFAULT 0 CHECK (allocated_total >= 0)`);
    await q.query(
      `UPDATE fund_commitment fc SET flexibility_usable = COALESCE((j.configuration->>'flexibilityAllowed')::boolean,
          false) FROM joint_call j WHERE j.id = fc.call_id`,
    );
    // Whether the flexibility counts is the call's (fixed once the call leaves DRAFT, before any commitment exists).
    await q.query(`
      CREATE FUNCTION fund_commitment_flexibility_usable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.flexibility_usable := COALESCE((SELECT (configuration->>'flexibilityAllowed')::boolean FROM joint_call
          WHERE id = NEW.call_id), false);
        RETURN NEW;
      END $$`);
    await q.query(
      'CREATE TRIGGER fund_commitment_flexibility_usable BEFORE INSERT ON fund_commitment FOR EACH ROW ' +
        'EXECUTE FUNCTION fund_commitment_flexibility_usable()',
    );
    await q.query(`
      ALTER TABLE fund_commitment ADD CONSTRAINT fund_commitment_never_overdrawn
        CHECK (proposed_total + allocated_total <= amount + CASE WHEN flexibility_usable THEN flexibility ELSE 0 END)`);

    await q.query(`
      CREATE TABLE funding_decision (
        id            uuid PRIMARY KEY,
        call_id       uuid NOT NULL REFERENCES joint_call (id),
        revision      integer NOT NULL CHECK (revision >= 1),
        kind          text NOT NULL DEFAULT 'DECISION' CHECK (kind IN ('DECISION','PROMOTION')),
        status        text NOT NULL CHECK (status IN ('PROPOSED','RETURNED','APPROVED','SUPERSEDED')),
        policy        text NOT NULL CHECK (policy IN ('CONTINUE_PAST_GAPS','BINDING_RANKING')),
        summary       jsonb NOT NULL,
        created_by    uuid NOT NULL REFERENCES app_user (id),
        created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
        decided_at    timestamptz,
        UNIQUE (call_id, revision)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX funding_decision_one_open ON funding_decision (call_id) ' +
        "WHERE status IN ('PROPOSED','RETURNED')",
    );
    await q.query(`
      CREATE TABLE funding_decision_entry (
        decision_id    uuid NOT NULL REFERENCES funding_decision (id),
        proposal_id    uuid NOT NULL REFERENCES proposal (id),
        rank           integer NOT NULL CHECK (rank >= 1),
        outcome        text NOT NULL CHECK (outcome IN ('SELECTED','RESERVE','NOT_FUNDED')),
        reasons        jsonb NOT NULL DEFAULT '[]'::jsonb,
        amounts        jsonb NOT NULL,
        requested_eur  bigint NOT NULL CHECK (requested_eur >= 0),
        PRIMARY KEY (decision_id, proposal_id)
      )`);
    await q.query(`
      CREATE TABLE funding_approval (
        decision_id  uuid NOT NULL REFERENCES funding_decision (id),
        agency_id    uuid NOT NULL REFERENCES funding_agency (id),
        region_code  text NOT NULL REFERENCES region (code),
        answer       text NOT NULL CHECK (answer IN ('APPROVED','OBJECTED')),
        conditions   text,
        reason       text,
        answered_by  uuid NOT NULL REFERENCES app_user (id),
        answered_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (decision_id, agency_id),
        CHECK (answer <> 'OBJECTED' OR reason IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE budget_ledger_entry (
        id              bigserial PRIMARY KEY,
        call_id         uuid NOT NULL REFERENCES joint_call (id),
        commitment_id   uuid NOT NULL REFERENCES fund_commitment (id),
        region_code     text NOT NULL REFERENCES region (code),
        decision_id     uuid REFERENCES funding_decision (id),
        proposal_id     uuid NOT NULL REFERENCES proposal (id),
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        kind            text NOT NULL CHECK (kind IN ('PROPOSED','ALLOCATED','RELEASED','PAID')),
        amount          bigint NOT NULL CHECK (amount > 0),
        currency        char(3) NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
        superseded_at   timestamptz
      )`);
    await q.query(
      'CREATE INDEX budget_ledger_commitment ON budget_ledger_entry (commitment_id, kind) WHERE superseded_at IS NULL',
    );
    await q.query('CREATE INDEX budget_ledger_decision ON budget_ledger_entry (decision_id)');
    await q.query(`
      CREATE TABLE funding_grant (
        id               uuid PRIMARY KEY,
        call_id          uuid NOT NULL REFERENCES joint_call (id),
        decision_id      uuid NOT NULL REFERENCES funding_decision (id),
        proposal_id      uuid NOT NULL REFERENCES proposal (id),
        organisation_id  uuid NOT NULL REFERENCES organisation (id),
        agency_id        uuid NOT NULL REFERENCES funding_agency (id),
        region_code      text NOT NULL REFERENCES region (code),
        amount           bigint NOT NULL CHECK (amount > 0),
        currency         char(3) NOT NULL,
        conditions       text,
        project_start    date NOT NULL,
        status           text NOT NULL DEFAULT 'AWARDED' CHECK (status IN ('AWARDED','FAILED')),
        failure_reason   text,
        failed_at        timestamptz,
        created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (proposal_id, organisation_id)
      )`);
    await q.query(`
      CREATE TABLE instalment (
        id          uuid PRIMARY KEY,
        grant_id    uuid NOT NULL REFERENCES funding_grant (id),
        seq         smallint NOT NULL CHECK (seq >= 1),
        trigger     text NOT NULL CHECK (trigger IN ('CONSORTIUM_AGREEMENT_ACCEPTED','MILESTONE','FINAL_REPORT')),
        milestone_index smallint,
        milestone_title text,
        milestone_due_month smallint,
        share_bps   integer NOT NULL CHECK (share_bps BETWEEN 1 AND 10000),
        amount      bigint NOT NULL CHECK (amount >= 0),
        status      text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED','RELEASED','PAID')),
        released_at timestamptz,
        paid_at     timestamptz,
        UNIQUE (grant_id, seq),
        CHECK ((trigger = 'MILESTONE') = (milestone_index IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'instalment',
      'funding_grant',
      'budget_ledger_entry',
      'funding_approval',
      'funding_decision_entry',
      'funding_decision',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query('ALTER TABLE fund_commitment DROP CONSTRAINT fund_commitment_never_overdrawn');
    await q.query('DROP TRIGGER fund_commitment_flexibility_usable ON fund_commitment');
    await q.query('DROP FUNCTION fund_commitment_flexibility_usable()');
    await q.query(
      'ALTER TABLE fund_commitment DROP COLUMN allocated_total, DROP COLUMN proposed_total, ' +
        'DROP COLUMN flexibility_usable',
    );
  }
}
